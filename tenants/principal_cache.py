"""Redis cache of principals: one hash per tenant, dropped whenever access data changes.

A request then costs one HGET instead of a database round trip to learn who the caller is.
Users are cached under their id; API keys under `key:<key_id>` with the secret's hash and expiry
(checked on every request), found through a platform-level `api_key_tenant:<key_id>` mapping
(the Redis mirror of the api_key_directory table). An API key entry is served for a minute at
most, so the key's last-used time is still refreshed about once a minute.

In front of Redis, each process keeps what it read for LOCAL_TTL_SECONDS (2 s): a busy process
then asks Redis about a caller at most once per window instead of on every request. A change to
access data clears the local copy at once in the process that made it; other processes see it
within the window (their Redis reads are already dropped).

Without Redis every call here degrades to "not cached": callers load the principal from the
database. A drop that fails (Redis unreachable just then) is kept pending in this process and
retried before the cache is read again; until it succeeds, this process does not read the cache
at all, so a deactivated user or revoked key is never served from entries that outlived the
change. (Another process learns of the change within TTL_SECONDS at worst if Redis kept the
entries through its outage: the remaining gap, noted in README.)
"""

from __future__ import annotations

import time
import uuid
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
_local: dict[tuple[uuid.UUID, str], tuple[float, Principal]] = {}
_pending_drops: set[uuid.UUID] = set()  # tenants whose Redis entries could not be dropped yet


def _remember(tenant_id: uuid.UUID, field: str, principal: Principal) -> None:
    if len(_local) >= LOCAL_MAX_ENTRIES:
        _local.clear()  # crude but bounded; the next window refills from Redis
    _local[(tenant_id, field)] = (time.monotonic() + LOCAL_TTL_SECONDS, principal)


def _recall(tenant_id: uuid.UUID, field: str) -> Principal | None:
    entry = _local.get((tenant_id, field))
    if entry is None:
        return None
    if entry[0] < time.monotonic():
        _local.pop((tenant_id, field), None)
        return None
    return entry[1]


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


async def _cache_trusted(redis: Redis) -> bool:
    """Whether Redis may be read: reachable, and every drop this process owes it done."""
    try:
        for tenant_id in list(_pending_drops):
            await redis.delete(_key(tenant_id))
            _pending_drops.discard(tenant_id)
    except UNREACHABLE as exc:
        redis_outage.failed("dropping cached principals", exc)
        return False
    return True


async def get(redis: Redis, tenant_id: uuid.UUID, user_id: uuid.UUID) -> Principal | None:
    field = str(user_id)
    if (known := _recall(tenant_id, field)) is not None:
        return known
    if not await _cache_trusted(redis):
        return None
    try:
        raw = await redis.hget(_key(tenant_id), field)
    except UNREACHABLE as exc:
        redis_outage.failed("reading a cached principal", exc)
        return None
    redis_outage.succeeded()
    if not raw:
        return None
    principal = _decoder.decode(raw if isinstance(raw, bytes) else raw.encode())
    _remember(tenant_id, field, principal)
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
    """Forget every cached principal of the tenant (roles, users, stores or regions changed)."""
    for cached in [k for k in _local if k[0] == tenant_id]:
        _local.pop(cached, None)
    _pending_drops.add(tenant_id)
    await _cache_trusted(redis)  # drops it now, or keeps it pending and the cache unread


def _directory_key(key_id: str) -> str:
    return f"api_key_tenant:{key_id}"


async def get_api_key(redis: Redis, key_id: str) -> CachedApiKey | None:
    """The cached key, if it is known and was cached less than a minute ago."""
    if not await _cache_trusted(redis):
        return None
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
    if time.time() - entry.cached_at > API_KEY_FRESH_SECONDS:
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
