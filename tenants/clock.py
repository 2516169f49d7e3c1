"""The one source of 'now' (timezone-aware UTC), so tests can reason about time."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


def utcnow() -> datetime:
    return datetime.now(UTC)


_last = datetime.min.replace(tzinfo=UTC)
_lock = threading.Lock()


def stamp() -> datetime:
    """Now, strictly increasing within the process: two changes recorded in one transaction keep
    their order on a timeline (the database's now() is the same for the whole transaction)."""
    global _last
    with _lock:
        now = utcnow()
        # A clock set back (a test freezing time) starts the sequence again from it.
        ahead = now > _last or _last - now > timedelta(seconds=1)
        _last = now if ahead else _last + timedelta(microseconds=1)
        return _last
