"""Loading orders through the one visible-order query: tenant, the caller's stores, and for `own`
scope the caller's own orders. Child rows (lines, fulfilments, events) are only ever read for an
order loaded here first, so scope is checked once, at the order."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, and_, select

from domain.orders.models import Fulfilment, FulfilmentLine, OrderEvent, OrderLine, OrderReturn, Payment
from domain.orders.models import Order as OrderRow
from tenants import errors as tenant_errors
from tenants.context import Ctx
from tenants.errors import NotFound


def visible_rule(tenant: Any, stores: Any | None, own_user: Any | None) -> ColumnElement[bool]:
    """The repository base condition every order read and write goes through. The arguments are
    values, or bind parameters for a statement built once (services.get_order)."""
    cond: ColumnElement[bool] = OrderRow.tenant_id == tenant
    if stores is not None:
        cond = and_(cond, OrderRow.store_id.in_(stores))
    if own_user is not None:
        cond = and_(cond, OrderRow.created_by == own_user)
    return cond


def own_user(ctx: Ctx) -> uuid.UUID | None:
    return ctx.actor.user_id if ctx.actor.own_rows_only else None


def visible(ctx: Ctx) -> ColumnElement[bool]:
    return visible_rule(ctx.tenant_id, ctx.actor.store_ids, own_user(ctx))


async def load_order(ctx: Ctx, order_id: uuid.UUID, *, lock: bool = False) -> OrderRow:
    """The order if the caller may see it (else 404, like a missing id); `lock` takes the row lock
    every transition holds until commit (SELECT ... FOR UPDATE)."""
    query = select(OrderRow).where(visible(ctx), OrderRow.id == order_id)
    row = (await ctx.session.execute(query.with_for_update() if lock else query)).scalar_one_or_none()
    if row is None:
        raise NotFound("No such order.")
    return row


def check_version(order: OrderRow, if_match: int | None) -> None:
    """412 when the caller edits a version of the order that is no longer current."""
    tenant_errors.check_version("order", order.version, if_match)


async def load_lines(ctx: Ctx, order: OrderRow) -> list[OrderLine]:
    query = (
        select(OrderLine)
        .where(OrderLine.tenant_id == ctx.tenant_id, OrderLine.order_id == order.id)
        .order_by(OrderLine.line_no)
    )
    return list((await ctx.session.execute(query)).scalars())


async def load_fulfilments(ctx: Ctx, order: OrderRow) -> list[tuple[Fulfilment, list[FulfilmentLine]]]:
    fulfilments = list(
        (
            await ctx.session.execute(
                select(Fulfilment)
                .where(Fulfilment.tenant_id == ctx.tenant_id, Fulfilment.order_id == order.id)
                .order_by(Fulfilment.created_at, Fulfilment.id)
            )
        ).scalars()
    )
    if not fulfilments:
        return []
    lines = (
        await ctx.session.execute(
            select(FulfilmentLine).where(
                FulfilmentLine.tenant_id == ctx.tenant_id,
                FulfilmentLine.fulfilment_id.in_([f.id for f in fulfilments]),
            )
        )
    ).scalars()
    by_fulfilment: dict[uuid.UUID, list[FulfilmentLine]] = {f.id: [] for f in fulfilments}
    for line in lines:
        by_fulfilment[line.fulfilment_id].append(line)
    return [(f, by_fulfilment[f.id]) for f in fulfilments]


async def load_events(ctx: Ctx, order: OrderRow) -> list[OrderEvent]:
    query = (
        select(OrderEvent)
        .where(OrderEvent.tenant_id == ctx.tenant_id, OrderEvent.order_id == order.id)
        .order_by(OrderEvent.created_at, OrderEvent.id)
    )
    return list((await ctx.session.execute(query)).scalars())


async def load_payments(ctx: Ctx, order: OrderRow) -> list[Payment]:
    query = (
        select(Payment)
        .where(Payment.tenant_id == ctx.tenant_id, Payment.order_id == order.id)
        .order_by(Payment.created_at, Payment.id)
    )
    return list((await ctx.session.execute(query)).scalars())


async def load_returns(ctx: Ctx, order: OrderRow) -> list[OrderReturn]:
    query = (
        select(OrderReturn)
        .where(OrderReturn.tenant_id == ctx.tenant_id, OrderReturn.order_id == order.id)
        .order_by(OrderReturn.created_at, OrderReturn.id)
    )
    return list((await ctx.session.execute(query)).scalars())
