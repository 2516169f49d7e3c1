"""Loyalty request and response schemas. Points are integers; money is Decimal in the tenant's
currency (a string on the wire)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from tenants.decimals import Money, Percent
from tenants.schemas import Input, example

EarnOn = Literal["approved", "delivered", "completed"]
Rounding = Literal["floor", "half_up"]
TierBasis = Literal["spend", "points"]
EntryKind = Literal["earn", "reverse", "redeem", "restore", "adjust", "expire"]
Points = Annotated[int, msgspec.Meta(ge=0, le=100_000_000)]
AdjustPoints = Annotated[int, msgspec.Meta(ge=-100_000_000, le=100_000_000)]
# Points per currency unit spent: "1" (one point per yuan), "0.5", up to 4 decimal places.
EarnRate = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^(0|[1-9][0-9]{0,4})(\.[0-9]{1,4})?$",
        examples=["1"],
        description='Points per currency unit spent, a string like "1" or "0.5"',
    ),
]
TierCode = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,29}$", examples=["gold"])]
TierName = Annotated[str, msgspec.Meta(max_length=60)]
Prefix = Annotated[str, msgspec.Meta(pattern=r"^[A-Z0-9-]{0,10}$", examples=["M"])]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class Tier(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A tier: reached when the rolling 12-month figure (spend or points) is at least `threshold`."""

    code: TierCode
    name_zh: TierName
    name_en: TierName
    threshold: Money  # in the tenant's currency (spend) or in points (a whole number)
    discount_percent: Percent = msgspec.field(default_factory=lambda: Decimal("0"))  # the tier's benefit


class ProgramSettings(msgspec.Struct, kw_only=True):
    enabled: bool
    earn_rate: str  # points per currency unit spent
    earn_rounding: Rounding
    earn_on: EarnOn  # the order status at which points are earned
    expiry_months: int  # 0: points never expire
    redeem_rate: int  # points worth one currency unit at the till
    tier_basis: TierBasis
    tiers: list[Tier]
    apply_tier_discount: bool  # a member's tier discount comes off her orders at capture
    member_prefix: str
    member_digits: int
    currency: str
    version: int


class ProgramSettingsUpdate(Input):
    """The whole program, replaced together."""

    enabled: Annotated[bool, example(True)]
    earn_rate: EarnRate
    earn_rounding: Rounding
    earn_on: EarnOn
    expiry_months: Annotated[int, msgspec.Meta(ge=0, le=120, examples=[24])]
    redeem_rate: Annotated[int, msgspec.Meta(ge=1, le=100_000, examples=[100])]
    tier_basis: TierBasis
    tiers: Annotated[list[Tier], msgspec.Meta(max_length=10)]
    member_prefix: Prefix = "M"
    member_digits: Annotated[int, msgspec.Meta(ge=4, le=12)] = 8
    apply_tier_discount: bool = False


class TierOut(msgspec.Struct, kw_only=True):
    code: str
    name_zh: str
    name_en: str
    threshold: Decimal
    discount_percent: Decimal


class NextTier(msgspec.Struct, kw_only=True):
    tier: TierOut
    missing: Decimal  # spend (money) or points still needed over the rolling 12 months


class LoyaltyAccount(msgspec.Struct, kw_only=True):
    """A member's points as of now: balance, tier and what the next tier needs, points expiring
    within 30 days (FIFO: the oldest earned go first)."""

    customer_id: uuid.UUID
    enabled: bool  # the program is on (off: earning and redeeming stop, balances stay)
    member_number: str | None  # None: not a member yet (she joins with her first points)
    balance: int
    balance_value: Decimal  # what the balance is worth at the till, in `currency`
    currency: str
    redeem_rate: int
    tier: TierOut | None
    tier_basis: TierBasis
    rolling_figure: Decimal  # spend or points of the last 12 months, by `tier_basis`
    next_tier: NextTier | None
    expiring_points: int
    expiring_by: datetime | None  # the end of the 30-day window `expiring_points` counts


class LedgerItem(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    kind: EntryKind
    points: int  # signed: credits positive, debits negative
    amount: Decimal | None  # the money it stands for (earn: spend; reverse: refund; redeem: discount)
    order_id: uuid.UUID | None
    return_id: uuid.UUID | None
    store_id: uuid.UUID | None
    expires_at: datetime | None
    reason: str
    created_by: uuid.UUID | None
    created_at: datetime


class AdjustmentIn(Input):
    """A manual correction: points to add (positive) or take away (negative), with the reason."""

    points: Annotated[AdjustPoints, example(200)]
    reason: Annotated[Reason, example("补录线下消费积分")]


class LoyaltyBadge(msgspec.Struct, kw_only=True):
    """What the 360 header shows of a member."""

    member_number: str | None
    balance: int
    tier: TierOut | None
