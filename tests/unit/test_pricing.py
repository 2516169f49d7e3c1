"""Order pricing: tax-inclusive lines, discounts, cent-exact allocation, one rounding place."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from domain.orders.pricing import LineInput, PricingError, allocate, check_amount, included_tax, price


def test_totals_of_a_two_line_order_with_line_and_order_discounts() -> None:
    totals = price(
        [LineInput(D("100.00"), 3, D("0.13"), D("10.00")), LineInput(D("35.50"), 2, D("0.06"))],
        D("5.00"),
    )
    a, b = totals.lines
    # 5.00 over 290.00 and 71.00: 4.0166 and 0.9834 → floors 4.01 + 0.98, the spare cent to A.
    assert (a.gross, a.line_discount, a.order_discount, a.discount, a.net, a.tax) == (
        D("300.00"),
        D("10.00"),
        D("4.02"),
        D("14.02"),
        D("285.98"),
        D("32.90"),  # 285.98 × 0.13 / 1.13 = 32.9003…
    )
    assert (b.gross, b.line_discount, b.order_discount, b.discount, b.net, b.tax) == (
        D("71.00"),
        D("0.00"),
        D("0.98"),
        D("0.98"),
        D("70.02"),
        D("3.96"),  # 70.02 × 0.06 / 1.06 = 3.9633…
    )
    assert (totals.subtotal, totals.discount_total, totals.tax_total, totals.total) == (
        D("371.00"),
        D("15.00"),
        D("36.86"),
        D("356.00"),
    )


def test_no_discount_total_equals_gross_and_tax_is_inside_it() -> None:
    totals = price([LineInput(D("113.00"), 1, D("0.13"))])
    assert (totals.subtotal, totals.discount_total, totals.tax_total, totals.total) == (
        D("113.00"),
        D("0.00"),
        D("13.00"),
        D("113.00"),
    )


def test_tax_is_rounded_half_up_once_per_line() -> None:
    assert included_tax(D("0.12"), D("0.6")) == D("0.05")  # exactly 0.045: half up, not half even
    assert included_tax(D("0.04"), D("0.6")) == D("0.02")  # exactly 0.015
    assert included_tax(D("0.05"), D("0.13")) == D("0.01")  # 0.00575
    assert included_tax(D("0.04"), D("0.13")) == D("0.00")  # 0.0046
    assert included_tax(D("10.00"), D("0")) == D("0.00")
    # Three lines of 0.05 at 13%: each line rounds on its own (0.01 each), never the sum.
    totals = price([LineInput(D("0.05"), 1, D("0.13")) for _ in range(3)])
    assert totals.tax_total == D("0.03")


@pytest.mark.parametrize(
    ("amount", "weights", "expected"),
    [
        ("0.10", ["1", "1", "1"], ["0.04", "0.03", "0.03"]),
        ("100.00", ["33.33", "33.33", "33.34"], ["33.33", "33.33", "33.34"]),
        ("0.02", ["0.01", "0.01", "0.01"], ["0.01", "0.01", "0.00"]),
        ("7.00", ["10.00", "0.00", "20.00"], ["2.33", "0.00", "4.67"]),
        ("0.00", ["5.00", "6.00"], ["0.00", "0.00"]),
        ("1.00", ["2.00"], ["1.00"]),
    ],
)
def test_allocation_is_cent_exact_and_sums_exactly(amount: str, weights: list[str], expected: list[str]) -> None:
    shares = allocate(D(amount), [D(w) for w in weights])
    assert shares == [D(e) for e in expected]
    assert sum(shares, D(0)) == D(amount)


def test_allocation_sums_exactly_over_many_awkward_lines() -> None:
    weights = [D("0.07") * i + D("13.31") for i in range(1, 40)]
    for cents in (1, 99, 1000, 33333):
        amount = D(cents) / 100
        shares = allocate(amount, weights)
        assert sum(shares, D(0)) == amount
        assert all(s == s.quantize(D("0.01")) and D(0) <= s <= w for s, w in zip(shares, weights, strict=True))


def test_order_discount_never_makes_a_line_negative() -> None:
    totals = price([LineInput(D("0.01"), 1, D("0.13")) for _ in range(3)], D("0.03"))
    assert [line.net for line in totals.lines] == [D("0.00")] * 3
    assert totals.total == D("0.00")


def test_line_discount_above_gross_is_refused() -> None:
    with pytest.raises(PricingError) as caught:
        price([LineInput(D("10.00"), 1, D("0.13")), LineInput(D("10.00"), 2, D("0.13"), D("20.01"))])
    assert (caught.value.field, caught.value.message) == ("lines.1.discount", "must not exceed the line amount 20.00")
    assert price([LineInput(D("10.00"), 2, D("0.13"), D("20.00"))]).total == D("0.00")


def test_order_discount_above_what_is_left_is_refused() -> None:
    with pytest.raises(PricingError) as caught:
        price([LineInput(D("10.00"), 1, D("0.13"), D("4.00"))], D("6.01"))
    assert (caught.value.field, caught.value.message) == ("discount", "must not exceed the order amount 6.00")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-0.01", "must not be negative"),
        ("1.001", "must have at most 2 decimal places"),
        ("NaN", "must be a number"),
        ("Infinity", "must be a number"),
    ],
)
def test_client_amounts_are_whole_non_negative_cents(value: str, message: str) -> None:
    with pytest.raises(PricingError) as caught:
        check_amount("discount", D(value))
    assert caught.value.message == message
    assert check_amount("discount", D("1.5")) == D("1.50")
