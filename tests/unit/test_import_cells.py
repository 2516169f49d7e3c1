"""A spreadsheet cell as a custom field's value, and the shared cell words (no DB)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from domain.custom_fields.imports import CustomColumns, cell_value
from domain.custom_fields.models import CustomField
from domain.integrations import cells

OPTIONS = [
    {"value": "gold", "label_zh": "金卡", "label_en": "Gold card"},
    {"value": "silver", "label_zh": "银卡", "label_en": "Silver"},
    {"value": "tea", "label_zh": "茶叶", "label_en": "Tea"},
]


def _field(field_type: str, key: str = "f", **more: Any) -> CustomField:
    return CustomField(
        entity="customer",
        key=key,
        type=field_type,
        options=OPTIONS if "select" in field_type else [],
        label_zh=more.pop("label_zh", "字段"),
        label_en=more.pop("label_en", "Field"),
        required=more.pop("required", False),
        filterable=more.pop("filterable", False),
        archived=more.pop("archived", False),
        position=0,
    )


@pytest.mark.parametrize(
    ("field_type", "text", "expected"),
    [
        ("text", "小李", "小李"),
        ("number", "12", 12),
        ("number", "12.0", 12),
        ("number", "-3", -3),
        ("number", "1,234", 1234),
        ("decimal", "12.50", "12.50"),
        ("decimal", "1,234.5", "1234.5"),
        ("decimal", "-0.25", "-0.25"),
        ("date", "1990/5/20", "1990-05-20"),
        ("date", "1990年5月20日", "1990-05-20"),
        ("date", "19900520", "1990-05-20"),
        ("date", "2026-02-28 10:30", "2026-02-28"),
        ("boolean", "是", True),
        ("boolean", "No", False),
        ("boolean", "√", True),
        ("select", "gold", "gold"),
        ("select", "金卡", "gold"),
        ("select", "gold card", "gold"),
        ("select", "SILVER", "silver"),
        ("multiselect", "茶叶、金卡", ["tea", "gold"]),
        ("multiselect", "tea; Silver|金卡", ["tea", "silver", "gold"]),
    ],
)
def test_a_cell_becomes_the_types_value(field_type: str, text: str, expected: Any) -> None:
    assert cell_value(_field(field_type), text) == expected


@pytest.mark.parametrize(
    ("field_type", "text", "reason"),
    [
        ("number", "12.5", "is a whole-number field: write a whole number such as 12"),
        ("number", "１２", "is a whole-number field: write a whole number such as 12"),  # full-width digits
        ("number", "1,23", "is a whole-number field: write a whole number such as 12"),
        ("number", "1_000", "is a whole-number field: write a whole number such as 12"),
        ("number", "9" * 17, "is a whole-number field: write a whole number such as 12"),
        ("decimal", "12,5", "is a decimal field: write a number such as 12.50"),
        ("decimal", "1e3", "is a decimal field: write a number such as 12.50"),
        ("boolean", "maybe", "must be yes or no"),
        ("select", "platinum", "is not one of the field's options"),
        ("multiselect", "tea、platinum", "is not one of the field's options"),
        ("multiselect", "、,", "must be the field's options separated by commas"),
    ],
)
def test_a_cell_that_holds_no_value_of_the_type_says_why(field_type: str, text: str, reason: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(reason) + "$"):
        cell_value(_field(field_type), text)


def test_a_row_is_converted_and_checked_by_the_api_rule_naming_each_field() -> None:
    custom = CustomColumns(
        {
            "tier": _field("select", "tier", required=True, filterable=True),
            "visits": _field("number", "visits"),
            "since": _field("date", "since"),
            "price": _field("decimal", "price"),
            "old": _field("text", "old", archived=True),
        }
    )
    problems: list[tuple[str, str]] = []
    values = custom.convert(
        {"name": "张三", "custom.tier": "金卡", "custom.visits": "x", "custom.since": "1990-13-01",
         "custom.price": "1.1234567", "custom.old": "a"},
        problems,
    )  # fmt: skip
    assert values == {"tier": "gold"}
    assert sorted(problems) == [
        ("custom.old", "is archived: it takes no new values"),
        ("custom.price", 'must be a decimal written as a string of digits, e.g. "12.50" (at most 6 decimal places)'),
        ("custom.since", "must be a date written YYYY-MM-DD"),
        ("custom.visits", "is a whole-number field: write a whole number such as 12"),
    ]
    assert custom.merge({}, None) == ({}, [("custom.tier", "is required")])
    assert custom.merge({"visits": 3}, {"tier": "gold", "since": "2020-01-01"}) == (
        {"tier": "gold", "since": "2020-01-01", "visits": 3},
        [],
    )
    assert custom.terms({"tier": "gold", "visits": 3}) == ["cf:tier=gold"]
    assert [c.field for c in custom.columns()] == ["custom.price", "custom.since", "custom.tier", "custom.visits"]
    assert custom.columns()[2].label_in("zh-CN") == "字段"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("是", True), ("Y", True), ("同意", True), ("0", False), ("不同意", False), ("×", False), ("ok", None)],
)
def test_yes_and_no_words(text: str, expected: bool | None) -> None:
    assert cells.yes_no(text) == expected


def test_lists_and_dates_as_people_write_them() -> None:
    assert cells.items("VIP、老客; 新客,,|") == ["VIP", "老客", "新客"]
    assert cells.date_text("2026.1.5") == "2026-01-05"
    assert cells.date_text("２０２６-01-05") == "２０２６-01-05"  # full-width digits are left for the check to refuse
    assert cells.plain(" Member-Tier（级别） ") == "membertier级别"
