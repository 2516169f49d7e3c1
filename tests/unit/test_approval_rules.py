"""Approval rules: strictly above the amount or the discount limit needs approval."""

from __future__ import annotations

from decimal import Decimal as D

from domain.orders.approval import ApprovalRules, approval_reasons, max_discount_percent, needs_approval
from domain.orders.pricing import LineInput, price


def test_no_rules_never_need_approval() -> None:
    totals = price([LineInput(D("99999.00"), 10, D("0.13"), D("99999.00"))])
    assert approval_reasons(totals, ApprovalRules()) == []
    assert needs_approval(totals, ApprovalRules()) is False


def test_amount_threshold_is_strict() -> None:
    rules = ApprovalRules(amount_threshold=D("1000.00"))
    assert approval_reasons(price([LineInput(D("500.00"), 2, D("0.13"))]), rules) == []
    assert approval_reasons(price([LineInput(D("500.01"), 2, D("0.13"))]), rules) == ["amount_above_threshold"]


def test_amount_is_judged_after_discounts() -> None:
    rules = ApprovalRules(amount_threshold=D("1000.00"))
    totals = price([LineInput(D("600.00"), 2, D("0.13"), D("100.00"))], D("100.00"))
    assert totals.total == D("1000.00")
    assert needs_approval(totals, rules) is False


def test_discount_percent_counts_the_line_share_of_the_order_discount() -> None:
    rules = ApprovalRules(discount_percent=D("10"))
    # Line discount 10% exactly: allowed.
    assert approval_reasons(price([LineInput(D("100.00"), 1, D("0.13"), D("10.00"))]), rules) == []
    # 10% own + a share of the order discount: above the limit.
    totals = price([LineInput(D("100.00"), 1, D("0.13"), D("10.00")), LineInput(D("100.00"), 1, D("0.13"))], D("2.00"))
    assert max_discount_percent(totals) == D("10.95")  # 2.00 shared 90:100 → 0.95 and 1.05
    assert approval_reasons(totals, rules) == ["discount_above_limit"]


def test_one_heavily_discounted_line_is_enough() -> None:
    rules = ApprovalRules(discount_percent=D("20"))
    totals = price([LineInput(D("1000.00"), 1, D("0.13")), LineInput(D("10.00"), 1, D("0.13"), D("2.01"))])
    assert max_discount_percent(totals) == D("20.1")
    assert needs_approval(totals, rules) is True


def test_both_rules_report_both_reasons() -> None:
    rules = ApprovalRules(amount_threshold=D("50.00"), discount_percent=D("5"))
    totals = price([LineInput(D("100.00"), 1, D("0.13"), D("6.00"))])
    assert approval_reasons(totals, rules) == ["amount_above_threshold", "discount_above_limit"]


def test_zero_discount_limit_sends_any_discount_to_approval() -> None:
    rules = ApprovalRules(discount_percent=D("0"))
    assert needs_approval(price([LineInput(D("100.00"), 1, D("0.13"))]), rules) is False
    assert needs_approval(price([LineInput(D("100.00"), 1, D("0.13"))], D("0.01")), rules) is True
