"""Applying the SLA arithmetic (sla.py) to a ticket row: pauses, due times, and the report
figures. Every function takes `now` from the caller (tenants.clock.utcnow in production)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from domain.service.models import Ticket
from domain.service.sla import SlaState, business_minutes, clock, clock_state
from domain.service.states import DONE, RUNNING, TicketStatus

if TYPE_CHECKING:  # settings builds on the models too; the policy is only a parameter type here
    from domain.service.settings import Policy


def pause(ticket: Ticket, now: datetime) -> None:
    """Stop the clocks (pending, or resolved until a reopen)."""
    if ticket.paused_since is None:
        ticket.paused_since = now


def resume(ticket: Ticket, policy: Policy, now: datetime) -> None:
    """Restart the clocks; the pause's business minutes push the due times out."""
    if ticket.paused_since is not None:
        ticket.paused_minutes += business_minutes(policy.calendar, ticket.paused_since, now)
        ticket.paused_since = None


def elapsed(ticket: Ticket, policy: Policy, now: datetime) -> int:
    """Business minutes the clocks have run since the ticket was created, pauses excluded."""
    ongoing = business_minutes(policy.calendar, ticket.paused_since, now) if ticket.paused_since else 0
    total = business_minutes(policy.calendar, ticket.created_at, now)
    return max(0, total - ticket.paused_minutes - ongoing)


def refresh(ticket: Ticket, policy: Policy) -> None:
    """Recompute the due times from priority, status and pauses (after any change to them)."""
    target = policy.targets[ticket.priority]
    cal = policy.calendar
    if ticket.first_response_at is None:
        fr = clock(cal, ticket.created_at, target.first_response_minutes, ticket.paused_minutes)
        ticket.first_response_due_at, ticket.first_response_risk_at = fr.due_at, fr.risk_at
    if ticket.status not in DONE:
        res = clock(cal, ticket.created_at, target.resolution_minutes, ticket.paused_minutes)
        ticket.resolution_due_at, ticket.resolution_risk_at = res.due_at, res.risk_at
    running: list[tuple[datetime, datetime]] = []
    if ticket.status in RUNNING:
        if ticket.first_response_at is None and ticket.first_response_due_at and ticket.first_response_risk_at:
            running.append((ticket.first_response_due_at, ticket.first_response_risk_at))
        if ticket.resolution_due_at and ticket.resolution_risk_at:
            running.append((ticket.resolution_due_at, ticket.resolution_risk_at))
    ticket.next_due_at = min((due for due, _ in running), default=None)
    ticket.next_risk_at = min((risk for _, risk in running), default=None)


def late_clocks(ticket: Ticket, now: datetime) -> list[str]:
    """Running clocks whose due time has passed and whose breach is not recorded yet."""
    late: list[str] = []
    if ticket.status not in RUNNING:
        return late
    if (
        ticket.first_response_at is None
        and not ticket.first_response_breached
        and ticket.first_response_due_at is not None
        and ticket.first_response_due_at <= now
    ):
        late.append("first_response")
    if not ticket.resolution_breached and ticket.resolution_due_at is not None and ticket.resolution_due_at <= now:
        late.append("resolution")
    return late


def ticket_state(ticket: Ticket, now: datetime) -> SlaState:
    """The ticket's SLA state: its worst clock."""
    if ticket.first_response_breached or ticket.resolution_breached:
        return "breached"
    if ticket.status in DONE:
        return "met"
    if ticket.status == TicketStatus.PENDING:
        return "paused"
    return clock_state(now, ticket.next_due_at, ticket.next_risk_at, False)


def first_response_state(ticket: Ticket, now: datetime) -> SlaState:
    if ticket.first_response_breached:
        return "breached"
    if ticket.first_response_at is not None or ticket.status in DONE:
        return "met"
    if ticket.status == TicketStatus.PENDING:
        return "paused"
    return clock_state(now, ticket.first_response_due_at, ticket.first_response_risk_at, False)


def resolution_state(ticket: Ticket, now: datetime) -> SlaState:
    if ticket.resolution_breached:
        return "breached"
    if ticket.status in DONE:
        return "met"
    if ticket.status == TicketStatus.PENDING:
        return "paused"
    return clock_state(now, ticket.resolution_due_at, ticket.resolution_risk_at, False)
