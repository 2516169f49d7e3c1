"""Controlled edits after approval and before shipment: the caller sends the complete new set of
lines (one per product); quantities change, lines come and go, the order is re-priced and the
reservation follows the difference, all in one transaction. Existing lines keep the price they
were captured at; added lines take today's catalog price."""

from __future__ import annotations

import uuid
from typing import Any

from domain.kernel.recorder import record
from domain.orders import events, queries
from domain.orders.capture import apply_totals, catalog_lines, line_inputs, new_line, order_discount, priced
from domain.orders.events import ORDER
from domain.orders.models import Order as OrderRow
from domain.orders.models import OrderLine
from domain.orders.pricing import CENT, PricingError, check_amount
from domain.orders.queries import detail
from domain.orders.schemas import Order, OrderEdit
from domain.orders.states import LIFECYCLE, OrderAction, progress_status
from domain.orders.transitions import release, reserve
from tenants.context import Ctx
from tenants.decimals import check_minor_units
from tenants.errors import FieldError, Invalid
from tenants.scoping import load_visible


async def edit_order(ctx: Ctx, order_id: uuid.UUID, data: OrderEdit, if_match: int | None) -> Order:
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    queries.check_version(order, if_match)
    lines = await queries.load_lines(ctx, order)
    LIFECYCLE.ensure_allowed(OrderAction.EDIT, order.status, lines)
    check_minor_units(order.currency, [(f"lines.{i}.discount", item.discount) for i, item in enumerate(data.lines)])
    current = {line.product_id: line for line in lines}
    wanted = {item.product_id: (index, item) for index, item in enumerate(data.lines)}
    errors: list[FieldError] = []
    for index, item in enumerate(data.lines):
        line = current.get(item.product_id)
        if line is not None and item.quantity < line.fulfilled_quantity:
            errors.append(
                FieldError(f"lines.{index}.quantity", f"must not be below the {line.fulfilled_quantity} packed unit(s)")
            )
        try:
            check_amount(f"lines.{index}.discount", item.discount)
        except PricingError as exc:
            errors.append(FieldError(exc.field, exc.message))
    for line in lines:
        if line.product_id not in wanted and line.fulfilled_quantity > 0:
            errors.append(FieldError("lines", f"{line.sku} has packed units and cannot be removed"))
    if errors:
        raise Invalid(errors)
    added_items = [item for item in data.lines if item.product_id not in current]
    products = await catalog_lines(ctx, added_items) if added_items else []

    diff: dict[str, list[dict[str, Any]]] = {"added": [], "removed": [], "changed": []}
    deltas: list[tuple[OrderLine, int]] = []
    kept: list[OrderLine] = []
    own_discounts = []
    for line in lines:
        if line.product_id not in wanted:
            diff["removed"].append({"product_id": line.product_id, "sku": line.sku, "quantity": line.quantity})
            deltas.append((line, -line.quantity))
            continue
        item = wanted[line.product_id][1]
        discount = item.discount.quantize(CENT)
        if item.quantity != line.quantity or discount != line.discount:
            diff["changed"].append(
                {
                    "product_id": line.product_id,
                    "sku": line.sku,
                    "quantity": {"from": line.quantity, "to": item.quantity},
                    "discount": {"from": line.discount, "to": discount},
                }
            )
        deltas.append((line, item.quantity - line.quantity))
        line.quantity = item.quantity
        kept.append(line)
        own_discounts.append(discount)
    next_no = max((line.line_no for line in lines), default=0) + 1
    added: list[OrderLine] = []
    for offset, (product, item) in enumerate(zip(products, added_items, strict=True)):
        line = new_line(ctx, order, next_no + offset, product, item.quantity)
        added.append(line)
        own_discounts.append(item.discount)
        deltas.append((line, item.quantity))
        diff["added"].append({"product_id": product.id, "sku": product.sku, "quantity": item.quantity})
    if not any(diff.values()):
        return await detail(ctx, order)

    final = kept + added
    totals = priced(line_inputs(final, own_discounts), order_discount(order))
    # Reserve what grows first (a short line fails the whole edit), then release what shrinks.
    await reserve(ctx, order, [(line, delta) for line, delta in deltas if delta > 0])
    await release(ctx, order, [(line, -delta) for line, delta in deltas if delta < 0], "order edited")
    removed = [line for line in lines if line.product_id not in wanted]
    for line in removed:
        await ctx.session.delete(line)
    ctx.session.add_all(added)
    before_total, before_status = order.total, order.status
    apply_totals(order, final, totals)
    order.status = progress_status(final).value
    record(
        ctx,
        ORDER,
        order,
        "edited",
        topic=events.ORDER_EDITED,
        from_status=before_status if order.status != before_status else None,
        note=data.note,
        data={**diff, "total": {"from": before_total, "to": order.total}},
        event={"changes": diff},
    )
    await ctx.session.flush()
    return await detail(ctx, order)
