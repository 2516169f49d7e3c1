"""Segment rules are checked against the field catalogue before anything runs: each operator takes
its own shape of value, windows only where a field has one, and every problem is named by its
path. What the rules read and whether they move with the calendar come out of the same walk."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from domain.marketing.catalogue import FIXED_BY_KEY, Source
from domain.marketing.compiler import default_passes, years_before
from domain.marketing.rules import check_rules, value_problem
from domain.marketing.schemas import RuleGroup
from tenants.errors import Invalid

FIELDS = dict(FIXED_BY_KEY)


def rules(*conditions: dict[str, Any], match: str = "all") -> RuleGroup:
    return msgspec.convert({"type": "group", "match": match, "conditions": list(conditions)}, RuleGroup)


def cond(field: str, operator: str, value: Any = None, days: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "condition", "field": field, "operator": operator, "value": value}
    if days is not None:
        out["days"] = days
    return out


def problems(group: RuleGroup) -> list[tuple[str, str]]:
    with pytest.raises(Invalid) as raised:
        check_rules(group, FIELDS)
    return [(e.field, e.message) for e in raised.value.errors]


@pytest.mark.parametrize(
    ("field", "operator", "value", "problem"),
    [
        ("lifecycle_stage", "in", ["vip"], None),
        ("lifecycle_stage", "in", [], "must be a list of one or more values"),
        ("lifecycle_stage", "in", ["royalty"], "lists 'royalty', not one of the field's options"),
        ("lifecycle_stage", "in", "vip", "must be a list of one or more values"),
        ("tags", "all_of", ["VIP", "茶"], None),
        ("tags", "any_of", ["x" * 51], "must list words of 1 to 50 characters"),
        ("home_store", "in", ["not-a-uuid"], "must list ids (UUIDs in canonical form)"),
        ("home_store", "is_not_set", None, None),
        ("home_store", "is_set", "x", "must be absent for this operator"),
        ("birthday_month", "in", [1, 12], None),
        ("birthday_month", "in", [13], "must list months from 1 to 12"),
        ("birthday_month", "in_current_month", None, None),
        ("age", "between", [18, 35], None),
        ("age", "between", [35, 18], "must list the low value first"),
        ("age", "gte", 131, "must be from 0 to 130"),
        ("age", "gte", True, "must be a whole number"),
        ("spend", "gte", "99.50", None),
        ("spend", "gte", 1000, None),
        ("spend", "gte", "99.505", 'must be an amount such as "1000" or "99.50"'),
        ("spend", "gte", "１０００", 'must be an amount such as "1000" or "99.50"'),
        ("spend", "between", ["10", "9.99"], "must list the low value first"),
        ("created_at", "before", "2026-02-30", "must be a date (YYYY-MM-DD)"),
        ("created_at", "after", "2026-02-28", None),
        ("created_at", "between", ["2026-01-01", "2026-12-31"], None),
        ("last_purchase_at", "in_last_days", 90, None),
        ("last_purchase_at", "not_in_last_days", 0, "must be a number of days from 1 to 3650"),
        ("email_consent", "eq", True, None),
        ("email_consent", "eq", "yes", "must be true or false"),
        ("rfm_recency", "gte", 6, "must be from 1 to 5"),
        ("rfm_segment", "in", ["cant_lose"], None),
    ],
)
def test_each_operator_takes_its_own_shape_of_value(field: str, operator: str, value: Any, problem: str | None) -> None:
    f = FIELDS[field]
    assert operator in f.ops
    assert value_problem(f, operator, value) == problem  # type: ignore[arg-type]


def test_every_problem_is_named_by_its_path_and_nothing_else_passes() -> None:
    found = problems(
        rules(
            cond("shoe_colour", "eq", "red"),
            {
                "type": "group",
                "match": "any",
                "conditions": [cond("gender", "gte", 3), cond("tags", "any_of", [])],
            },
            cond("open_tickets", "gte", 1, days=30),
        )
    )
    assert found == [
        ("rules.conditions.0.field", "is not a field segments can use (GET /segments/fields)"),
        ("rules.conditions.1.conditions.0.operator", "is not an operator of this field (one of: in, not_in)"),
        ("rules.conditions.1.conditions.1.value", "must be a list of one or more values"),
        ("rules.conditions.2.days", "does not apply to this field"),
    ]


def test_groups_nest_at_most_four_deep_and_hold_at_most_fifty_conditions() -> None:
    deep: dict[str, Any] = cond("gender", "in", ["female"])
    for _ in range(4):
        deep = {"type": "group", "match": "all", "conditions": [deep]}
    assert problems(rules(deep))[0] == (
        "rules.conditions.0.conditions.0.conditions.0.conditions.0",
        "nests groups more than 4 deep",
    )
    many = [cond("gender", "in", ["female"]) for _ in range(30)]
    nested = {"type": "group", "match": "any", "conditions": many}
    assert problems(rules(*many[:21], nested)) == [("rules", "may hold at most 50 conditions in all")]


def test_the_walk_names_what_the_rules_read_and_whether_they_move_with_the_calendar() -> None:
    still = check_rules(rules(cond("gender", "in", ["female"]), cond("spend", "gte", "100")), FIELDS)
    assert (still.sources, still.time_relative) == (frozenset({Source.CUSTOMER, Source.ORDERS}), False)
    moving = check_rules(rules(cond("open_tickets", "eq", 0), cond("last_purchase_at", "in_last_days", 30)), FIELDS)
    assert (moving.sources, moving.time_relative) == (frozenset({Source.TICKETS, Source.ORDERS}), True)
    assert check_rules(rules(cond("age", "gte", 18)), FIELDS).time_relative is True
    assert check_rules(rules(cond("rfm_segment", "in", ["lost"])), FIELDS).sources == frozenset({Source.RFM})


@pytest.mark.parametrize(
    ("operator", "value", "default", "passes"),
    [
        ("lt", 3, 0, True),  # fewer than 3 orders: the never-bought are in
        ("gte", 1, 0, False),
        ("eq", 0, 0, True),
        ("between", [0, 2], 0, True),
        ("between", [1, 2], 0, False),
        ("is_not_set", None, None, True),  # no purchase: no last purchase date
        ("in_last_days", 30, None, False),
        ("not_in", ["gold"], "", True),  # no loyalty account: no tier
        ("in", [""], "", True),
    ],
)
def test_a_customer_without_totals_passes_exactly_what_her_defaults_pass(
    operator: str, value: Any, default: Any, passes: bool
) -> None:
    f = FIELDS["order_count"] if isinstance(default, int) else FIELDS["tier"]
    if default is None:
        f = FIELDS["last_purchase_at"]
    assert default_passes(f, operator, value, default) is passes  # type: ignore[arg-type]


def test_ages_count_whole_years_and_29_february_falls_back_a_day() -> None:
    from datetime import date

    assert years_before(date(2026, 12, 4), 18) == date(2008, 12, 4)
    assert years_before(date(2028, 2, 29), 1) == date(2027, 2, 28)
