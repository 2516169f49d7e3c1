"""Redis cache of principals: one hash per tenant, dropped whenever access data changes.

A request then costs one HGET instead of a database round trip to learn who the caller is.
Users are cached under their id; API keys under `key:<key_id>` with the secret's hash and expiry
(checked on every request), found through a platform-level `api_key_tenant:<key_id>` mapping
(the Redis mirror of the api_key_directory table). An API key entry is served for a minute at
most, so the key's last-used time is still refreshed about once a minute.

In front of Redis, each process keeps what it read for LOCAL_TTL_SECONDS (2 s): a busy process
then asks Redis about a caller at most once per window instead of on every request.

What keeps a cached principal honest is the tenant's access epoch (`tenants.access_epoch`), moved
on in the same transaction as every access change. A principal carries the epoch it was loaded
at; one read from Redis is served only if that is still the tenant's epoch, which each process
reads from the database at most once per LOCAL_TTL_SECONDS per tenant. So a deactivated user or a
revoked key is refused by every process within that window, whether or not the change could drop
the Redis entries (Redis down, or another process reading entries that outlived the change). The
process that made the change forgets its own copies at once. Without Redis every call here
degrades to "not cached": callers load the principal from the database.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import msgspec
from redis.asyncio import Redis

from tenants import redis_outage
from tenants.principal import Principal
from tenants.redis_outage import UNREACHABLE

TTL_SECONDS = 300
API_KEY_FRESH_SECONDS = 60
LOCAL_TTL_SECONDS = 2.0
LOCAL_MAX_ENTRIES = 20_000
# How a process learns a tenant's current access epoch (a database read, tenants.auth.access_epoch).
EpochOf = Callable[[uuid.UUID], Awaitable[int]]
_local: dict[tuple[uuid.UUID, str], tuple[float, Principal]] = {}
_epochs: dict[uuid.UUID, tuple[float, int]] = {}  # tenant → (valid until, access epoch)


def _remember(tenant_id: uuid.UUID, field: str, principal: Principal, until: float) -> None:
    if len(_local) >= LOCAL_MAX_ENTRIES:
        _local.clear()  # crude but bounded; the next window refills from Redis
    _local[(tenant_id, field)] = (until, principal)


def _recall(tenant_id: uuid.UUID, field: str) -> Principal | None:
    entry = _local.get((tenant_id, field))
    if entry is None:
        return None
    if entry[0] < time.monotonic():
        _local.pop((tenant_id, field), None)
        return None
    return entry[1]


async def _current(principal: Principal, epoch_of: EpochOf) -> float | None:
    """Until when `principal` may be served from memory, or None if its epoch is past."""
    now = time.monotonic()
    known = _epochs.get(principal.tenant_id)
    if known is None or known[0] < now:
        if len(_epochs) >= LOCAL_MAX_ENTRIES:
            _epochs.clear()
        known = _epochs[principal.tenant_id] = (now + LOCAL_TTL_SECONDS, await epoch_of(principal.tenant_id))
    return known[0] if principal.access_epoch == known[1] else None


_decoder = msgspec.msgpack.Decoder(Principal)
_encoder = msgspec.msgpack.Encoder()


class CachedApiKey(msgspec.Struct, frozen=True):
    principal: Principal
    secret_hash: str
    expires_at: datetime | None
    cached_at: float


_key_decoder = msgspec.msgpack.Decoder(CachedApiKey)


def _key(tenant_id: uuid.UUID) -> str:
    return f"t:{tenant_id}:principals"


async def get(redis: Redis, tenant_id: uuid.UUID, user_id: uuid.UUID, epoch_of: EpochOf) -> Principal | None:
    field = str(user_id)
    if (known := _recall(tenant_id, field)) is not None:
        return known
    try:
        raw = await redis.hget(_key(tenant_id), field)
    except UNREACHABLE as exc:
        redis_outage.failed("reading a cached principal", exc)
        return None
    redis_outage.succeeded()
    if not raw:
        return None
    principal = _decoder.decode(raw if isinstance(raw, bytes) else raw.encode())
    if (until := await _current(principal, epoch_of)) is None:
        return None
    _remember(tenant_id, field, principal, until)
    return principal


async def put(redis: Redis, principal: Principal) -> None:
    key = _key(principal.tenant_id)
    pipe = redis.pipeline()
    pipe.hset(key, str(principal.actor_id), _encoder.encode(principal))
    pipe.expire(key, TTL_SECONDS)
    await _execute(pipe, "caching a principal")


async def _execute(pipe: Any, what: str) -> None:
    try:
        await pipe.execute()
    except UNREACHABLE as exc:
        redis_outage.failed(what, exc)


async def invalidate(redis: Redis, tenant_id: uuid.UUID) -> None:
    """After an access change has committed (and moved the epoch on): forget this process's copies
    at once and drop the Redis entries. If Redis cannot be reached, the epoch alone keeps every
    process from serving the old entries."""
    for cached in [k for k in _local if k[0] == tenant_id]:
        _local.pop(cached, None)
    _epochs.pop(tenant_id, None)
    try:
        await redis.delete(_key(tenant_id))
    except UNREACHABLE as exc:
        redis_outage.failed("dropping cached principals", exc)


def _directory_key(key_id: str) -> str:
    return f"api_key_tenant:{key_id}"


async def get_api_key(redis: Redis, key_id: str, epoch_of: EpochOf) -> CachedApiKey | None:
    """The cached key, if it is known, was cached less than a minute ago and at the current epoch."""
    try:
        tenant = await redis.get(_directory_key(key_id))
        if not tenant:
            return None
        tenant_key = _key(uuid.UUID(tenant.decode() if isinstance(tenant, bytes) else tenant))
        raw = await redis.hget(tenant_key, f"key:{key_id}")
    except UNREACHABLE as exc:
        redis_outage.failed("reading a cached API key", exc)
        return None
    if not raw:
        return None
    entry = _key_decoder.decode(raw if isinstance(raw, bytes) else raw.encode())
    if time.time() - entry.cached_at > API_KEY_FRESH_SECONDS or await _current(entry.principal, epoch_of) is None:
        return None
    return entry


async def put_api_key(
    redis: Redis, key_id: str, principal: Principal, secret_hash: str, expires_at: datetime | None
) -> None:
    key = _key(principal.tenant_id)
    entry = CachedApiKey(principal, secret_hash, expires_at, time.time())
    pipe = redis.pipeline()
    pipe.set(_directory_key(key_id), str(principal.tenant_id), ex=TTL_SECONDS)
    pipe.hset(key, f"key:{key_id}", _encoder.encode(entry))
    pipe.expire(key, TTL_SECONDS)
    await _execute(pipe, "caching an API key")
