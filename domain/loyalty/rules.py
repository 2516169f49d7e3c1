"""Points arithmetic, pure: earning, proportional reversal, the money a redemption is worth, FIFO
expiry over lots, and the tier a figure reaches. Points are whole numbers; money is Decimal,
rounded to the currency's minor unit at the one place it is turned into money (`points_value`)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

ROUNDINGS = {"floor": ROUND_FLOOR, "half_up": ROUND_HALF_UP}


def earned_points(amount: Decimal, rate: Decimal, rounding: str) -> int:
    """Points for spending `amount` at `rate` points per currency unit (never negative)."""
    if amount <= 0:
        return 0
    return int((amount * rate).to_integral_value(rounding=ROUNDINGS[rounding]))


def reversal(earned: int, earn_amount: Decimal, refunded_before: Decimal, refunded_now: Decimal) -> int:
    """Points to take back for a refund, in proportion to the money refunded out of what earned
    them. Counted cumulatively (like refund shares), so refunding an order in any number of steps
    takes back exactly what it earned, never a point more."""
    if earned <= 0 or earn_amount <= 0:
        return 0

    def taken(refunded: Decimal) -> int:
        share = min(refunded, earn_amount) / earn_amount
        return int((earned * share).to_integral_value(rounding=ROUND_HALF_UP))

    return taken(refunded_before + refunded_now) - taken(refunded_before)


def points_value(points: int, redeem_rate: int, minor_units: int) -> Decimal:
    """The money `points` are worth at `redeem_rate` points per currency unit, rounded down to the
    currency's minor unit (a redemption never gives a fraction of a cent away)."""
    unit = Decimal(1).scaleb(-minor_units)
    return (Decimal(points) / Decimal(redeem_rate)).quantize(unit, rounding=ROUND_DOWN)


@dataclass(frozen=True, slots=True)
class Lot:
    """A credit of points that expires (an earn, a restore, a positive adjustment)."""

    points: int
    earned_at: datetime
    expires_at: datetime | None  # None: never


def remainders(lots: Sequence[Lot], debits: int) -> list[int]:
    """What is left of each lot after `debits` points (the sum of every debit, as a positive
    number) consumed the lots oldest first. Lots must be sorted by `earned_at`."""
    left = debits
    out: list[int] = []
    for lot in lots:
        used = min(lot.points, left)
        left -= used
        out.append(lot.points - used)
    return out


def due_to_expire(lots: Sequence[Lot], debits: int, until: datetime) -> int:
    """Points of lots that expire at or before `until` and are not consumed yet (FIFO)."""
    return sum(
        rest
        for lot, rest in zip(lots, remainders(lots, debits), strict=True)
        if lot.expires_at is not None and lot.expires_at <= until
    )


def tier_named(tiers: Sequence[dict[str, Any]], code: str) -> dict[str, Any] | None:
    """The program's tier of that code (None for "", below every tier, or a code since removed)."""
    return next((t for t in tiers if t["code"] == code), None)


def tier_for(tiers: Sequence[dict[str, Any]], figure: Decimal) -> dict[str, Any] | None:
    """The highest tier whose threshold `figure` reaches (tiers in any order), None below all."""
    reached = [t for t in tiers if Decimal(str(t["threshold"])) <= figure]
    return max(reached, key=lambda t: Decimal(str(t["threshold"]))) if reached else None


def next_tier(tiers: Sequence[dict[str, Any]], figure: Decimal) -> dict[str, Any] | None:
    """The lowest tier above `figure`, None at the top."""
    above = [t for t in tiers if Decimal(str(t["threshold"])) > figure]
    return min(above, key=lambda t: Decimal(str(t["threshold"]))) if above else None


def member_number(prefix: str, digits: int, seq: int) -> str:
    return f"{prefix}{seq:0{digits}d}"


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later (the last day of a shorter month: 31 Jan + 1 = 28/29 Feb)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(moment.day, last))
