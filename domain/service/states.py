"""The ticket lifecycle: one status enum, one transition table, allowed actions derived from it.

new → open → pending (waiting on the customer) → resolved → closed; `reopen` brings a resolved
ticket back to open within the tenant's reopen window. Same shape as domain/orders/states.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from domain.service.errors import InvalidTicketTransition


class TicketStatus(StrEnum):
    NEW = "new"  # just arrived; nobody has worked on it yet (SLA clocks run)
    OPEN = "open"  # being worked on (SLA clocks run)
    PENDING = "pending"  # waiting on the customer: both SLA clocks are paused
    RESOLVED = "resolved"  # answered; the customer got the CSAT survey; may be reopened in the window
    CLOSED = "closed"  # final


class TicketAction(StrEnum):
    ASSIGN = "assign"
    START = "start"
    WAIT = "wait"
    RESOLVE = "resolve"
    CLOSE = "close"
    REOPEN = "reopen"


S = TicketStatus
A = TicketAction

# action → statuses it may start from. Everything else (checks, allowed_actions, tests) derives from it.
TRANSITIONS: dict[TicketAction, frozenset[TicketStatus]] = {
    A.ASSIGN: frozenset({S.NEW, S.OPEN, S.PENDING}),
    A.START: frozenset({S.NEW, S.PENDING}),
    A.WAIT: frozenset({S.NEW, S.OPEN}),
    A.RESOLVE: frozenset({S.NEW, S.OPEN, S.PENDING}),
    A.CLOSE: frozenset({S.NEW, S.OPEN, S.PENDING, S.RESOLVED}),
    A.REOPEN: frozenset({S.RESOLVED}),
}

# Where each status-changing action leads (assign keeps the status).
TARGETS: dict[TicketAction, TicketStatus | None] = {
    A.ASSIGN: None,
    A.START: S.OPEN,
    A.WAIT: S.PENDING,
    A.RESOLVE: S.RESOLVED,
    A.CLOSE: S.CLOSED,
    A.REOPEN: S.OPEN,
}

PERMISSIONS: dict[TicketAction, str] = {
    A.ASSIGN: "tickets:assign",
    A.START: "tickets:update",
    A.WAIT: "tickets:update",
    A.RESOLVE: "tickets:update",
    A.CLOSE: "tickets:update",
    A.REOPEN: "tickets:update",
}

RUNNING = frozenset({S.NEW, S.OPEN})  # statuses whose SLA clocks run
DONE = frozenset({S.RESOLVED, S.CLOSED})


class HasStatus(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def resolved_at(self) -> datetime | None: ...


def _guard(action: TicketAction, ticket: HasStatus, now: datetime, reopen_window: timedelta) -> str | None:
    """Why `action` is refused although the status allows it (None when it is fine)."""
    if action is A.REOPEN and ticket.resolved_at is not None and now - ticket.resolved_at > reopen_window:
        return "the reopen window has passed"
    return None


def ensure_allowed(action: TicketAction, ticket: HasStatus, now: datetime, reopen_window: timedelta) -> None:
    """Raise InvalidTicketTransition (409 `invalid_transition`) unless `action` is legal now."""
    if ticket.status not in TRANSITIONS[action]:
        raise InvalidTicketTransition(action, ticket.status)
    reason = _guard(action, ticket, now, reopen_window)
    if reason:
        raise InvalidTicketTransition(action, ticket.status, reason)


def allowed_actions(
    ticket: HasStatus, now: datetime, reopen_window: timedelta, permissions: frozenset[str] | None = None
) -> list[str]:
    """The actions legal for this ticket now (in table order), optionally only the caller's."""
    return [
        action.value
        for action, sources in TRANSITIONS.items()
        if ticket.status in sources
        and _guard(action, ticket, now, reopen_window) is None
        and (permissions is None or PERMISSIONS[action] in permissions)
    ]


PRIORITIES = ("low", "normal", "high", "urgent")


def raised(priority: str) -> str:
    """One step up (urgent stays urgent)."""
    index = PRIORITIES.index(priority)
    return PRIORITIES[min(index + 1, len(PRIORITIES) - 1)]
