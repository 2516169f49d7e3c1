"""Ticket status changes and assignment: each locks the ticket row, checks the transition table,
moves the SLA clocks, and records the timeline event, outbox event and audit entry."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from domain.kernel.events import Topic
from domain.kernel.recorder import record
from domain.service import assignment, breaches, clocks, csat
from domain.service import events as ticket_events
from domain.service.errors import NoAssignee
from domain.service.events import TICKET
from domain.service.models import Ticket as TicketRow
from domain.service.schemas import AssignIn, Ticket
from domain.service.settings import Policy, load_policy
from domain.service.states import LIFECYCLE, ReopenCheck, TicketAction, TicketStatus
from domain.service.tickets import detail
from tenants import clock
from tenants.context import Ctx
from tenants.errors import check_version
from tenants.scoping import load_visible

A = TicketAction
S = TicketStatus


async def _begin(ctx: Ctx, ticket_id: uuid.UUID, action: TicketAction) -> tuple[TicketRow, Policy, datetime]:
    ticket = await load_visible(ctx, TicketRow, ticket_id, lock=True)
    policy = await load_policy(ctx.session, ctx.tenant_id)
    now = clock.utcnow()
    LIFECYCLE.ensure_allowed(action, ticket.status, ReopenCheck(ticket.resolved_at, now, policy.reopen_window))
    return ticket, policy, now


async def assign(ctx: Ctx, ticket_id: uuid.UUID, data: AssignIn, if_match: int | None = None) -> Ticket:
    """Assign to a user who can work the ticket's store, unassign (null), or take the
    round-robin's next turn (`auto`: 409 `no_assignee` when nobody is eligible). With the
    ticket's version (If-Match), a ticket changed meanwhile is 412."""
    ticket, policy, _ = await _begin(ctx, ticket_id, A.ASSIGN)
    check_version("ticket", ticket.version, if_match)
    before = ticket.assignee_id
    if data.auto:
        chosen = await assignment.round_robin(ctx.session, ctx.tenant_id, ticket.store_id)
        if chosen is None:
            raise NoAssignee("No active support user covers this ticket's store.")
        ticket.assignee_id = chosen
    else:
        if data.assignee_id is not None:
            await assignment.check_assignee(ctx, data.assignee_id, ticket.store_id)
        ticket.assignee_id = data.assignee_id
    if ticket.assignee_id != before:
        record(
            ctx,
            TICKET,
            ticket,
            "assigned",
            topic=ticket_events.TICKET_ASSIGNED,
            data={"assignee_id": {"from": before, "to": ticket.assignee_id}, "automatic": data.auto},
            event={"previous_assignee_id": before, "automatic": data.auto},
        )
    return await detail(ctx, ticket, policy)


_MOVES: dict[TicketAction, tuple[str, Topic[Any]]] = {
    A.START: ("started", ticket_events.TICKET_STARTED),
    A.WAIT: ("waiting", ticket_events.TICKET_WAITING),
    A.RESOLVE: ("resolved", ticket_events.TICKET_RESOLVED),
    A.CLOSE: ("closed", ticket_events.TICKET_CLOSED),
    A.REOPEN: ("reopened", ticket_events.TICKET_REOPENED),
}


async def _move(ctx: Ctx, ticket_id: uuid.UUID, action: TicketAction) -> Ticket:
    ticket, policy, now = await _begin(ctx, ticket_id, action)
    before = ticket.status
    await apply(ctx, ticket, policy, now, action)
    change, topic = _MOVES[action]
    record(ctx, TICKET, ticket, change, topic=topic, from_status=before)
    return await detail(ctx, ticket, policy)


async def apply(ctx: Ctx, ticket: TicketRow, policy: Policy, now: datetime, action: TicketAction) -> None:
    """The state change of `action` (already checked), with its effect on the SLA clocks. A
    clock that stops after its due time is recorded as breached first."""
    if action in (A.WAIT, A.RESOLVE, A.CLOSE):
        await breaches.settle(ctx, ticket, now)
    if action is A.START:
        clocks.resume(ticket, policy, now)
        ticket.status = S.OPEN.value
    elif action is A.WAIT:
        clocks.pause(ticket, now)
        ticket.status = S.PENDING.value
    elif action is A.RESOLVE:
        clocks.resume(ticket, policy, now)
        ticket.resolution_minutes = clocks.elapsed(ticket, policy, now)
        ticket.resolved_at = now
        ticket.status = S.RESOLVED.value
        clocks.pause(ticket, now)  # until a reopen
        csat.open_survey(ctx, ticket, policy, now)
    elif action is A.CLOSE:
        if ticket.status != S.RESOLVED:
            clocks.resume(ticket, policy, now)
        ticket.closed_at = now
        ticket.status = S.CLOSED.value
    elif action is A.REOPEN:
        clocks.resume(ticket, policy, now)
        ticket.status = S.OPEN.value
        ticket.closed_at = None
    clocks.refresh(ticket, policy)


async def start(ctx: Ctx, ticket_id: uuid.UUID) -> Ticket:
    return await _move(ctx, ticket_id, A.START)


async def wait(ctx: Ctx, ticket_id: uuid.UUID) -> Ticket:
    return await _move(ctx, ticket_id, A.WAIT)


async def resolve(ctx: Ctx, ticket_id: uuid.UUID) -> Ticket:
    return await _move(ctx, ticket_id, A.RESOLVE)


async def close(ctx: Ctx, ticket_id: uuid.UUID) -> Ticket:
    return await _move(ctx, ticket_id, A.CLOSE)


async def reopen(ctx: Ctx, ticket_id: uuid.UUID) -> Ticket:
    return await _move(ctx, ticket_id, A.REOPEN)
