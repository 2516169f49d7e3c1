"""Reading orders through the one visible-order query (tenant, the caller's stores, and for `own`
scope the caller's own orders): one order with everything its page shows, and the keyset list.
Child rows (lines, fulfilments, events) are only ever read for an order loaded here first, so
scope is checked once, at the order.

Writes live beside this module, one per capability: capture.py (draft and its lines),
transitions.py (status changes), fulfilment.py (pack and ship), editing.py (controlled edits
after approval), payments.py, returns.py, invoices.py."""

from __future__ import annotations

import functools
import uuid
from typing import Any

import msgspec
from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    Table,
    Text,
    bindparam,
    cast,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by

from domain.customers import public as customers
from domain.kernel.timeline import readable
from domain.orders import schemas
from domain.orders.mappers import order_page, summary_out
from domain.orders.models import Fulfilment, FulfilmentLine, OrderEvent, OrderLine, OrderReturn, Payment
from domain.orders.models import Order as OrderRow
from domain.orders.schemas import Order, OrderFilters, OrderSummary
from tenants import errors as tenant_errors
from tenants import scoping
from tenants.context import Ctx
from tenants.db import read_rows
from tenants.errors import NotFound
from tenants.models import User
from tenants.pagination import Page, keyset_page
from tenants.scoping import children, of_tenant


def check_version(order: OrderRow, if_match: int | None) -> None:
    """412 when the caller edits a version of the order that is no longer current."""
    tenant_errors.check_version("order", order.version, if_match)


async def load_lines(ctx: Ctx, order: OrderRow) -> list[OrderLine]:
    return await children(ctx, OrderLine, OrderLine.order_id, order.id, OrderLine.line_no)


async def load_fulfilments(ctx: Ctx, order: OrderRow) -> list[tuple[Fulfilment, list[FulfilmentLine]]]:
    fulfilments = await children(ctx, Fulfilment, Fulfilment.order_id, order.id)
    if not fulfilments:
        return []
    lines = (
        await ctx.session.execute(
            select(FulfilmentLine).where(
                of_tenant(ctx.tenant_id, FulfilmentLine),
                FulfilmentLine.fulfilment_id.in_([f.id for f in fulfilments]),
            )
        )
    ).scalars()
    by_fulfilment: dict[uuid.UUID, list[FulfilmentLine]] = {f.id: [] for f in fulfilments}
    for line in lines:
        by_fulfilment[line.fulfilment_id].append(line)
    return [(f, by_fulfilment[f.id]) for f in fulfilments]


async def load_events(ctx: Ctx, order: OrderRow) -> list[OrderEvent]:
    return await children(ctx, OrderEvent, OrderEvent.order_id, order.id)


async def load_payments(ctx: Ctx, order: OrderRow) -> list[Payment]:
    return await children(ctx, Payment, Payment.order_id, order.id)


async def load_returns(ctx: Ctx, order: OrderRow) -> list[OrderReturn]:
    return await children(ctx, OrderReturn, OrderReturn.order_id, order.id)


async def detail(ctx: Ctx, order: OrderRow) -> Order:
    """The order page after a change: lines, totals, allowed actions (for this caller),
    fulfilments, timeline, payments and return summaries, read back in one statement of the
    action's transaction once its writes are flushed."""
    await ctx.session.flush()
    return await get_order(ctx, order.id)


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _json_rows(table: Table, value: Any, *order_by: ColumnElement[Any]) -> ScalarSelect[Any]:
    """The order's rows of `table` as one JSON array (text, decoded by msgspec into schemas)."""
    rows = func.json_agg(aggregate_order_by(value, *order_by))
    return (
        # As text: the driver would otherwise decode the JSON itself, numbers as floats.
        select(cast(func.coalesce(rows, literal_column("'[]'::json")), Text))
        .where(table.c.tenant_id == bindparam("tenant_id"), table.c.order_id == OrderRow.id)
        .scalar_subquery()
    )


@functools.cache
def _page_query(stores: bool, own: bool) -> Select[Any]:
    """GET /orders/{id} as one statement per scope shape: the visible order and, as JSON arrays,
    its lines, fulfilments (with their lines), timeline, payments and returns."""
    lines, events, payments, returns = (_table(t) for t in (OrderLine, OrderEvent, Payment, OrderReturn))
    fulfilments, packed = _table(Fulfilment), _table(FulfilmentLine)
    packed_lines = (
        select(
            func.coalesce(
                func.json_agg(func.json_build_object("line_id", packed.c.order_line_id, "quantity", packed.c.quantity)),
                literal_column("'[]'::json"),
            )
        )
        .where(packed.c.tenant_id == bindparam("tenant_id"), packed.c.fulfilment_id == fulfilments.c.id)
        .scalar_subquery()
    )
    fulfilment = func.json_build_object(
        *("id", fulfilments.c.id, "status", fulfilments.c.status, "carrier", fulfilments.c.carrier),
        *("tracking_number", fulfilments.c.tracking_number, "lines", packed_lines),
        *("created_at", fulfilments.c.created_at, "shipped_at", fulfilments.c.shipped_at),
        *("delivered_at", fulfilments.c.delivered_at),
    )
    actor_name = (
        select(User.name)
        .where(User.tenant_id == bindparam("tenant_id"), User.id == events.c.actor_id)
        .scalar_subquery()
    )
    event_with_name = func.to_jsonb(events.table_valued()).op("||")(func.jsonb_build_object("actor_name", actor_name))
    rule = scoping.rule_of(OrderRow).condition(
        OrderRow,
        bindparam("tenant_id"),
        bindparam("store_ids", expanding=True) if stores else None,
        bindparam("user_id") if own else None,
    )
    return select(
        *OrderRow.__table__.c,
        *customers.label_columns(OrderRow.customer_id, stores=stores, own=own),
        _json_rows(lines, lines.table_valued(), lines.c.line_no).label("lines_json"),
        _json_rows(fulfilments, fulfilment, fulfilments.c.created_at, fulfilments.c.id).label("fulfilments_json"),
        _json_rows(events, event_with_name, events.c.created_at, events.c.id).label("events_json"),
        _json_rows(payments, payments.table_valued(), payments.c.created_at, payments.c.id).label("payments_json"),
        _json_rows(returns, returns.table_valued(), returns.c.created_at, returns.c.id).label("returns_json"),
    ).where(rule, OrderRow.id == bindparam("order_id"))


_decode_lines = msgspec.json.Decoder(list[schemas.OrderLine])
_decode_fulfilments = msgspec.json.Decoder(list[schemas.Fulfilment])
_decode_events = msgspec.json.Decoder(list[schemas.OrderEvent])
_decode_payments = msgspec.json.Decoder(list[schemas.Payment])
_decode_returns = msgspec.json.Decoder(list[schemas.ReturnSummary])


async def get_order(ctx: Ctx, order_id: uuid.UUID) -> Order:
    """The order page in one statement (one round trip for a read-only request)."""
    stores, own = ctx.actor.store_ids, scoping.own_user(ctx)
    params = {"tenant_id": ctx.tenant_id, "order_id": order_id, "store_ids": stores, "user_id": own}
    rows = await read_rows(ctx.session, ctx.actor.scope, _page_query(stores is not None, own is not None), params)
    if not rows:
        raise NotFound("No such order.")
    row = rows[0]
    return order_page(
        row,
        _decode_lines.decode(row.lines_json),
        _decode_fulfilments.decode(row.fulfilments_json),
        readable(_decode_events.decode(row.events_json), ctx.meta.lang),
        ctx.actor.permissions,
        _decode_payments.decode(row.payments_json),
        _decode_returns.decode(row.returns_json),
        None if row.customer_name is None else customers.CustomerLabel(row.customer_name, row.customer_masked),
    )


_SORT_COLUMNS = {"created_at": OrderRow.created_at, "updated_at": OrderRow.updated_at, "total": OrderRow.total}


async def list_orders(ctx: Ctx, filters: OrderFilters, limit: int, cursor: str | None) -> Page[OrderSummary]:
    """Keyset pages in the requested order (newest first by default), each row with its
    customer's name (masked when the caller may not see that customer)."""
    column = _SORT_COLUMNS[filters.sort.lstrip("-")]
    rows, next_cursor = await keyset_page(
        ctx.session, filtered(ctx, filters), column, OrderRow.id, limit, cursor, descending=filters.sort.startswith("-")
    )
    labels = await customers.labels_of(ctx, {row.customer_id for row in rows})
    return Page(items=[summary_out(r, labels.get(r.customer_id)) for r in rows], next_cursor=next_cursor)


def filtered(ctx: Ctx, filters: OrderFilters) -> Select[Any]:
    """The orders the caller may see that match `filters` (the list, its export)."""
    query = select(OrderRow).where(scoping.visible(ctx, OrderRow))
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
    if filters.phone is not None:
        customer_ids = customers.ids_with_phone(ctx, filters.phone)
        if customer_ids is None:
            raise tenant_errors.invalid("phone", "must be digits (the whole number or its last 4 digits)")
        query = query.where(OrderRow.customer_id.in_(customer_ids))
    if filters.q and filters.q.strip():
        # starts_with is leakproof, so it stays usable under row-level security (LIKE is not).
        query = query.where(func.starts_with(OrderRow.number, filters.q.strip().upper()))
    return query
