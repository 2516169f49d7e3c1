"""What other contexts may use of the service context: whether a ticket belongs to an order, and
how many of a customer's tickets are still open."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from domain.service.models import Ticket
from domain.service.queries import is_ticket_of_order
from domain.service.states import TicketStatus
from tenants.context import Ctx
from tenants.scoping import visible

__all__ = ["is_ticket_of_order", "open_tickets"]

# Still waiting on the chain or on the customer.
OPEN = (TicketStatus.NEW.value, TicketStatus.OPEN.value, TicketStatus.PENDING.value)


async def open_tickets(ctx: Ctx, customer_id: uuid.UUID) -> int:
    """The customer's tickets not yet resolved that the caller may see."""
    query = select(func.count()).where(visible(ctx, Ticket), Ticket.customer_id == customer_id, Ticket.status.in_(OPEN))
    return int((await ctx.session.execute(query)).scalar_one())
