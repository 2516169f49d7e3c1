"""What other contexts may use of loyalty: orders tell it what happened to an order (earn on the
program's status, reversal on refund, redemption at capture and its return when the order stops),
and the customer pages read a member's badge."""

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
from domain.loyalty.queries import badge
from domain.loyalty.schemas import LoyaltyBadge

__all__ = [
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
    "tier_discount_percent",
]
