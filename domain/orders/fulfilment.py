"""Packing and shipping: a fulfilment packs units of reserved lines (several partial ones are
fine, never more than is left to pack); shipping consumes the reserved stock of packed units."""

from __future__ import annotations

import uuid

from domain.catalog.public import StockLine, stock
from domain.kernel.recorder import record
from domain.orders import events, queries
from domain.orders.errors import FulfilmentNotPacked
from domain.orders.events import ORDER
from domain.orders.models import Fulfilment, FulfilmentLine
from domain.orders.models import Order as OrderRow
from domain.orders.queries import detail
from domain.orders.schemas import FulfilIn, Order, ShipIn
from domain.orders.states import LIFECYCLE, OrderAction, OrderStatus, progress_status
from domain.orders.transitions import reference
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.errors import FieldError, Invalid, invalid
from tenants.ids import uuid7
from tenants.scoping import load_visible


async def fulfil(ctx: Ctx, order_id: uuid.UUID, data: FulfilIn) -> Order:
    """Pack the given quantities into a new fulfilment; the order becomes processing, or
    fulfilled once every unit is packed."""
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    lines = await queries.load_lines(ctx, order)
    LIFECYCLE.ensure_allowed(OrderAction.FULFIL, order.status, lines)
    by_id = {line.id: line for line in lines}
    errors: list[FieldError] = []
    seen: set[uuid.UUID] = set()
    for index, item in enumerate(data.lines):
        line = by_id.get(item.line_id)
        if line is None:
            errors.append(FieldError(f"lines.{index}.line_id", "is not a line of this order"))
        elif item.line_id in seen:
            errors.append(FieldError(f"lines.{index}.line_id", "appears more than once"))
        elif item.quantity > line.quantity - line.fulfilled_quantity:
            left = line.quantity - line.fulfilled_quantity
            errors.append(FieldError(f"lines.{index}.quantity", f"exceeds the {left} unit(s) left to pack"))
        seen.add(item.line_id)
    if errors:
        raise Invalid(errors)
    now = utcnow()
    fulfilment = Fulfilment(tenant_id=ctx.tenant_id, id=uuid7(), order_id=order.id, status="packed", created_at=now)
    ctx.session.add(fulfilment)
    await ctx.session.flush()
    for item in data.lines:
        by_id[item.line_id].fulfilled_quantity += item.quantity
        ctx.session.add(
            FulfilmentLine(
                tenant_id=ctx.tenant_id, fulfilment_id=fulfilment.id, order_line_id=item.line_id, quantity=item.quantity
            )
        )
    before = order.status
    order.status = progress_status(lines).value
    packed = [{"line_id": item.line_id, "quantity": item.quantity} for item in data.lines]
    record(
        ctx,
        ORDER,
        order,
        "fulfilled",
        topic=events.ORDER_FULFILLED,
        from_status=before,
        data={"fulfilment_id": fulfilment.id, "lines": packed},
    )
    return await detail(ctx, order)


async def ship(ctx: Ctx, order_id: uuid.UUID, data: ShipIn) -> Order:
    """Ship one packed fulfilment (or all of them): consume their reserved stock, record carrier
    and tracking number; the order is shipped once every unit has left."""
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    lines = await queries.load_lines(ctx, order)
    LIFECYCLE.ensure_allowed(OrderAction.SHIP, order.status, lines)
    fulfilments = await queries.load_fulfilments(ctx, order)
    if data.fulfilment_id is not None:
        chosen = [(f, f_lines) for f, f_lines in fulfilments if f.id == data.fulfilment_id]
        if not chosen:
            raise invalid("fulfilment_id", "is not a fulfilment of this order")
        if chosen[0][0].status != "packed":
            raise FulfilmentNotPacked(f"The fulfilment is {chosen[0][0].status}, not packed.")
    else:
        chosen = [(f, f_lines) for f, f_lines in fulfilments if f.status == "packed"]
    by_id = {line.id: line for line in lines}
    units = [(by_id[f_line.order_line_id], f_line.quantity) for _, f_lines in chosen for f_line in f_lines]
    await stock.consume(
        ctx.session,
        ctx.tenant_id,
        order.store_id,
        [StockLine(line.product_id, qty) for line, qty in units],
        reference(ctx, order),
    )
    now = utcnow()
    for line, qty in units:
        line.shipped_quantity += qty
    for fulfilment, _ in chosen:
        fulfilment.status = "shipped"
        fulfilment.carrier = data.carrier
        fulfilment.tracking_number = data.tracking_number
        fulfilment.shipped_at = now
    before = order.status
    order.status = progress_status(lines).value
    if order.status == OrderStatus.SHIPPED:
        order.shipped_at = now
    shipment = {
        "fulfilment_ids": [f.id for f, _ in chosen],
        "carrier": data.carrier,
        "tracking_number": data.tracking_number,
    }
    record(ctx, ORDER, order, "shipped", topic=events.ORDER_SHIPPED, from_status=before, data=shipment)
    return await detail(ctx, order)
