"""Loading tickets through the one visible-ticket query: tenant, the caller's stores (tickets
without a store belong to the whole chain, like walk-in customers), and for `own` scope the
caller's own tickets (assigned to or created by them). Comments and events are only read for a
ticket loaded here first."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from domain.service.models import Ticket, TicketComment, TicketEvent
from tenants import errors as tenant_errors
from tenants import scoping
from tenants.context import Ctx
from tenants.scoping import children


def check_version(ticket: Ticket, if_match: int | None) -> None:
    tenant_errors.check_version("ticket", ticket.version, if_match)


async def load_events(ctx: Ctx, ticket: Ticket) -> list[TicketEvent]:
    return await children(ctx, TicketEvent, TicketEvent.ticket_id, ticket.id)


async def load_comments(ctx: Ctx, ticket: Ticket) -> list[TicketComment]:
    return await children(ctx, TicketComment, TicketComment.ticket_id, ticket.id)


async def is_ticket_of_order(ctx: Ctx, ticket_id: uuid.UUID, order_id: uuid.UUID) -> bool:
    """Whether the caller can see the ticket and it is linked to the order (return requests)."""
    found = (
        await ctx.session.execute(select(Ticket.order_id).where(scoping.visible(ctx, Ticket), Ticket.id == ticket_id))
    ).scalar_one_or_none()
    return found is not None and found == order_id
