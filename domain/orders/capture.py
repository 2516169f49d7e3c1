"""Capturing an order: a draft priced from the catalog, its lines replaced while it is a draft.

Prices, names and tax rates come from the product rows at capture, never from the client.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import msgspec

from domain.catalog.public import Product, display_name, orderable_products, stock
from domain.customers.public import hold_customer
from domain.integrations.models import PublicLink
from domain.kernel.recorder import record
from domain.loyalty import public as loyalty
from domain.orders import events, queries
from domain.orders.events import ORDER
from domain.orders.models import Order as OrderRow
from domain.orders.models import OrderLine
from domain.orders.pricing import CENT, LineInput, PricingError, Totals, price
from domain.orders.queries import detail
from domain.orders.schemas import (
    LineIn,
    Order,
    OrderCreate,
    OrderLinesUpdate,
    OrderUpdate,
    Quote,
    QuoteIn,
    QuoteLine,
)
from domain.orders.states import LIFECYCLE, OrderAction, OrderStatus
from tenants.company import currency_of
from tenants.context import Ctx
from tenants.counters import yearly_number
from tenants.decimals import check_minor_units, minor_units
from tenants.errors import FieldError, Invalid, NotFound, invalid
from tenants.ids import uuid7
from tenants.scoping import load_visible
from tenants.stores import is_usable_store

TRACKING_LINK = "order_tracking"


def product_name(product: Product) -> str:
    return display_name(product.name_zh, product.name_en) or product.sku


async def catalog_lines(ctx: Ctx, lines: Sequence[LineIn]) -> list[Product]:
    """The product of each requested line, in order; 422 for repeats and unorderable products."""
    errors: list[FieldError] = []
    seen: set[uuid.UUID] = set()
    for index, line in enumerate(lines):
        if line.product_id in seen:
            errors.append(FieldError(f"lines.{index}.product_id", "appears on more than one line"))
        seen.add(line.product_id)
    products = await orderable_products(ctx.session, ctx.tenant_id, seen)
    for index, line in enumerate(lines):
        if line.product_id not in products:
            errors.append(FieldError(f"lines.{index}.product_id", "is not an active product of the catalog"))
    if errors:
        raise Invalid(errors)
    return [products[line.product_id] for line in lines]


def priced(inputs: Sequence[LineInput], discount: Decimal) -> Totals:
    """pricing.price with its refusals as 422 field errors."""
    try:
        return price(inputs, discount)
    except PricingError as exc:
        raise invalid(exc.field, exc.message) from exc


def apply_totals(order: OrderRow, lines: Sequence[OrderLine], totals: Totals) -> None:
    """Write priced amounts. A line keeps its own discount in `discount`; its share of the
    order-level discount is inside `line_total` (net), so re-pricing never counts it twice."""
    for line, p in zip(lines, totals.lines, strict=True):
        line.discount = p.line_discount
        line.tax_amount = p.tax
        line.line_total = p.net
    order.subtotal = totals.subtotal
    order.discount_total = totals.discount_total
    order.tax_total = totals.tax_total
    order.total = totals.total


def line_inputs(lines: Sequence[OrderLine], own_discounts: Sequence[Decimal] | None = None) -> list[LineInput]:
    """Pricing inputs of stored lines (their own discounts unless new ones are given)."""
    discounts = own_discounts if own_discounts is not None else [line.discount for line in lines]
    return [
        LineInput(unit_price=line.unit_price, quantity=line.quantity, tax_rate=line.tax_rate, discount=discount)
        for line, discount in zip(lines, discounts, strict=True)
    ]


def order_discount(order: OrderRow) -> Decimal:
    """The order-level discount pricing shares over the lines: the staff's, the member's tier
    benefit and her points."""
    return order.discount + order.tier_discount + order.points_discount


def reprice(order: OrderRow, lines: Sequence[OrderLine]) -> Totals:
    """The totals of stored lines and discounts (what approval rules judge)."""
    return priced(line_inputs(lines), order_discount(order))


def staff_priced(order: OrderRow, lines: Sequence[OrderLine]) -> Totals:
    """The totals with the discounts staff gave only, lines' and order's (what the discount limit
    judges)."""
    return priced(line_inputs(lines), order.discount)


def facts(order: OrderRow) -> loyalty.OrderFacts:
    """What loyalty is told about an order."""
    return loyalty.OrderFacts(
        id=order.id,
        number=order.number,
        customer_id=order.customer_id,
        store_id=order.store_id,
        status=order.status,
        total=order.total,
        refunded_total=order.refunded_total,
        currency=order.currency,
    )


def with_benefits(
    inputs: Sequence[LineInput], discount: Decimal, tier_percent: Decimal, points_value: Decimal, currency: str
) -> tuple[Totals, Decimal]:
    """Price with the staff's discount, then the member's tier discount (its percent of what is
    left, rounded half up to the currency's minor unit), then the points' value; points worth more
    than what is left to pay are a 422 on `redeem_points`. Returns the totals and the tier discount."""
    before = priced(inputs, discount)
    unit = Decimal(1).scaleb(-minor_units(currency))
    tier_off = (before.total * tier_percent / 100).quantize(unit, rounding=ROUND_HALF_UP)
    left = before.total - tier_off
    if points_value > left:
        raise invalid("redeem_points", f"are worth {points_value}, more than the order's {left}")
    extra = tier_off + points_value
    return (priced(inputs, discount + extra) if extra else before), tier_off


def new_line(ctx: Ctx, order: OrderRow, line_no: int, product: Product, quantity: int) -> OrderLine:
    return OrderLine(
        tenant_id=ctx.tenant_id,
        order_id=order.id,
        line_no=line_no,
        product_id=product.id,
        sku=product.sku,
        name=product_name(product),
        name_zh=product.name_zh,
        name_en=product.name_en,
        quantity=quantity,
        unit_price=product.list_price,
        tax_rate=product.tax_rate,
        fulfilled_quantity=0,
        shipped_quantity=0,
        returned_quantity=0,
    )


async def _check_parties(ctx: Ctx, store_id: uuid.UUID | None, customer_id: uuid.UUID | None) -> None:
    """422 unless the store (when given) is active and in the caller's scope and the customer
    (when given) is one the caller can see."""
    errors: list[FieldError] = []
    if store_id is not None and not await is_usable_store(ctx, store_id):
        errors.append(FieldError("store_id", "is not a store you can sell from"))
    if customer_id is not None:
        try:
            await hold_customer(ctx, customer_id)
        except NotFound:
            errors.append(FieldError("customer_id", "is not a customer you can see"))
    if errors:
        raise Invalid(errors)


def _tracking_link(ctx: Ctx, order: OrderRow) -> None:
    """A fresh unguessable token on the order; the platform lookup stores only its hash."""
    order.tracking_token = secrets.token_urlsafe(32)
    ctx.session.add(
        PublicLink(
            token_hash=hashlib.sha256(order.tracking_token.encode()).hexdigest(),
            tenant_id=ctx.tenant_id,
            kind=TRACKING_LINK,
            target_id=order.id,
        )
    )


def discounts(lines: Sequence[LineIn], discount: Decimal | None) -> list[tuple[str, Decimal | None]]:
    """The amounts a client sends with lines, named by field (for tenants.decimals.check_minor_units)."""
    return [("discount", discount), *((f"lines.{i}.discount", line.discount) for i, line in enumerate(lines))]


async def create_order(ctx: Ctx, data: OrderCreate) -> Order:
    """A draft order priced from the catalog (nothing is reserved until approval), in the
    tenant's currency."""
    currency = await currency_of(ctx.session, ctx.tenant_id)
    check_minor_units(currency, discounts(data.lines, data.discount))
    await _check_parties(ctx, data.store_id, data.customer_id)
    products = await catalog_lines(ctx, data.lines)
    value = await loyalty.redemption_value(ctx, data.customer_id, data.redeem_points, currency)
    tier_percent = await loyalty.tier_discount_percent(ctx, data.customer_id)
    order = OrderRow(
        tenant_id=ctx.tenant_id,
        id=uuid7(),
        currency=currency,
        channel=data.channel,
        store_id=data.store_id,
        customer_id=data.customer_id,
        status=OrderStatus.DRAFT.value,
        note=data.note,
        created_by=ctx.actor.user_id,
        paid_total=Decimal("0.00"),
        refunded_total=Decimal("0.00"),
        requires_approval=False,
        points_redeemed=data.redeem_points,
        points_discount=value,
        version=0,
    )
    lines = [
        new_line(ctx, order, no, p, line.quantity)
        for no, (p, line) in enumerate(zip(products, data.lines, strict=True), 1)
    ]
    own = [line.discount for line in data.lines]
    totals, order.tier_discount = with_benefits(line_inputs(lines, own), data.discount, tier_percent, value, currency)
    order.discount = data.discount.quantize(CENT)
    apply_totals(order, lines, totals)
    _tracking_link(ctx, order)
    order.number = await yearly_number(
        ctx.session, ctx.tenant_id, "SO"
    )  # last: the counter row stays locked until commit
    ctx.session.add(order)
    await ctx.session.flush()
    ctx.session.add_all(lines)
    record(ctx, ORDER, order, "created", topic=events.ORDER_CREATED, from_status="", data={"total": order.total})
    await ctx.session.flush()
    await loyalty.redeem(ctx, facts(order), data.redeem_points, value)  # the member's points, in this transaction
    return await detail(ctx, order)


async def replace_lines(ctx: Ctx, order_id: uuid.UUID, data: OrderLinesUpdate, if_match: int | None) -> Order:
    """Replace a draft's lines (re-priced from the catalog as it is now)."""
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    queries.check_version(order, if_match)
    old = await queries.load_lines(ctx, order)
    LIFECYCLE.ensure_allowed(OrderAction.UPDATE_LINES, order.status, old)
    discount = order.discount if isinstance(data.discount, msgspec.UnsetType) else data.discount
    check_minor_units(order.currency, discounts(data.lines, discount))
    products = await catalog_lines(ctx, data.lines)
    lines = [
        new_line(ctx, order, no, p, line.quantity)
        for no, (p, line) in enumerate(zip(products, data.lines, strict=True), 1)
    ]
    tier_percent = await loyalty.tier_discount_percent(ctx, order.customer_id)
    own = [line.discount for line in data.lines]
    totals, tier_off = with_benefits(
        line_inputs(lines, own), discount, tier_percent, order.points_discount, order.currency
    )
    before_total = order.total
    for line in old:
        await ctx.session.delete(line)
    await ctx.session.flush()  # deletes first: line numbers are unique per order
    order.discount = discount.quantize(CENT)
    order.tier_discount = tier_off
    apply_totals(order, lines, totals)
    ctx.session.add_all(lines)
    changes = {"total": {"from": before_total, "to": order.total}, "lines": len(lines)}
    record(ctx, ORDER, order, "lines_updated", topic=events.ORDER_EDITED, data=changes, event={"changes": changes})
    await ctx.session.flush()
    return await detail(ctx, order)


async def rejudge_tier(ctx: Ctx, order: OrderRow) -> dict[str, dict[str, Any]]:
    """Price a draft again for its customer as she is now: her tier's discount (none for a
    walk-in sale or a customer without a tier) replaces the one judged for whoever it was before.
    Returns what changed (`tier_discount`, `total`), for the timeline and the event."""
    lines = await queries.load_lines(ctx, order)
    tier_percent = await loyalty.tier_discount_percent(ctx, order.customer_id)
    own = [line.discount for line in lines]
    totals, tier_off = with_benefits(
        line_inputs(lines, own), order.discount, tier_percent, order.points_discount, order.currency
    )
    if tier_off == order.tier_discount:
        return {}
    before = {"tier_discount": order.tier_discount, "total": order.total}
    order.tier_discount = tier_off
    apply_totals(order, lines, totals)
    return {name: {"from": value, "to": getattr(order, name)} for name, value in before.items()}


async def update_draft(ctx: Ctx, order_id: uuid.UUID, data: OrderUpdate, if_match: int | None) -> Order:
    """Change a draft's customer, store, channel or note (nothing is reserved yet, so moving the
    draft to another store is free); a new customer (or none) re-judges the tier discount; the
    timeline records what changed."""
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    queries.check_version(order, if_match)
    LIFECYCLE.ensure_allowed(OrderAction.UPDATE_LINES, order.status, await queries.load_lines(ctx, order))
    changes = {name: value for name, value in msgspec.structs.asdict(data).items() if value is not msgspec.UNSET}
    if order.points_redeemed and "customer_id" in changes and changes["customer_id"] != order.customer_id:
        raise invalid("customer_id", "cannot change: the member's points were redeemed on this order")
    await _check_parties(ctx, changes.get("store_id"), changes.get("customer_id"))
    diff = {
        name: {"from": getattr(order, name), "to": value}
        for name, value in changes.items()
        if getattr(order, name) != value
    }
    if not diff:
        return await detail(ctx, order)
    for name, value in changes.items():
        setattr(order, name, value)
    if "customer_id" in diff:
        diff |= await rejudge_tier(ctx, order)  # her tier's benefit, not the previous customer's
    record(ctx, ORDER, order, "updated", topic=events.ORDER_EDITED, data=diff, event={"changes": diff})
    await ctx.session.flush()
    return await detail(ctx, order)


async def quote(ctx: Ctx, data: QuoteIn) -> Quote:
    """Price a cart exactly as create_order would, without saving anything; with a store, the
    units each line has available there (for a warning before submit: approval still decides)."""
    currency = await currency_of(ctx.session, ctx.tenant_id)
    check_minor_units(currency, discounts(data.lines, data.discount))
    await _check_parties(ctx, data.store_id, data.customer_id)
    products = await catalog_lines(ctx, data.lines)
    value = await loyalty.redemption_value(ctx, data.customer_id, data.redeem_points, currency)
    tier_percent = await loyalty.tier_discount_percent(ctx, data.customer_id)
    inputs = [
        LineInput(unit_price=p.list_price, quantity=line.quantity, tax_rate=p.tax_rate, discount=line.discount)
        for p, line in zip(products, data.lines, strict=True)
    ]
    totals, tier_off = with_benefits(inputs, data.discount, tier_percent, value, currency)
    available = (
        await stock.available(ctx.session, ctx.tenant_id, data.store_id, [p.id for p in products])
        if data.store_id is not None
        else {}
    )
    return Quote(
        lines=[
            QuoteLine(
                product_id=p.id,
                sku=p.sku,
                name=product_name(p),
                quantity=line.quantity,
                unit_price=p.list_price,
                discount=priced_line.line_discount,
                tax_rate=p.tax_rate,
                tax_amount=priced_line.tax,
                line_total=priced_line.net,
                available=available.get(p.id) if data.store_id is not None else None,
            )
            for p, line, priced_line in zip(products, data.lines, totals.lines, strict=True)
        ],
        discount=data.discount.quantize(CENT),
        points_redeemed=data.redeem_points,
        points_discount=value,
        tier_discount=tier_off,
        subtotal=totals.subtotal,
        discount_total=totals.discount_total,
        tax_total=totals.tax_total,
        total=totals.total,
        currency=currency,
    )
