"""What other contexts may use of orders: an order's reference for a ticket, and its customer
tracking token for messages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.orders.models import Order as OrderRow
from domain.orders.repository import visible
from tenants.context import Ctx


@dataclass(frozen=True, slots=True)
class OrderRef:
    id: uuid.UUID
    number: str
    store_id: uuid.UUID
    customer_id: uuid.UUID


async def order_ref(ctx: Ctx, order_id: uuid.UUID) -> OrderRef | None:
    """The order if the caller may see it (the order's own visibility rule: store and own
    scope), else None."""
    row = (
        await ctx.session.execute(
            select(OrderRow.id, OrderRow.number, OrderRow.store_id, OrderRow.customer_id).where(
                visible(ctx), OrderRow.id == order_id
            )
        )
    ).one_or_none()
    return OrderRef(row.id, row.number, row.store_id, row.customer_id) if row is not None else None


async def tracking_token(session: AsyncSession, tenant_id: uuid.UUID, order_id: uuid.UUID) -> str | None:
    """The token of the order's public tracking page (for a consumer in the event's tenant session)."""
    return (
        await session.execute(
            select(OrderRow.tracking_token).where(OrderRow.tenant_id == tenant_id, OrderRow.id == order_id)
        )
    ).scalar_one_or_none()
