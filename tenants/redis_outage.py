"""Redis is a speed-up, not a dependency: what the product keeps there (the principal cache, rate
limit and lockout counters, the live-stream fan-out) either has a database or in-process
answer, or refuses with a 503 the client can retry. This module is where an unreachable Redis is
recognised and logged: once when it goes, once when it comes back, never per request.
"""

from __future__ import annotations

import logging
import time

from redis.exceptions import RedisError

log = logging.getLogger("tenants.redis")

# What a call to an unreachable or failing Redis raises: the client's own errors, a refused or
# missing socket, a timeout.
UNREACHABLE: tuple[type[BaseException], ...] = (RedisError, OSError, TimeoutError)
RETRY_AFTER_SECONDS = 5

_down_since: float | None = None


def failed(what: str, exc: BaseException) -> None:
    """Note a failed call; logs only the transition to "down"."""
    global _down_since
    if _down_since is None:
        _down_since = time.monotonic()
        log.warning("Redis unreachable (%s: %s); serving without it until it is back", what, type(exc).__name__)


def succeeded() -> None:
    """Note a call that worked; logs only the transition back to "up"."""
    global _down_since
    if _down_since is not None:
        log.warning("Redis reachable again after %.0f s", time.monotonic() - _down_since)
        _down_since = None


def is_down() -> bool:
    return _down_since is not None
