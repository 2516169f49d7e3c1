"""Demo orders: a few weeks of trading in every store, at every stage of the lifecycle, so the
orders list, approvals, payments, returns and the tracking page have something to show."""

from __future__ import annotations

import random
from decimal import Decimal

from sqlalchemy import select

from domain.catalog.models import Product, StockLevel
from domain.customers.models import Customer
from domain.orders import capture, fulfilment, payments, settings, transitions
from domain.orders.payment_provider import PaymentMethod
from domain.orders.schemas import (
    FulfilIn,
    FulfilLineIn,
    LineIn,
    OrderCreate,
    OrderSettingsUpdate,
    PaymentIn,
    ShipIn,
)
from tenants.context import Ctx
from tenants.models import Store

# How far each demo order gets, in the order they are captured (oldest first).
DEMO_ORDER_STAGES = (
    ["completed"] * 5
    + ["delivered"] * 6
    + ["shipped"] * 3
    + ["cancelled"]
    + ["approved"] * 3
    + ["pending_approval"] * 2
    + ["draft"] * 2
)
APPROVAL_THRESHOLD = Decimal("2000.00")  # orders above this, or discounted above 20 %, wait for a manager
CARRIERS = ("顺丰速运", "京东物流", "中通快递")
METHODS: tuple[PaymentMethod, ...] = ("wechat_pay", "alipay", "card", "cash")


async def seed_orders(ctx: Ctx, stores: dict[str, Store]) -> None:
    rng = random.Random(20261130)  # noqa: S311 - reproducible demo data, not security
    await settings.update_settings(
        ctx, OrderSettingsUpdate(approval_amount_threshold=APPROVAL_THRESHOLD, approval_discount_percent=Decimal("20"))
    )
    products = {p.id: p for p in (await ctx.session.execute(select(Product).order_by(Product.sku))).scalars()}
    customers = list(
        (await ctx.session.execute(select(Customer.id).order_by(Customer.created_at, Customer.id).limit(60))).scalars()
    )
    for number, stage in enumerate(DEMO_ORDER_STAGES):
        store = list(stores.values())[number % len(stores)]
        plenty = list(
            (
                await ctx.session.execute(
                    select(StockLevel.product_id)
                    .where(StockLevel.store_id == store.id, StockLevel.on_hand - StockLevel.reserved >= 20)
                    .order_by(StockLevel.product_id)
                )
            ).scalars()
        )
        picked = rng.sample(plenty, rng.randint(1, 3))
        lines = [LineIn(product_id=pid, quantity=rng.randint(1, 3)) for pid in picked]
        discount = Decimal("0")
        if stage == "pending_approval":  # a 25 % discount: above the rule, a manager must approve
            subtotal = sum((products[line.product_id].list_price * line.quantity for line in lines), Decimal("0"))
            discount = (subtotal / 4).quantize(Decimal("0.01"))
        order = await capture.create_order(
            ctx,
            OrderCreate(
                customer_id=rng.choice(customers),
                store_id=store.id,
                channel=rng.choice(("store", "store", "phone", "online")),
                lines=lines,
                discount=discount,
            ),
        )
        if stage == "draft":
            continue
        order = await transitions.submit(ctx, order.id)
        if stage in ("pending_approval", "approved"):
            continue
        if stage == "cancelled":
            await transitions.cancel(ctx, order.id, "顾客改变主意")
            continue
        packed = [FulfilLineIn(line_id=line.id, quantity=line.quantity) for line in order.lines]
        await fulfilment.fulfil(ctx, order.id, FulfilIn(lines=packed))
        tracking = f"SF{rng.randrange(10**11, 10**12)}"
        order = await fulfilment.ship(ctx, order.id, ShipIn(carrier=rng.choice(CARRIERS), tracking_number=tracking))
        await payments.record_payment(
            ctx, order.id, PaymentIn(method=rng.choice(METHODS), amount=order.total, reference=f"POS-{number:05d}")
        )
        if stage == "shipped":
            continue
        await transitions.deliver(ctx, order.id)
        if stage == "completed":
            await transitions.complete(ctx, order.id)
