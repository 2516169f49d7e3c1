"""Redis counters for login throttling, lockout and per-key rate limits (keys are tenant-scoped)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from redis.asyncio import Redis

from tenants.errors import RateLimited


@dataclass(frozen=True, slots=True)
class LoginLimits:
    max_failures: int = 5
    lockout_seconds: int = 900
    ip_per_minute: int = 30


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
    results = await pipe.execute()
    if int(results[0]) > limits.ip_per_minute:
        raise RateLimited("Too many login attempts from this address.", retry_after=60 - int(time.time() % 60))
    if tenant_id is not None and results[2] is not None and int(results[2]) >= limits.max_failures:
        raise RateLimited(
            "This account is temporarily locked after repeated failed logins.",
            retry_after=int(results[3]) if int(results[3]) > 0 else limits.lockout_seconds,
            code="account_locked",
        )


async def record_login_failure(redis: Redis, limits: LoginLimits, tenant_id: uuid.UUID, email: str) -> int:
    key = _account_key(tenant_id, email)
    pipe = redis.pipeline()
    pipe.incr(key)
    pipe.expire(key, limits.lockout_seconds)
    count, _ = await pipe.execute()
    return int(count)


async def clear_login_failures(redis: Redis, tenant_id: uuid.UUID, email: str) -> None:
    await redis.delete(_account_key(tenant_id, email))


async def check_key_rate(redis: Redis, tenant_id: uuid.UUID, key_id: str, per_minute: int) -> None:
    """Fixed one-minute window per API key."""
    window = int(time.time() // 60)
    key = f"t:{tenant_id}:rl:key:{key_id}:{window}"
    pipe = redis.pipeline()
    pipe.incr(key)
    pipe.expire(key, 61)
    count, _ = await pipe.execute()
    if int(count) > per_minute:
        raise RateLimited("API key rate limit exceeded.", retry_after=60 - int(time.time() % 60))
