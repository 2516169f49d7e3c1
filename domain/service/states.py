"""The ticket lifecycle: one status enum, one transition table, allowed actions derived from it.

new → open → pending (waiting on the customer) → resolved → closed; `reopen` brings a resolved
ticket back to open within the tenant's reopen window. Same shape as domain/orders/states.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.kernel.lifecycle import Lifecycle, step


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


@dataclass(frozen=True, slots=True)
class ReopenCheck:
    """What the reopen guard needs: when the ticket was resolved, now, and the tenant's window."""

    resolved_at: datetime | None
    now: datetime
    window: timedelta


def _within_reopen_window(check: ReopenCheck) -> str | None:
    if check.resolved_at is not None and check.now - check.resolved_at > check.window:
        return "the reopen window has passed"
    return None


# The transition table, written once: checks, allowed_actions, the unit tests and the SPA's
# buttons derive from it. Assign keeps the status.
LIFECYCLE: Lifecycle[TicketStatus, TicketAction] = Lifecycle(
    "ticket",
    TicketStatus,
    {
        A.ASSIGN: step([S.NEW, S.OPEN, S.PENDING], "tickets:assign"),
        A.START: step([S.NEW, S.PENDING], "tickets:update", S.OPEN),
        A.WAIT: step([S.NEW, S.OPEN], "tickets:update", S.PENDING),
        A.RESOLVE: step([S.NEW, S.OPEN, S.PENDING], "tickets:update", S.RESOLVED),
        A.CLOSE: step([S.NEW, S.OPEN, S.PENDING, S.RESOLVED], "tickets:update", S.CLOSED),
        A.REOPEN: step([S.RESOLVED], "tickets:update", S.OPEN, _within_reopen_window),
    },
)

RUNNING = frozenset({S.NEW, S.OPEN})  # statuses whose SLA clocks run
DONE = frozenset({S.RESOLVED, S.CLOSED})


PRIORITIES = ("low", "normal", "high", "urgent")


def raised(priority: str) -> str:
    """One step up (urgent stays urgent)."""
    index = PRIORITIES.index(priority)
    return PRIORITIES[min(index + 1, len(PRIORITIES) - 1)]
