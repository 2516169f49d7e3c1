"""Approval rules: above the tenant's amount or discount limit an order waits for `orders:approve`;
below both it is approved automatically on submit. An unset limit never requires approval."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.orders.pricing import Totals

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class ApprovalRules:
    amount_threshold: Decimal | None = None  # order total strictly above this needs approval
    discount_percent: Decimal | None = None  # any discount strictly above this % of gross needs approval


def max_discount_percent(totals: Totals) -> Decimal:
    """The largest discount of any line (its own plus its share of the order discount) and of
    the order as a whole, in percent of gross (unrounded, so comparisons are exact)."""
    candidates = [line.discount * HUNDRED / line.gross for line in totals.lines if line.gross > 0]
    if totals.subtotal > 0:
        candidates.append(totals.discount_total * HUNDRED / totals.subtotal)
    return max(candidates, default=Decimal(0))


def approval_reasons(totals: Totals, rules: ApprovalRules) -> list[str]:
    """Why the order needs approval (empty: it does not)."""
    reasons = []
    if rules.amount_threshold is not None and totals.total > rules.amount_threshold:
        reasons.append("amount_above_threshold")
    if rules.discount_percent is not None and max_discount_percent(totals) > rules.discount_percent:
        reasons.append("discount_above_limit")
    return reasons


def needs_approval(totals: Totals, rules: ApprovalRules) -> bool:
    return bool(approval_reasons(totals, rules))
