"""Loyalty's events: points movements and tier changes of a member's account, registered in the
catalogue, and how the change recorder sees an account (the member's timeline shows each one)."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from domain.customers import public as customers
from domain.kernel.events import topic
from domain.kernel.recorder import AggregateKind
from domain.loyalty.models import LoyaltyAccount


class AccountData(msgspec.Struct, kw_only=True):
    """What every loyalty event carries."""

    customer_id: uuid.UUID
    member_number: str
    balance: int
    tier: str  # the tier code, "" below the first tier


class PointsChanged(AccountData, kw_only=True):
    kind: str  # earn | reverse | redeem | restore | adjust | expire
    points: int  # signed
    order_id: uuid.UUID | None
    reason: str


class TierChanged(AccountData, kw_only=True):
    from_tier: str
    to_tier: str  # "" when she fell below the first tier
    to_name_zh: str  # the new tier's names, "" without one
    to_name_en: str
    lower: bool  # the tier went down (its rolling figure fell), not up


POINTS_CHANGED = topic("loyalty.points_changed", PointsChanged, "A member's points balance moved.")
TIER_CHANGED = topic("loyalty.tier_changed", TierChanged, "A member reached another tier, or fell to a lower one.")

# Ledger kind → the change recorded on the account (audit action loyalty_account.<change>,
# timeline kind loyalty.<change>).
CHANGES = {
    "earn": "earned",
    "reverse": "reversed",
    "redeem": "redeemed",
    "restore": "restored",
    "adjust": "adjusted",
    "expire": "expired",
}
TIER_CHANGE = "tier_changed"


def _snapshot(account: LoyaltyAccount) -> dict[str, Any]:
    return {
        "customer_id": account.customer_id,
        "member_number": account.member_number,
        "balance": account.balance,
        "tier": account.tier,
    }


ACCOUNT: AggregateKind[LoyaltyAccount] = AggregateKind(
    "loyalty_account",
    _snapshot,
    lambda account: None,  # points are the chain's, not a store's
    projections=(
        customers.moments(
            "loyalty",
            frozenset({*CHANGES.values(), TIER_CHANGE}),
            customer_of=lambda account: account.customer_id,
            store_of=lambda account: None,
            label_of=lambda account: account.member_number,
        ),
    ),
)
