"""Demo loyalty: a program with three tiers, switched on before the demo orders are captured (so
completed ones earn), and a welcome gift of points for the first members, for the till to redeem."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from domain.customers.models import Customer
from domain.loyalty import actions, program
from domain.loyalty.schemas import AdjustmentIn, ProgramSettingsUpdate, Tier
from tenants.context import Ctx

# (code, Chinese name, English name, 12-month spend threshold, benefit discount percent)
DEMO_TIERS = [
    ("silver", "银卡", "Silver", "500", "0"),
    ("gold", "金卡", "Gold", "2000", "3"),
    ("platinum", "白金卡", "Platinum", "8000", "5"),
]
WELCOME_POINTS = 2000  # ¥20 at 100 points per yuan
WELCOMED = 12  # the first customers registered get it


def _tier(tier_code: str, name_zh: str, name_en: str, threshold: str, percent: str) -> Tier:
    fields = {"code": tier_code, "name_zh": name_zh, "name_en": name_en}
    return Tier(**fields, threshold=Decimal(threshold), discount_percent=Decimal(percent))


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
            tiers=[_tier(*row) for row in DEMO_TIERS],
            member_prefix="M",
            member_digits=8,
            apply_tier_discount=True,
        ),
    )
    first = (
        await ctx.session.execute(select(Customer.id).order_by(Customer.created_at, Customer.id).limit(WELCOMED))
    ).scalars()
    for customer_id in list(first):
        await actions.adjust(ctx, customer_id, AdjustmentIn(points=WELCOME_POINTS, reason="开卡礼"))
