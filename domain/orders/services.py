"""Reading orders: one order with everything its page shows, and the keyset list.

Writes live beside this module: capture.py (draft and its lines), transitions.py (status
changes), fulfilment.py (pack and ship), editing.py (controlled edits after approval).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, tuple_

from domain.orders import repository
from domain.orders.models import Order as OrderRow
from domain.orders.schemas import Order, OrderFilters, OrderSummary
from domain.orders.views import order_out, summary_out
from tenants.context import Ctx
from tenants.errors import invalid
from tenants.pagination import Page, check_limit, decode_cursor, encode_cursor


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


async def list_orders(ctx: Ctx, filters: OrderFilters, limit: int, cursor: str | None) -> Page[OrderSummary]:
    """Newest first, keyset on (created_at, id)."""
    limit = check_limit(limit)
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
    after = decode_cursor(cursor)
    if after:
        try:
            bound = tuple_(datetime.fromisoformat(str(after[0])), uuid.UUID(str(after[1])))
        except (ValueError, IndexError, TypeError) as exc:
            raise invalid("cursor", "is not a cursor this API issued") from exc
        query = query.where(tuple_(OrderRow.created_at, OrderRow.id) < bound)
    query = query.order_by(OrderRow.created_at.desc(), OrderRow.id.desc()).limit(limit + 1)
    rows = list((await ctx.session.execute(query)).scalars())
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = encode_cursor([last.created_at.isoformat(), str(last.id)])
    return Page(items=[summary_out(r) for r in rows[:limit]], next_cursor=next_cursor)
