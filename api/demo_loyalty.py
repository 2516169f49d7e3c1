"""Demo loyalty: a program with three tiers, switched on before the demo orders are captured (so
completed ones earn), and a welcome gift of points for the first members, for the till to redeem."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from domain.customers.models import Customer
from domain.loyalty import actions, program
from domain.loyalty.schemas import AdjustmentIn, ProgramSettingsUpdate, Tier
from tenants.context import Ctx

DEMO_TIERS = [
    Tier(code="silver", name_zh="银卡", name_en="Silver", threshold=Decimal("500"), discount_percent=Decimal("0")),
    Tier(code="gold", name_zh="金卡", name_en="Gold", threshold=Decimal("2000"), discount_percent=Decimal("3")),
    Tier(
        code="platinum", name_zh="白金卡", name_en="Platinum", threshold=Decimal("8000"), discount_percent=Decimal("5")
    ),
]
WELCOME_POINTS = 2000  # ¥20 at 100 points per yuan
WELCOMED = 12  # the first customers registered get it


async def seed_loyalty(ctx: Ctx) -> None:
    await program.update_settings(
        ctx,
        ProgramSettingsUpdate(
            enabled=True,
            earn_rate="1",
            earn_rounding="floor",
            earn_on="completed",
            expiry_months=24,
            redeem_rate=100,
            tier_basis="spend",
            tiers=DEMO_TIERS,
            member_prefix="M",
            member_digits=8,
        ),
    )
    first = (
        await ctx.session.execute(select(Customer.id).order_by(Customer.created_at, Customer.id).limit(WELCOMED))
    ).scalars()
    for customer_id in list(first):
        await actions.adjust(ctx, customer_id, AdjustmentIn(points=WELCOME_POINTS, reason="开卡礼"))
