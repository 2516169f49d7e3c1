"""Redis counters for login throttling, lockout and per-key rate limits (keys are tenant-scoped).

Without Redis the same counters run in this process (`_Local`): limits and lockouts still hold,
per process rather than across all of them (with N web processes an address gets up to N times
its budget while Redis is down). They never fail open entirely and never block a login because
a counter could not be reached.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from redis.asyncio import Redis

from tenants import redis_outage
from tenants.errors import RateLimited
from tenants.redis_outage import UNREACHABLE


class _Local:
    """In-process counters with an expiry, standing in for Redis INCR/EXPIRE/GET/TTL/DEL."""

    MAX_KEYS = 50_000

    def __init__(self) -> None:
        self._counts: dict[str, tuple[float, int]] = {}

    def incr(self, key: str, ttl: int) -> int:
        now = time.monotonic()
        expires, count = self._counts.get(key, (now + ttl, 0))
        if expires <= now:
            expires, count = now + ttl, 0
        if len(self._counts) >= self.MAX_KEYS:
            self._counts = {k: v for k, v in self._counts.items() if v[0] > now}
        self._counts[key] = (expires, count + 1)
        return count + 1

    def get(self, key: str) -> tuple[int, int] | None:
        """(count, seconds left) of a live counter."""
        entry = self._counts.get(key)
        if entry is None or entry[0] <= time.monotonic():
            return None
        return entry[1], int(entry[0] - time.monotonic())

    def delete(self, key: str) -> None:
        self._counts.pop(key, None)


_local = _Local()


@dataclass(frozen=True, slots=True)
class LoginLimits:
    max_failures: int = 5
    lockout_seconds: int = 900
    ip_per_minute: int = 30
    reset_ip_per_hour: int = 20  # forgotten-password requests from one address
    reset_account_per_hour: int = 3  # ... and for one tenant + email, whether or not it exists


def _account_key(tenant_id: uuid.UUID, email: str) -> str:
    return f"t:{tenant_id}:login:fail:{email}"


def _ip_key(ip: str) -> str:
    return f"p:login:ip:{ip}:{int(time.time() // 60)}"


async def check_login_allowed(
    redis: Redis, limits: LoginLimits, tenant_id: uuid.UUID | None, email: str, ip: str
) -> None:
    """Raise RateLimited when the IP is over its per-minute budget or the account is locked."""
    ip_key = _ip_key(ip)
    pipe = redis.pipeline()
    pipe.incr(ip_key)
    pipe.expire(ip_key, 60)
    if tenant_id is not None:
        pipe.get(_account_key(tenant_id, email))
        pipe.ttl(_account_key(tenant_id, email))
    try:
        results = await pipe.execute()
        redis_outage.succeeded()
    except UNREACHABLE as exc:
        redis_outage.failed("counting login attempts", exc)
        failures = _local.get(_account_key(tenant_id, email)) if tenant_id is not None else None
        results = [_local.incr(ip_key, 60), None, *(failures or (None, 0))]
    if int(results[0]) > limits.ip_per_minute:
        raise RateLimited("Too many login attempts from this address.", retry_after=60 - int(time.time() % 60))
    if tenant_id is not None and results[2] is not None and int(results[2]) >= limits.max_failures:
        raise RateLimited(
            "This account is temporarily locked after repeated failed logins.",
            retry_after=int(results[3]) if int(results[3]) > 0 else limits.lockout_seconds,
            code="account_locked",
        )


async def check_reset_allowed(redis: Redis, limits: LoginLimits, slug: str, email: str, ip: str) -> None:
    """Raise RateLimited when the address or the (tenant slug, email) pair asked for too many
    password resets this hour. The pair is counted whether or not such an account exists, so
    the limit says nothing about which accounts do."""
    hour = int(time.time() // 3600)
    keys = (f"p:reset:ip:{ip}:{hour}", f"p:reset:account:{slug}:{email}:{hour}")
    pipe = redis.pipeline()
    for key in keys:
        pipe.incr(key)
        pipe.expire(key, 3600)
    try:
        results = await pipe.execute()
        redis_outage.succeeded()
        by_ip, by_account = int(results[0]), int(results[2])
    except UNREACHABLE as exc:
        redis_outage.failed("counting password reset requests", exc)
        by_ip, by_account = _local.incr(keys[0], 3600), _local.incr(keys[1], 3600)
    retry_after = 3600 - int(time.time() % 3600)
    if by_ip > limits.reset_ip_per_hour:
        raise RateLimited("Too many password reset requests from this address.", retry_after=retry_after)
    if by_account > limits.reset_account_per_hour:
        raise RateLimited("Too many password reset requests for this account.", retry_after=retry_after)


async def record_login_failure(redis: Redis, limits: LoginLimits, tenant_id: uuid.UUID, email: str) -> int:
    key = _account_key(tenant_id, email)
    pipe = redis.pipeline()
    pipe.incr(key)
    pipe.expire(key, limits.lockout_seconds)
    try:
        count, _ = await pipe.execute()
    except UNREACHABLE as exc:
        redis_outage.failed("counting a failed login", exc)
        return _local.incr(key, limits.lockout_seconds)
    return int(count)


async def clear_login_failures(redis: Redis, tenant_id: uuid.UUID, email: str) -> None:
    _local.delete(_account_key(tenant_id, email))
    try:
        await redis.delete(_account_key(tenant_id, email))
    except UNREACHABLE as exc:
        redis_outage.failed("clearing failed logins", exc)


async def check_key_rate(redis: Redis, tenant_id: uuid.UUID, key_id: str, per_minute: int) -> None:
    """Fixed one-minute window per API key."""
    window = int(time.time() // 60)
    key = f"t:{tenant_id}:rl:key:{key_id}:{window}"
    pipe = redis.pipeline()
    pipe.incr(key)
    pipe.expire(key, 61)
    try:
        count, _ = await pipe.execute()
    except UNREACHABLE as exc:
        redis_outage.failed("counting API key requests", exc)
        count = _local.incr(key, 61)
    if int(count) > per_minute:
        raise RateLimited("API key rate limit exceeded.", retry_after=60 - int(time.time() % 60))
