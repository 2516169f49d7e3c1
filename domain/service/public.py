"""What other contexts may use of the service context: whether a ticket belongs to an order, and
how many of a customer's tickets are still open, and the per-customer totals segments test."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, func, select, update

from domain.service.models import Ticket
from domain.service.queries import is_ticket_of_order
from domain.service.states import TicketStatus
from tenants.context import Ctx
from tenants.figures import Figure
from tenants.scoping import of_tenant, visible

__all__ = ["is_ticket_of_order", "move_customer", "open_tickets", "ticket_totals"]

# Still waiting on the chain or on the customer.
OPEN = (TicketStatus.NEW.value, TicketStatus.OPEN.value, TicketStatus.PENDING.value)


def open_tickets(ctx: Ctx, customer_id: uuid.UUID) -> Figure[int]:
    """The customer's tickets not yet resolved that the caller may see."""
    query = select(func.count().label("open")).where(
        visible(ctx, Ticket), Ticket.customer_id == customer_id, Ticket.status.in_(OPEN)
    )
    return Figure(query, lambda row: int(row.open))


async def move_customer(ctx: Ctx, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
    """Give the tickets of one customer to another (a merge); each moved ticket's version moves on."""
    result = await ctx.session.execute(
        update(Ticket)
        .where(of_tenant(ctx.tenant_id, Ticket), Ticket.customer_id == from_id)
        .values(customer_id=to_id, version=Ticket.version + 1, updated_at=func.now())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def ticket_totals(tenant_id: uuid.UUID, focus: uuid.UUID | None = None) -> Select[*tuple[Any, ...]]:
    """Per customer with a ticket: how many are open and her average CSAT answer (None: none given)."""
    query = (
        select(
            Ticket.customer_id.label("customer_id"),
            func.count().filter(Ticket.status.in_(OPEN)).label("open"),
            func.avg(Ticket.csat_score).label("csat"),
        )
        .where(of_tenant(tenant_id, Ticket))
        .group_by(Ticket.customer_id)
    )
    return query.where(Ticket.customer_id == focus) if focus is not None else query
