"""Refund arithmetic: cent-exact values of returned units, never above what was paid."""

from __future__ import annotations

from decimal import Decimal

from domain.orders.refunds import ReturnedUnits, balance_due, default_refund, refundable, return_value, share

D = Decimal


def test_a_whole_line_returned_in_steps_gives_back_exactly_its_total() -> None:
    total = D("100.00")  # 3 units: 33.33, 33.34, 33.33 by cumulative rounding
    steps = [ReturnedUnits(total, 3, before, 1) for before in range(3)]
    values = [return_value([u]) for u in steps]
    assert values == [D("33.33"), D("33.34"), D("33.33")]
    assert sum(values) == total
    assert return_value([ReturnedUnits(total, 3, 0, 3)]) == total
    assert return_value([ReturnedUnits(total, 3, 1, 2)]) == D("66.67")


def test_value_uses_the_net_line_total_and_sums_lines() -> None:
    # 3 × 100.00 − 10.00 = 290.00 net; B: 2 × 35.50 = 71.00.
    a = ReturnedUnits(D("290.00"), 3, 0, 2)
    b = ReturnedUnits(D("71.00"), 2, 0, 1)
    assert return_value([a]) == D("193.33")
    assert return_value([b]) == D("35.50")
    assert return_value([a, b]) == D("228.83")
    assert return_value([]) == D("0.00")


def test_share_is_half_up_to_the_cent() -> None:
    assert share(D("0.05"), 2, 1) == D("0.03")
    assert share(D("10.00"), 3, 2) == D("6.67")
    assert share(D("10.00"), 0, 1) == D("0.00")


def test_refunds_never_exceed_paid_minus_refunded() -> None:
    assert refundable(D("361.00"), D("0.00")) == D("361.00")
    assert refundable(D("361.00"), D("193.33")) == D("167.67")
    assert refundable(D("50.00"), D("50.00")) == D("0.00")
    assert refundable(D("10.00"), D("20.00")) == D("0.00")
    assert default_refund(D("193.33"), D("361.00"), D("0.00")) == D("193.33")
    assert default_refund(D("96.67"), D("50.00"), D("0.00")) == D("50.00")
    assert default_refund(D("96.67"), D("50.00"), D("50.00")) == D("0.00")


def test_balance_due_is_total_minus_payments_received() -> None:
    assert balance_due(D("361.00"), D("100.00")) == D("261.00")
    assert balance_due(D("361.00"), D("361.00")) == D("0.00")
    assert balance_due(D("100.00"), D("120.00")) == D("0.00")
