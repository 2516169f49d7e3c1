"""Approval rules: above the tenant's amount or discount limit an order waits for `orders:approve`;
below both it is approved automatically on submit. An unset limit never requires approval."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.orders.pricing import Totals

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


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


@dataclass(frozen=True, slots=True)
class Finding:
    """One approval rule that fired: its code, the tenant's limit and the order's value (an
    amount for `amount_above_threshold`, a percent for `discount_above_limit`)."""

    code: str
    limit: Decimal
    value: Decimal

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "limit": str(self.limit), "value": str(self.value)}


def approval_findings(totals: Totals, rules: ApprovalRules, given: Totals | None = None) -> list[Finding]:
    """The rules the order breaks, with the numbers that show why (empty: none). The amount limit
    judges the total; the discount limit judges `given`, the order priced with the discounts staff
    gave only (a member's tier benefit and her points are the loyalty program's, not a cashier's
    discretion); without it every discount of `totals` is staff's."""
    found = []
    if rules.amount_threshold is not None and totals.total > rules.amount_threshold:
        found.append(Finding("amount_above_threshold", rules.amount_threshold, totals.total))
    percent = max_discount_percent(given or totals)
    if rules.discount_percent is not None and percent > rules.discount_percent:
        found.append(Finding("discount_above_limit", rules.discount_percent.quantize(CENT), percent.quantize(CENT)))
    return found


def approval_reasons(totals: Totals, rules: ApprovalRules) -> list[str]:
    """Why the order needs approval (empty: it does not)."""
    return [finding.code for finding in approval_findings(totals, rules)]


def needs_approval(totals: Totals, rules: ApprovalRules) -> bool:
    return bool(approval_reasons(totals, rules))
