"""What other contexts may use of orders: an order's reference (through the order's own
visibility rule), its tracking token for messages, and returns started from elsewhere."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.orders.models import Order as OrderRow
from domain.orders.models import OrderLine
from domain.orders.returns import RETURNABLE, request_return
from domain.orders.schemas import Return, ReturnCreate, ReturnLineIn
from domain.orders.states import OrderStatus
from tenants.context import Ctx
from tenants.counters import ever_taken
from tenants.figures import Figure
from tenants.scoping import of_tenant, visible

__all__ = [
    "OrderRef",
    "PurchaseFigures",
    "Return",
    "ReturnCreate",
    "ReturnLineIn",
    "buyers",
    "has_orders",
    "move_customer",
    "order_ref",
    "purchase_figures",
    "purchase_totals",
    "purchases_of",
    "request_return",
    "tracking_token",
]


@dataclass(frozen=True, slots=True)
class OrderRef:
    id: uuid.UUID
    number: str
    status: str
    store_id: uuid.UUID
    customer_id: uuid.UUID | None  # None: a walk-in sale

    @property
    def returnable(self) -> bool:
        """Whether goods of the order may be returned now (delivered or completed)."""
        return self.status in RETURNABLE


ORDER_NUMBER_PREFIX = "SO"  # the counter capture.py numbers orders with (SO-2026-000001)


async def has_orders(ctx: Ctx) -> bool:
    """Whether the tenant has any order at all (drafts included): amounts exist in its currency.
    The order number counter answers for every store (the caller may see only some of them)."""
    if await ever_taken(ctx.session, ctx.tenant_id, ORDER_NUMBER_PREFIX):
        return True
    query = select(OrderRow.id).where(of_tenant(ctx.tenant_id, OrderRow)).limit(1)
    return (await ctx.session.execute(query)).first() is not None


async def order_ref(ctx: Ctx, order_id: uuid.UUID) -> OrderRef | None:
    """The order if the caller may see it (store and own scope, as on the orders pages), else None."""
    row = (
        await ctx.session.execute(
            select(OrderRow.id, OrderRow.number, OrderRow.status, OrderRow.store_id, OrderRow.customer_id).where(
                visible(ctx, OrderRow), OrderRow.id == order_id
            )
        )
    ).one_or_none()
    return OrderRef(row.id, row.number, row.status, row.store_id, row.customer_id) if row is not None else None


async def tracking_token(session: AsyncSession, tenant_id: uuid.UUID, order_id: uuid.UUID) -> str | None:
    """The token of the order's public tracking page (for a consumer in the event's tenant session)."""
    return (
        await session.execute(
            select(OrderRow.tracking_token).where(of_tenant(tenant_id, OrderRow), OrderRow.id == order_id)
        )
    ).scalar_one_or_none()


# The states of an order the customer bought: accepted, and not stopped since.
PURCHASED = tuple(
    s.value
    for s in (
        OrderStatus.APPROVED,
        OrderStatus.PROCESSING,
        OrderStatus.FULFILLED,
        OrderStatus.SHIPPED,
        OrderStatus.DELIVERED,
        OrderStatus.COMPLETED,
    )
)


@dataclass(frozen=True, slots=True)
class PurchaseFigures:
    """A customer's purchases as the caller may see them: how many, what they came to net of
    refunds, the first and the last."""

    orders: int
    spend: Decimal
    first_at: datetime | None
    last_at: datetime | None


def purchase_figures(ctx: Ctx, customer_id: uuid.UUID) -> Figure[PurchaseFigures]:
    """One aggregate over the customer's orders the caller may see (store and own scope)."""
    query = select(
        func.count().label("orders"),
        func.coalesce(func.sum(OrderRow.total - OrderRow.refunded_total), 0).label("spend"),
        func.min(OrderRow.created_at).label("first_at"),
        func.max(OrderRow.created_at).label("last_at"),
    ).where(visible(ctx, OrderRow), OrderRow.customer_id == customer_id, OrderRow.status.in_(PURCHASED))
    return Figure(query, lambda row: PurchaseFigures(int(row.orders), Decimal(row.spend), row.first_at, row.last_at))


async def move_customer(ctx: Ctx, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
    """Give the orders of one customer to another (a merge); each moved order's version moves on."""
    result = await ctx.session.execute(
        update(OrderRow)
        .where(of_tenant(ctx.tenant_id, OrderRow), OrderRow.customer_id == from_id)
        .values(customer_id=to_id, version=OrderRow.version + 1, updated_at=func.now())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def _purchases(tenant_id: uuid.UUID, since: datetime | None, focus: uuid.UUID | None) -> list[Any]:
    """The orders of customers (never walk-ins) that count as purchases, since a moment, of one
    customer (`focus`) or all."""
    where = [of_tenant(tenant_id, OrderRow), OrderRow.customer_id.is_not(None), OrderRow.status.in_(PURCHASED)]
    if since is not None:
        where.append(OrderRow.created_at >= since)
    if focus is not None:
        where.append(OrderRow.customer_id == focus)
    return where


def purchase_totals(
    tenant_id: uuid.UUID, since: datetime | None, focus: uuid.UUID | None = None
) -> Select[*tuple[Any, ...]]:
    """Per customer with a purchase (since `since`): how many orders, their total net of refunds,
    the average basket, the first and the last (what segment rules test). Chain-wide: a
    customer's behaviour is hers, whichever store sold to her."""
    spend = func.sum(OrderRow.total - OrderRow.refunded_total)
    query: Select[*tuple[Any, ...]] = (
        select(
            OrderRow.customer_id.label("customer_id"),
            func.count().label("orders"),
            spend.label("spend"),
            (spend / func.count()).label("average"),
            func.min(OrderRow.created_at).label("first_at"),
            func.max(OrderRow.created_at).label("last_at"),
        )
        .where(*_purchases(tenant_id, since, focus))
        .group_by(OrderRow.customer_id)
    )
    return query


def buyers(
    tenant_id: uuid.UUID,
    products: Select[Any] | list[uuid.UUID],
    since: datetime | None,
    focus: uuid.UUID | None = None,
) -> Select[Any]:
    """Ids of the customers who bought any of `products` (ids, or a select of ids) since `since`."""
    return (
        select(OrderRow.customer_id)
        .join(OrderLine, (OrderLine.tenant_id == OrderRow.tenant_id) & (OrderLine.order_id == OrderRow.id))
        .where(*_purchases(tenant_id, since, focus), OrderLine.product_id.in_(products))
    )


def purchases_of(tenant_id: uuid.UUID, customers: Select[Any], since: datetime) -> Select[*tuple[Any, ...]]:
    """The purchases since `since` of the customers `customers` selects: id, customer, store,
    when, and what each came to net of refunds (campaign attribution)."""
    query: Select[*tuple[Any, ...]] = select(
        OrderRow.id.label("id"),
        OrderRow.customer_id.label("customer_id"),
        OrderRow.store_id.label("store_id"),
        OrderRow.created_at.label("created_at"),
        (OrderRow.total - OrderRow.refunded_total).label("amount"),
    ).where(*_purchases(tenant_id, since, None), OrderRow.customer_id.in_(customers))
    return query
