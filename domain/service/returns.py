"""Linked to commerce: start a return for the ticket's order; the return references the ticket
(order_returns.ticket_id, a composite foreign key to tickets)."""

from __future__ import annotations

import uuid

from domain.kernel.recorder import record
from domain.orders.public import Return, ReturnCreate, request_return
from domain.service import events as ticket_events
from domain.service.errors import TicketNotReturnable
from domain.service.events import TICKET
from domain.service.models import Ticket as TicketRow
from domain.service.schemas import TicketReturnIn
from tenants.context import Ctx
from tenants.scoping import load_visible


async def start_return(ctx: Ctx, ticket_id: uuid.UUID, data: TicketReturnIn) -> Return:
    ticket = await load_visible(ctx, TicketRow, ticket_id, lock=True)
    if ticket.order_id is None:
        raise TicketNotReturnable("The ticket is not linked to an order.")
    created = await request_return(
        ctx,
        ticket.order_id,
        ReturnCreate(lines=data.lines, reason=data.reason, store_id=data.store_id, ticket_id=ticket.id),
    )
    record(
        ctx,
        TICKET,
        ticket,
        "return_requested",
        topic=ticket_events.RETURN_STARTED,
        data={"return_id": created.id, "return_number": created.number},
    )
    return created
