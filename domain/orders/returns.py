"""Returns (RMA): request (lines and quantities within what was shipped) → approve | reject →
receive (stock back into a store in the caller's scope) → refund (a negative payment, never more
than was paid minus what was already refunded).

Every action locks the order row first (returns of one order queue behind each other, and the
quantity and refund checks see committed numbers), then the return row, and records the change
on the order (events.record: timeline, outbox `return.*`, audit, version bump).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from domain.catalog.public import Reference, StockLine, stock
from domain.kernel.events import Topic
from domain.kernel.recorder import record
from domain.loyalty import public as loyalty
from domain.orders import events, queries
from domain.orders.capture import facts
from domain.orders.errors import OrderNotReturnable, RefundExceedsPaid
from domain.orders.events import ORDER
from domain.orders.models import Order as OrderRow
from domain.orders.models import OrderLine, OrderReturn, ReturnLine
from domain.orders.models import Payment as PaymentRow
from domain.orders.payment_provider import PaymentReport, provider_for
from domain.orders.payments import positive_amount
from domain.orders.refunds import ReturnedUnits, default_refund, refundable, return_value
from domain.orders.return_states import OPEN_STATUSES, RETURN_LIFECYCLE, ReturnAction, ReturnStatus
from domain.orders.schemas import (
    RefundIn,
    Return,
    ReturnCreate,
)
from domain.orders.schemas import ReturnLine as ReturnLineOut
from domain.orders.states import OrderStatus
from domain.service import public as tickets
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.counters import yearly_number
from tenants.decimals import check_minor_units
from tenants.errors import FieldError, Invalid, NotFound, invalid
from tenants.ids import uuid7
from tenants.scoping import load_visible, of_tenant, visible
from tenants.stores import usable_store

R = ReturnStatus
RETURNABLE = frozenset({OrderStatus.DELIVERED, OrderStatus.COMPLETED})
Lines = list[tuple[ReturnLine, OrderLine]]


_RESTOCK_STORE = "is not a store you can take goods back into"


async def _open_quantities(ctx: Ctx, order: OrderRow) -> dict[uuid.UUID, int]:
    """Units per order line held by requested or approved returns (not yet in returned_quantity)."""
    rows = await ctx.session.execute(
        select(ReturnLine.order_line_id, ReturnLine.quantity)
        .join(
            OrderReturn,
            (OrderReturn.tenant_id == ReturnLine.tenant_id) & (OrderReturn.id == ReturnLine.return_id),
        )
        .where(
            of_tenant(ctx.tenant_id, OrderReturn),
            OrderReturn.order_id == order.id,
            OrderReturn.status.in_([s.value for s in OPEN_STATUSES]),
        )
    )
    held: dict[uuid.UUID, int] = {}
    for line_id, qty in rows:
        held[line_id] = held.get(line_id, 0) + int(qty)
    return held


async def _lines(ctx: Ctx, ret: OrderReturn) -> Lines:
    rows = await ctx.session.execute(
        select(ReturnLine, OrderLine)
        .join(OrderLine, (OrderLine.tenant_id == ReturnLine.tenant_id) & (OrderLine.id == ReturnLine.order_line_id))
        .where(of_tenant(ctx.tenant_id, ReturnLine), ReturnLine.return_id == ret.id)
        .order_by(OrderLine.line_no)
    )
    return [(row[0], row[1]) for row in rows]


async def _refunded_before(ctx: Ctx, ret: OrderReturn) -> dict[uuid.UUID, int]:
    """Units per order line refunded by the order's other returns (for a refunded return: those
    refunded before it), so unit values continue where the earlier refunds stopped."""
    query = (
        select(ReturnLine.order_line_id, ReturnLine.quantity)
        .join(
            OrderReturn,
            (OrderReturn.tenant_id == ReturnLine.tenant_id) & (OrderReturn.id == ReturnLine.return_id),
        )
        .where(
            of_tenant(ctx.tenant_id, OrderReturn),
            OrderReturn.order_id == ret.order_id,
            OrderReturn.status == R.REFUNDED.value,
            OrderReturn.id != ret.id,
        )
    )
    if ret.status == R.REFUNDED:
        query = query.where(OrderReturn.updated_at < ret.updated_at)
    before: dict[uuid.UUID, int] = {}
    for line_id, qty in await ctx.session.execute(query):
        before[line_id] = before.get(line_id, 0) + int(qty)
    return before


async def _value(ctx: Ctx, ret: OrderReturn, lines: Lines) -> Decimal:
    before = await _refunded_before(ctx, ret)
    return return_value(ReturnedUnits(o.line_total, o.quantity, before.get(o.id, 0), r.quantity) for r, o in lines)


async def _out(ctx: Ctx, ret: OrderReturn, order_number: str, lines: Lines | None = None) -> Return:
    lines = lines if lines is not None else await _lines(ctx, ret)
    return Return(
        id=ret.id,
        number=ret.number,
        order_id=ret.order_id,
        order_number=order_number,
        status=ReturnStatus(ret.status),
        reason=ret.reason,
        store_id=ret.store_id,
        ticket_id=ret.ticket_id,
        lines=[
            ReturnLineOut(line_id=o.id, product_id=o.product_id, sku=o.sku, name=o.name, quantity=r.quantity)
            for r, o in lines
        ],
        value=await _value(ctx, ret, lines),
        refund_amount=ret.refund_amount,
        allowed_actions=RETURN_LIFECYCLE.allowed_actions(ret.status, permissions=ctx.actor.permissions),
        created_at=ret.created_at,
        updated_at=ret.updated_at,
    )


def _check_lines(data: ReturnCreate, lines: Sequence[OrderLine], held: dict[uuid.UUID, int]) -> None:
    """422 unless every line is the order's, named once, and within what can still come back:
    shipped − already returned − held by open returns."""
    by_id = {line.id: line for line in lines}
    errors: list[FieldError] = []
    seen: set[uuid.UUID] = set()
    for index, item in enumerate(data.lines):
        line = by_id.get(item.line_id)
        if line is None:
            errors.append(FieldError(f"lines.{index}.line_id", "is not a line of this order"))
        elif item.line_id in seen:
            errors.append(FieldError(f"lines.{index}.line_id", "appears more than once"))
        else:
            left = line.shipped_quantity - line.returned_quantity - held.get(line.id, 0)
            if item.quantity > left:
                errors.append(FieldError(f"lines.{index}.quantity", f"exceeds the {left} unit(s) that can be returned"))
        seen.add(item.line_id)
    if errors:
        raise Invalid(errors)


_TOPICS: dict[str, Topic[Any]] = {
    "requested": events.RETURN_REQUESTED,
    "approved": events.RETURN_APPROVED,
    "rejected": events.RETURN_REJECTED,
    "received": events.RETURN_RECEIVED,
    "refunded": events.RETURN_REFUNDED,
}


def _record(ctx: Ctx, order: OrderRow, ret: OrderReturn, action: str, *, note: str = "", **extra: Any) -> None:
    """The return's change on its order: timeline `return_<action>`, outbox `return.<action>`, audit."""
    ret.updated_at = utcnow()
    data = {"return_id": ret.id, "return_number": ret.number, "return_status": ret.status, **extra}
    record(
        ctx,
        ORDER,
        order,
        f"return_{action}",
        topic=_TOPICS[action],
        note=note,
        data=data,
        event={**data, "reason": note},
    )


async def request_return(ctx: Ctx, order_id: uuid.UUID, data: ReturnCreate) -> Return:
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    if order.status not in RETURNABLE:
        raise OrderNotReturnable(f"Returns are for delivered or completed orders; this one is {order.status}.")
    if data.ticket_id is not None and not await tickets.is_ticket_of_order(ctx, data.ticket_id, order.id):
        raise invalid("ticket_id", "is not a ticket of this order you can see")
    lines = await queries.load_lines(ctx, order)
    _check_lines(data, lines, await _open_quantities(ctx, order))
    store_id = await usable_store(ctx, data.store_id, "store_id", _RESTOCK_STORE) if data.store_id else order.store_id
    now = utcnow()
    ret = OrderReturn(
        tenant_id=ctx.tenant_id,
        id=uuid7(),
        order_id=order.id,
        status=R.REQUESTED.value,
        reason=data.reason,
        store_id=store_id,
        ticket_id=data.ticket_id,
        refund_amount=Decimal("0.00"),
        created_at=now,
        updated_at=now,
    )
    ret.number = await yearly_number(
        ctx.session, ctx.tenant_id, "RMA"
    )  # last: the counter row stays locked until commit
    ctx.session.add(ret)
    await ctx.session.flush()
    ctx.session.add_all(
        ReturnLine(tenant_id=ctx.tenant_id, return_id=ret.id, order_line_id=item.line_id, quantity=item.quantity)
        for item in data.lines
    )
    requested = [{"line_id": item.line_id, "quantity": item.quantity} for item in data.lines]
    _record(ctx, order, ret, "requested", note=data.reason, lines=requested)
    await ctx.session.flush()
    return await _out(ctx, ret, order.number)


async def _load(ctx: Ctx, return_id: uuid.UUID, *, lock: bool = False) -> tuple[OrderRow, OrderReturn]:
    """The return if the caller may see its order (else 404, like a missing id). With `lock`, the
    order row and then the return row are locked, and the return is re-read after the locks."""
    found = (
        await ctx.session.execute(
            select(OrderReturn.order_id)
            .join(OrderRow, (OrderRow.tenant_id == OrderReturn.tenant_id) & (OrderRow.id == OrderReturn.order_id))
            .where(visible(ctx, OrderRow), of_tenant(ctx.tenant_id, OrderReturn), OrderReturn.id == return_id)
        )
    ).scalar_one_or_none()
    if found is None:
        raise NotFound("No such return.")
    order = await load_visible(ctx, OrderRow, found, lock=lock)
    query = select(OrderReturn).where(of_tenant(ctx.tenant_id, OrderReturn), OrderReturn.id == return_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return order, (await ctx.session.execute(query)).scalar_one()


async def get_return(ctx: Ctx, return_id: uuid.UUID) -> Return:
    order, ret = await _load(ctx, return_id)
    return await _out(ctx, ret, order.number)


async def list_returns(ctx: Ctx, order_id: uuid.UUID) -> list[Return]:
    order = await load_visible(ctx, OrderRow, order_id)
    return [await _out(ctx, ret, order.number) for ret in await queries.load_returns(ctx, order)]


async def approve(ctx: Ctx, return_id: uuid.UUID) -> Return:
    order, ret = await _load(ctx, return_id, lock=True)
    ret.status = RETURN_LIFECYCLE.advance(ReturnAction.APPROVE, ret.status).value
    _record(ctx, order, ret, "approved")
    return await _out(ctx, ret, order.number)


async def reject(ctx: Ctx, return_id: uuid.UUID, reason: str) -> Return:
    order, ret = await _load(ctx, return_id, lock=True)
    ret.status = RETURN_LIFECYCLE.advance(ReturnAction.REJECT, ret.status).value
    _record(ctx, order, ret, "rejected", note=reason)
    return await _out(ctx, ret, order.number)


async def receive(ctx: Ctx, return_id: uuid.UUID, store_id: uuid.UUID | None) -> Return:
    """The goods are back: stock added in the receiving store (movement kind `return`), and the
    order lines' returned_quantity raised."""
    order, ret = await _load(ctx, return_id, lock=True)
    next_status = RETURN_LIFECYCLE.advance(ReturnAction.RECEIVE, ret.status)
    target = store_id or ret.store_id or order.store_id
    await usable_store(ctx, target, "store_id", _RESTOCK_STORE)
    lines = await _lines(ctx, ret)
    await stock.add(
        ctx.session,
        ctx.tenant_id,
        target,
        [StockLine(o.product_id, r.quantity) for r, o in lines],
        "return",
        Reference("order_return", ret.id, ctx.actor.user_id, ret.number),
    )
    for r, o in lines:
        o.returned_quantity += r.quantity
    ret.store_id = target
    ret.status = next_status.value
    _record(ctx, order, ret, "received", store_id=target)
    return await _out(ctx, ret, order.number, lines)


async def refund(ctx: Ctx, return_id: uuid.UUID, data: RefundIn) -> Return:
    """Give the money back as a negative payment linked to the return. The default amount is the
    returned units' value capped at what may still be refunded; an explicit amount above the
    value is 422, above paid − refunded is 409 `refund_exceeds_paid`."""
    order, ret = await _load(ctx, return_id, lock=True)
    next_status = RETURN_LIFECYCLE.advance(ReturnAction.REFUND, ret.status)
    lines = await _lines(ctx, ret)
    value = await _value(ctx, ret, lines)
    cap = refundable(order.paid_total, order.refunded_total)
    if data.amount is None:
        amount = default_refund(value, order.paid_total, order.refunded_total)
    else:
        check_minor_units(order.currency, [("amount", data.amount)])
        amount = positive_amount("amount", data.amount)
        if amount > value:
            raise invalid("amount", f"exceeds the value of the returned goods ({value})")
    if amount <= 0 or amount > cap:
        raise RefundExceedsPaid(
            f"Refunds cannot exceed what was paid minus what was already refunded ({cap}).",
            extra={"refundable": str(cap), "requested": str(amount)},
        )
    report = PaymentReport(ctx.tenant_id, order.id, order.number, data.method, -amount, order.currency, data.reference)
    confirmed = await provider_for(data.method).refund(report)
    payment = PaymentRow(
        tenant_id=ctx.tenant_id,
        id=uuid7(),
        order_id=order.id,
        method=confirmed.method,
        amount=confirmed.amount,
        reference=confirmed.reference,
        return_id=ret.id,
        recorded_by=ctx.actor.user_id,
        created_at=utcnow(),
    )
    ctx.session.add(payment)
    refunded_before = order.refunded_total
    order.refunded_total += amount
    ret.refund_amount = amount
    ret.status = next_status.value
    _record(
        ctx,
        order,
        ret,
        "refunded",
        payment_id=payment.id,
        amount=amount,
        method=payment.method,
        refunded_total=order.refunded_total,
    )
    await ctx.session.flush()
    await loyalty.order_refunded(ctx, facts(order), ret.id, refunded_before, amount)
    return await _out(ctx, ret, order.number, lines)
