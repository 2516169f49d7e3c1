"""Status transitions: each locks the order row, checks the transition table, changes state
(and stock), then records the event, the outbox event and the audit entry (events.record)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from domain.catalog.public import InsufficientStock, Reference, StockLine, stock
from domain.kernel.recorder import record, system_actor
from domain.loyalty import public as loyalty
from domain.orders import events, queries
from domain.orders.approval import Finding, approval_findings
from domain.orders.capture import facts, reprice, staff_priced
from domain.orders.events import ORDER
from domain.orders.models import Order as OrderRow
from domain.orders.models import OrderLine
from domain.orders.queries import detail
from domain.orders.schemas import Order
from domain.orders.settings import approval_rules
from domain.orders.states import LIFECYCLE, RESERVED_STATUSES, OrderAction, OrderStatus
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.scoping import load_visible

S = OrderStatus


def reference(ctx: Ctx, order: OrderRow, reason: str = "") -> Reference:
    return Reference("order", order.id, ctx.actor.user_id, reason or order.number)


async def reserve(ctx: Ctx, order: OrderRow, lines: Iterable[tuple[OrderLine, int]]) -> None:
    """Reserve (line, quantity) pairs at the order's store, all or nothing; the 409 names the
    short lines by product, SKU and line id."""
    wanted = [(line, qty) for line, qty in lines if qty > 0]
    try:
        await stock.reserve(
            ctx.session,
            ctx.tenant_id,
            order.store_id,
            [StockLine(line.product_id, qty) for line, qty in wanted],
            reference(ctx, order),
        )
    except InsufficientStock as exc:
        by_product = {str(line.product_id): line for line, _ in wanted}
        short = [
            {**item, "sku": by_product[item["product_id"]].sku, "line_id": str(by_product[item["product_id"]].id)}
            for item in exc.extra.get("short_lines", [])
        ]
        raise InsufficientStock(
            "Not enough stock for some lines; nothing was reserved.", extra={"short_lines": short}
        ) from exc


async def release(ctx: Ctx, order: OrderRow, lines: Iterable[tuple[OrderLine, int]], reason: str = "") -> None:
    wanted = [StockLine(line.product_id, qty) for line, qty in lines if qty > 0]
    if wanted:
        await stock.release(ctx.session, ctx.tenant_id, order.store_id, wanted, reference(ctx, order, reason))


async def _approve(ctx: Ctx, order: OrderRow, lines: list[OrderLine]) -> None:
    """Reserve every line (409 insufficient_stock and nothing changes) and mark the order approved."""
    await reserve(ctx, order, [(line, line.quantity) for line in lines])
    order.status = S.APPROVED.value
    order.approved_at = utcnow()


def _mark_submitted(order: OrderRow, findings: list[Finding]) -> None:
    order.requires_approval = bool(findings)
    order.approval_reasons = [finding.as_json() for finding in findings]
    order.submitted_at = utcnow()


async def submit(ctx: Ctx, order_id: uuid.UUID) -> Order:
    """Draft → pending_approval when an approval rule applies, else approved at once with stock
    reserved (short stock is a 409 and the order stays a draft). An automatic approval is its own
    timeline event, attributed to the approval rules."""
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    lines = await queries.load_lines(ctx, order)
    LIFECYCLE.ensure_allowed(OrderAction.SUBMIT, order.status, lines)
    findings = approval_findings(reprice(order, lines), await approval_rules(ctx), staff_priced(order, lines))
    reasons = [finding.code for finding in findings]
    if reasons:
        _mark_submitted(order, findings)
        order.status = S.PENDING_APPROVAL.value
        record(
            ctx,
            ORDER,
            order,
            "submitted",
            topic=events.ORDER_SUBMITTED,
            from_status=S.DRAFT.value,
            data={"approval_reasons": reasons},
        )
    else:
        # Reserve before touching the order: the reservation's statements flush pending changes,
        # and the order's own change then goes out as one UPDATE instead of two.
        await _approve(ctx, order, lines)
        _mark_submitted(order, findings)
        record(ctx, ORDER, order, "submitted", topic=events.ORDER_SUBMITTED, data={"approval_reasons": []})
        record(
            ctx,
            ORDER,
            order,
            "approved",
            topic=events.ORDER_APPROVED,
            from_status=S.DRAFT.value,
            note="Approved automatically: within the approval rules.",
            data={"automatic": True},
            by=system_actor(events.APPROVAL_RULES),
        )
        await loyalty.order_reached(ctx, facts(order))
    return await detail(ctx, order)


async def approve(ctx: Ctx, order_id: uuid.UUID) -> Order:
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    lines = await queries.load_lines(ctx, order)
    LIFECYCLE.ensure_allowed(OrderAction.APPROVE, order.status, lines)
    before = order.status
    await _approve(ctx, order, lines)
    record(ctx, ORDER, order, "approved", topic=events.ORDER_APPROVED, from_status=before, data={"automatic": False})
    await loyalty.order_reached(ctx, facts(order))
    return await detail(ctx, order)


async def reject(ctx: Ctx, order_id: uuid.UUID, reason: str) -> Order:
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    lines = await queries.load_lines(ctx, order)
    LIFECYCLE.ensure_allowed(OrderAction.REJECT, order.status, lines)
    before = order.status
    order.status = S.REJECTED.value
    order.reject_reason = reason
    record(
        ctx,
        ORDER,
        order,
        "rejected",
        topic=events.ORDER_REJECTED,
        from_status=before,
        note=reason,
        event={"reason": reason},
    )
    await loyalty.order_stopped(ctx, order.id)  # points redeemed on it go back
    return await detail(ctx, order)


async def cancel(ctx: Ctx, order_id: uuid.UUID, reason: str) -> Order:
    """Cancel before anything shipped; reservations of the unshipped units are released and
    packed fulfilments are voided."""
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    lines = await queries.load_lines(ctx, order)
    LIFECYCLE.ensure_allowed(OrderAction.CANCEL, order.status, lines)
    before = order.status
    if before in RESERVED_STATUSES:
        await release(ctx, order, [(line, line.quantity - line.shipped_quantity) for line in lines], reason)
    for fulfilment, _ in await queries.load_fulfilments(ctx, order):
        if fulfilment.status == "packed":
            fulfilment.status = "cancelled"
    order.status = S.CANCELLED.value
    order.cancel_reason = reason
    order.cancelled_at = utcnow()
    record(
        ctx,
        ORDER,
        order,
        "cancelled",
        topic=events.ORDER_CANCELLED,
        from_status=before,
        note=reason,
        event={"reason": reason},
    )
    await loyalty.order_stopped(ctx, order.id)  # points redeemed on it go back
    return await detail(ctx, order)


async def deliver(ctx: Ctx, order_id: uuid.UUID) -> Order:
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    lines = await queries.load_lines(ctx, order)
    LIFECYCLE.ensure_allowed(OrderAction.DELIVER, order.status, lines)
    now = utcnow()
    for fulfilment, _ in await queries.load_fulfilments(ctx, order):
        if fulfilment.status == "shipped":
            fulfilment.status = "delivered"
            fulfilment.delivered_at = now
    before = order.status
    order.status = S.DELIVERED.value
    order.delivered_at = now
    record(ctx, ORDER, order, "delivered", topic=events.ORDER_DELIVERED, from_status=before)
    await loyalty.order_reached(ctx, facts(order))
    return await detail(ctx, order)


async def complete(ctx: Ctx, order_id: uuid.UUID) -> Order:
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    lines = await queries.load_lines(ctx, order)
    LIFECYCLE.ensure_allowed(OrderAction.COMPLETE, order.status, lines)
    before = order.status
    order.status = S.COMPLETED.value
    order.completed_at = utcnow()
    record(ctx, ORDER, order, "completed", topic=events.ORDER_COMPLETED, from_status=before)
    await loyalty.order_reached(ctx, facts(order))
    return await detail(ctx, order)
