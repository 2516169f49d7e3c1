"""Walk-in sales at the till: attaching a member to an order captured without one, discarding a
parked cart, and the sweep that discards drafts nobody came back for."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers.public import hold_customer
from domain.kernel.recorder import record, system_actor, system_ctx
from domain.loyalty import public as loyalty
from domain.orders import events, queries
from domain.orders.capture import rejudge_tier
from domain.orders.errors import OrderHasCustomer, OrderHasPayments
from domain.orders.events import ORDER
from domain.orders.models import Order as OrderRow
from domain.orders.models import OrderLine
from domain.orders.models import OrderSettings as SettingsRow
from domain.orders.queries import detail
from domain.orders.schemas import Order
from domain.orders.settings import DEFAULT_DRAFT_TTL_HOURS
from domain.orders.states import LIFECYCLE, OrderAction, OrderStatus
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.errors import NotFound, invalid
from tenants.scoping import load_visible, of_tenant

DRAFT_SWEEP = "draft sweep"
DISCARDED = "Discarded: the cart was abandoned."
EXPIRED = "Discarded automatically: the draft was left untouched for {hours} hours."


async def attach_customer(ctx: Ctx, order_id: uuid.UUID, customer_id: uuid.UUID, if_match: int | None) -> Order:
    """Make `customer_id` the customer of a walk-in sale (409 `order_has_customer` when it has one;
    attaching the same one again changes nothing). Allowed until money is taken (409
    `order_has_payments`) on any order that is not cancelled or rejected (409
    `invalid_transition`); a customer the caller cannot see is a 422 on `customer_id`. On a draft
    her tier's discount is judged (capture.rejudge_tier); a later order keeps its price."""
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    queries.check_version(order, if_match)
    LIFECYCLE.ensure_allowed(OrderAction.ATTACH_CUSTOMER, order.status, await queries.load_lines(ctx, order))
    if order.paid_total > 0:
        raise OrderHasPayments(
            f"The customer of order {order.number} cannot change: a payment was already recorded.",
            extra={"paid_total": str(order.paid_total)},
        )
    try:
        customer = await hold_customer(ctx, customer_id)
    except NotFound as exc:
        raise invalid("customer_id", "is not a customer you can see") from exc
    if order.customer_id == customer.id:
        return await detail(ctx, order)
    if order.customer_id is not None:
        raise OrderHasCustomer(f"Order {order.number} already has a customer.")
    changes: dict[str, dict[str, Any]] = {"customer_id": {"from": order.customer_id, "to": customer.id}}
    order.customer_id = customer.id
    if order.status == OrderStatus.DRAFT:
        # A draft is still being priced: her tier's benefit comes off (a submitted order keeps its price).
        changes |= await rejudge_tier(ctx, order)
    record(
        ctx,
        ORDER,
        order,
        "customer_attached",
        topic=events.ORDER_EDITED,
        note=customer.name,
        data=changes,
        event={"changes": changes},
    )
    return await detail(ctx, order)


def _discard(ctx: Ctx, order: OrderRow, lines: list[OrderLine], note: str, *, automatic: bool = False) -> None:
    before = order.status
    order.status = LIFECYCLE.advance(OrderAction.DISCARD, order.status, lines).value
    order.cancel_reason = note
    order.cancelled_at = utcnow()
    record(
        ctx,
        ORDER,
        order,
        "discarded",
        topic=events.ORDER_CANCELLED,
        from_status=before,
        note=note,
        data={"automatic": automatic},
        event={"reason": note},
        by=system_actor(DRAFT_SWEEP) if automatic else None,
    )


async def discard(ctx: Ctx, order_id: uuid.UUID) -> Order:
    """Discard a draft (a parked cart): it ends cancelled; nothing was reserved, so nothing is
    released. 409 `invalid_transition` for anything but a draft."""
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    _discard(ctx, order, await queries.load_lines(ctx, order), DISCARDED)
    await loyalty.order_stopped(ctx, order.id)  # points redeemed on the cart go back
    return await detail(ctx, order)


async def draft_ttl_hours(session: AsyncSession, tenant_id: uuid.UUID) -> int:
    ttl = (
        await session.execute(select(SettingsRow.draft_ttl_hours).where(of_tenant(tenant_id, SettingsRow)))
    ).scalar_one_or_none()
    return ttl if ttl is not None else DEFAULT_DRAFT_TTL_HOURS


async def sweep_drafts(session: AsyncSession, tenant_id: uuid.UUID, now: datetime) -> int:
    """Discard the tenant's drafts last changed more than `draft_ttl_hours` before `now` (a job of
    the tenant sweeper); rows another worker holds are skipped and taken on the next pass."""
    hours = await draft_ttl_hours(session, tenant_id)
    stale = list(
        (
            await session.execute(
                select(OrderRow)
                .where(
                    of_tenant(tenant_id, OrderRow),
                    OrderRow.status == OrderStatus.DRAFT.value,
                    OrderRow.updated_at < now - timedelta(hours=hours),
                )
                .order_by(OrderRow.updated_at, OrderRow.id)
                .limit(500)
                .with_for_update(skip_locked=True)
            )
        ).scalars()
    )
    ctx = system_ctx(session, tenant_id, DRAFT_SWEEP)
    for order in stale:
        # Only drafts were selected, so the lines (for the refusal's allowed actions) are not needed.
        _discard(ctx, order, [], EXPIRED.format(hours=hours), automatic=True)
        await loyalty.order_stopped(ctx, order.id)
    await session.flush()
    return len(stale)
