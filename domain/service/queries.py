"""Loading tickets through the one visible-ticket query: tenant, the caller's stores (tickets
without a store belong to the whole chain, like walk-in customers), and for `own` scope the
caller's own tickets (assigned to or created by them). Comments and events are only read for a
ticket loaded here first."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, and_, or_, select

from domain.service.models import Ticket, TicketComment, TicketEvent
from tenants import errors as tenant_errors
from tenants.context import Ctx
from tenants.errors import NotFound


def visible(ctx: Ctx) -> ColumnElement[bool]:
    cond = Ticket.tenant_id == ctx.tenant_id
    if ctx.actor.store_ids is not None:
        cond = and_(cond, or_(Ticket.store_id.is_(None), Ticket.store_id.in_(ctx.actor.store_ids)))
    if ctx.actor.own_rows_only and ctx.actor.user_id is not None:
        cond = and_(cond, or_(Ticket.assignee_id == ctx.actor.user_id, Ticket.created_by == ctx.actor.user_id))
    return cond


async def load_ticket(ctx: Ctx, ticket_id: uuid.UUID, *, lock: bool = False) -> Ticket:
    """The ticket if the caller may see it (else 404, like a missing id); `lock` holds the row."""
    query = select(Ticket).where(visible(ctx), Ticket.id == ticket_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    row = (await ctx.session.execute(query)).scalar_one_or_none()
    if row is None:
        raise NotFound("No such ticket.")
    return row


def check_version(ticket: Ticket, if_match: int | None) -> None:
    tenant_errors.check_version("ticket", ticket.version, if_match)


async def load_events(ctx: Ctx, ticket: Ticket) -> list[TicketEvent]:
    query = (
        select(TicketEvent)
        .where(TicketEvent.tenant_id == ctx.tenant_id, TicketEvent.ticket_id == ticket.id)
        .order_by(TicketEvent.created_at, TicketEvent.id)
    )
    return list((await ctx.session.execute(query)).scalars())


async def load_comments(ctx: Ctx, ticket: Ticket) -> list[TicketComment]:
    query = (
        select(TicketComment)
        .where(TicketComment.tenant_id == ctx.tenant_id, TicketComment.ticket_id == ticket.id)
        .order_by(TicketComment.created_at, TicketComment.id)
    )
    return list((await ctx.session.execute(query)).scalars())


async def is_ticket_of_order(ctx: Ctx, ticket_id: uuid.UUID, order_id: uuid.UUID) -> bool:
    """Whether the caller can see the ticket and it is linked to the order (return requests)."""
    found = (
        await ctx.session.execute(select(Ticket.order_id).where(visible(ctx), Ticket.id == ticket_id))
    ).scalar_one_or_none()
    return found is not None and found == order_id
