"""Reading orders: one order with everything its page shows, and the keyset list.

Writes live beside this module: capture.py (draft and its lines), transitions.py (status
changes), fulfilment.py (pack and ship), editing.py (controlled edits after approval).
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from domain.customers import services as customers
from domain.orders import repository
from domain.orders.models import Order as OrderRow
from domain.orders.schemas import Order, OrderFilters, OrderSummary
from domain.orders.views import order_out, summary_out
from tenants.context import Ctx
from tenants.pagination import Page, keyset_page


async def detail(ctx: Ctx, order: OrderRow) -> Order:
    """The order page: lines, totals, allowed actions (for this caller), fulfilments, timeline,
    payments and return summaries."""
    lines = await repository.load_lines(ctx, order)
    fulfilments = await repository.load_fulfilments(ctx, order)
    events = await repository.load_events(ctx, order)
    payments = await repository.load_payments(ctx, order)
    returns = await repository.load_returns(ctx, order)
    return order_out(order, lines, fulfilments, events, ctx.actor.permissions, payments, returns)


async def get_order(ctx: Ctx, order_id: uuid.UUID) -> Order:
    return await detail(ctx, await repository.load_order(ctx, order_id))


_SORT_COLUMNS = {"created_at": OrderRow.created_at, "updated_at": OrderRow.updated_at, "total": OrderRow.total}


async def list_orders(ctx: Ctx, filters: OrderFilters, limit: int, cursor: str | None) -> Page[OrderSummary]:
    """Keyset pages in the requested order (newest first by default), each row with its
    customer's name when the caller may see that customer."""
    query = select(OrderRow).where(repository.visible(ctx))
    if filters.status:
        query = query.where(OrderRow.status == filters.status)
    if filters.store_id:
        query = query.where(OrderRow.store_id == filters.store_id)
    if filters.channel:
        query = query.where(OrderRow.channel == filters.channel)
    if filters.customer_id:
        query = query.where(OrderRow.customer_id == filters.customer_id)
    if filters.created_from:
        query = query.where(OrderRow.created_at >= filters.created_from)
    if filters.created_to:
        query = query.where(OrderRow.created_at < filters.created_to)
    if filters.q and filters.q.strip():
        # starts_with is leakproof, so it stays usable under row-level security (LIKE is not).
        query = query.where(func.starts_with(OrderRow.number, filters.q.strip().upper()))
    column = _SORT_COLUMNS[filters.sort.lstrip("-")]
    rows, next_cursor = await keyset_page(
        ctx.session, query, column, OrderRow.id, limit, cursor, descending=filters.sort.startswith("-")
    )
    names = await customers.names_of(ctx, {row.customer_id for row in rows})
    return Page(items=[summary_out(r, names.get(r.customer_id)) for r in rows], next_cursor=next_cursor)
