"""Order pricing, pure Decimal: catalog prices include tax (Chinese retail), so tax is the part of
each line's net amount that the rate accounts for, rounded once, in `included_tax`.

gross = unit price × quantity; a line discount (an amount) comes off its gross; the order-level
discount is shared across lines in proportion to what is left (largest remainder, to the cent,
so the shares add up exactly); net = gross − both discounts; total = Σ net.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class PricingError(ValueError):
    """An amount that cannot be priced; `field` names the request field (e.g. `lines.1.discount`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class LineInput:
    unit_price: Decimal  # tax-inclusive catalog price
    quantity: int
    tax_rate: Decimal  # fraction, e.g. 0.13
    discount: Decimal = ZERO  # amount off this line, tax-inclusive


@dataclass(frozen=True, slots=True)
class PricedLine:
    gross: Decimal
    line_discount: Decimal
    order_discount: Decimal  # this line's share of the order-level discount
    discount: Decimal  # line_discount + order_discount
    net: Decimal  # what the customer pays for the line, tax included
    tax: Decimal  # the tax contained in `net`


@dataclass(frozen=True, slots=True)
class Totals:
    lines: tuple[PricedLine, ...]
    subtotal: Decimal  # Σ gross
    discount_total: Decimal  # Σ discounts (line and order level)
    tax_total: Decimal  # Σ line tax
    total: Decimal  # Σ net


def check_amount(field: str, value: Decimal) -> Decimal:
    """A money amount from a client: finite, not negative, whole cents."""
    if not value.is_finite():
        raise PricingError(field, "must be a number")
    if value < 0:
        raise PricingError(field, "must not be negative")
    if value != value.quantize(CENT):
        raise PricingError(field, "must have at most 2 decimal places")
    return value.quantize(CENT)


def included_tax(net: Decimal, rate: Decimal) -> Decimal:
    """The tax inside a tax-inclusive amount: net × rate / (1 + rate), HALF_UP to the cent.
    The only place order money is rounded."""
    return (net * rate / (1 + rate)).quantize(CENT, rounding=ROUND_HALF_UP)


def allocate(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split `amount` (whole cents) in proportion to `weights` by the largest-remainder method:
    every share is whole cents and the shares add up to `amount` exactly. Ties go to the
    earlier weight, so the result is deterministic."""
    cents = int((amount / CENT).to_integral_value())
    total = sum(weights, Decimal(0))
    if cents == 0:
        return [ZERO for _ in weights]
    if total <= 0:
        raise PricingError("discount", "cannot be shared over lines worth nothing")
    exact = [Decimal(cents) * w / total for w in weights]
    floors = [int(e.to_integral_value(rounding=ROUND_DOWN)) for e in exact]
    left = cents - sum(floors)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [Decimal(c) * CENT for c in floors]


def price(lines: Sequence[LineInput], order_discount: Decimal = ZERO) -> Totals:
    """Price an order; raise PricingError for a discount larger than what it comes off."""
    order_discount = check_amount("discount", order_discount)
    grosses: list[Decimal] = []
    line_discounts: list[Decimal] = []
    for index, line in enumerate(lines):
        gross = (line.unit_price * line.quantity).quantize(CENT)
        discount = check_amount(f"lines.{index}.discount", line.discount)
        if discount > gross:
            raise PricingError(f"lines.{index}.discount", f"must not exceed the line amount {gross}")
        grosses.append(gross)
        line_discounts.append(discount)
    after_lines = [g - d for g, d in zip(grosses, line_discounts, strict=True)]
    if order_discount > sum(after_lines, ZERO):
        raise PricingError("discount", f"must not exceed the order amount {sum(after_lines, ZERO)}")
    shares = allocate(order_discount, after_lines)
    priced = []
    for line, gross, line_discount, share in zip(lines, grosses, line_discounts, shares, strict=True):
        net = gross - line_discount - share
        priced.append(
            PricedLine(
                gross=gross,
                line_discount=line_discount,
                order_discount=share,
                discount=line_discount + share,
                net=net,
                tax=included_tax(net, line.tax_rate),
            )
        )
    return Totals(
        lines=tuple(priced),
        subtotal=sum(grosses, ZERO),
        discount_total=sum((p.discount for p in priced), ZERO),
        tax_total=sum((p.tax for p in priced), ZERO),
        total=sum((p.net for p in priced), ZERO),
    )
