"""Refund arithmetic, pure Decimal: the value of returned units and the cap on refunds.

A line's units are worth its `line_total` (net of every discount, tax included). Units are valued
cumulatively, `share(n) = round(line_total × n / quantity)`, and k units returned after j earlier
ones are worth `share(j + k) − share(j)`: each value is cent-exact, and returning a whole line in
any number of steps gives back exactly its line_total, never a cent more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class ReturnedUnits:
    line_total: Decimal
    quantity: int  # units on the order line
    before: int  # units of the line already refunded by earlier returns
    returned: int  # units of the line in this return


def share(line_total: Decimal, quantity: int, units: int) -> Decimal:
    """The value of the first `units` units of a line."""
    if quantity <= 0:
        return ZERO
    return (line_total * units / quantity).quantize(CENT, rounding=ROUND_HALF_UP)


def units_value(units: ReturnedUnits) -> Decimal:
    return share(units.line_total, units.quantity, units.before + units.returned) - share(
        units.line_total, units.quantity, units.before
    )


def return_value(lines: Iterable[ReturnedUnits]) -> Decimal:
    """What the returned units of one return are worth."""
    return sum((units_value(u) for u in lines), ZERO)


def refundable(paid_total: Decimal, refunded_total: Decimal) -> Decimal:
    """What may still be refunded on the order: paid minus already refunded, never negative."""
    return max(paid_total - refunded_total, ZERO)


def default_refund(value: Decimal, paid_total: Decimal, refunded_total: Decimal) -> Decimal:
    """The refund when the caller names no amount: the returned goods' value, never above what
    may still be refunded."""
    return min(value, refundable(paid_total, refunded_total))


def balance_due(total: Decimal, paid_total: Decimal) -> Decimal:
    """What the customer still owes. `paid_total` is the sum of payments received (refunds are
    kept apart in `refunded_total`). Refunds only ever pay back returned goods, so they lower
    what the customer owes by the same amount they give back and do not reopen the balance:
    balance_due = max(total − paid_total, 0)."""
    return max(total - paid_total, ZERO)


def payment_state(total: Decimal, paid_total: Decimal, refunded_total: Decimal) -> str:
    """Where the order's money stands, from its totals: `refunded` once everything paid was given
    back, `paid` when payments cover the total (a partial refund of returned goods keeps it paid),
    `partially_paid` when something but not all was paid, else `unpaid`."""
    if paid_total > 0 and refunded_total >= paid_total:
        return "refunded"
    if paid_total >= total:
        return "paid"
    return "partially_paid" if paid_total > 0 else "unpaid"
