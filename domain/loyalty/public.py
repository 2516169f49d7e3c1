"""What other contexts may use of loyalty: orders tell it what happened to an order (earn on the
program's status, reversal on refund, redemption at capture and its return when the order stops),
the customer pages read a member's badge, and segments read accounts and the tiers."""

from __future__ import annotations

from domain.loyalty.actions import (
    OrderFacts,
    move_customer,
    order_reached,
    order_refunded,
    order_stopped,
    redeem,
    redemption_value,
    tier_discount_percent,
)
from domain.loyalty.expiry import expire_points, review_tiers
from domain.loyalty.models import LoyaltyAccount
from domain.loyalty.program import get_settings
from domain.loyalty.queries import badge
from domain.loyalty.schemas import LoyaltyBadge
from tenants.context import Ctx

__all__ = [
    "LoyaltyAccount",
    "LoyaltyBadge",
    "OrderFacts",
    "badge",
    "expire_points",
    "move_customer",
    "order_reached",
    "order_refunded",
    "order_stopped",
    "redeem",
    "redemption_value",
    "review_tiers",
    "tier_choices",
    "tier_discount_percent",
]


async def tier_choices(ctx: Ctx) -> list[tuple[str, str, str]]:
    """The program's tiers as (code, Chinese name, English name), lowest first (segment rules)."""
    return [(t.code, t.name_zh, t.name_en) for t in (await get_settings(ctx)).tiers]
