"""Custom field values: each type's canonical form and the terms a filter finds them by (no DB)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from domain.custom_fields.values import canonical, filter_text, readable, term, term_ranges, terms_of
from domain.terms import MAX_TERM

OPTIONS = ("gold", "silver", "tea")


@pytest.mark.parametrize(
    ("field_type", "value", "expected"),
    [
        ("text", "  小李 ", "小李"),
        ("text", "\u200b", None),  # nothing visible is no value
        ("number", 7, 7),
        ("number", 7.0, 7),
        ("decimal", "12.50", "12.5"),
        ("decimal", "100", "100"),
        ("decimal", "-0.000", "0"),
        ("decimal", "0.000001", "0.000001"),
        ("date", "2026-02-28", "2026-02-28"),
        ("boolean", False, False),
        ("select", "gold", "gold"),
        ("multiselect", ["tea", "gold", "tea"], ["gold", "tea"]),
        ("multiselect", [], None),
        ("number", None, None),
    ],
)
def test_canonical_forms(field_type: str, value: Any, expected: Any) -> None:
    assert canonical(field_type, OPTIONS, value) == expected


@pytest.mark.parametrize(
    ("field_type", "value"),
    [
        ("number", "7"),
        ("number", False),
        ("decimal", "1_000"),
        ("decimal", "１"),
        ("decimal", " 1"),
        ("date", "2026-02-29"),
        ("boolean", 0),
        ("select", "Gold"),
        ("multiselect", ["gold", None]),
        ("colour", "red"),
    ],
)
def test_values_that_do_not_fit_are_refused(field_type: str, value: Any) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is the API's, tested over HTTP
        canonical(field_type, OPTIONS, value)


def test_a_filter_value_finds_the_term_its_record_holds() -> None:
    cases = [
        ("text", "Tea Lover", " TEA lover "),
        ("number", 30, "30"),
        ("decimal", "10.50", "10.5000"),
        ("date", "2026-03-01", "2026-03-01"),
        ("boolean", True, "true"),
        ("select", "gold", "gold"),
    ]
    for field_type, stored, query in cases:
        value = canonical(field_type, OPTIONS, stored)
        assert terms_of("k", field_type, value) == [term("k", filter_text(field_type, OPTIONS, query))], field_type
    assert terms_of("k", "multiselect", ["gold", "tea"]) == ["cf:k=gold", "cf:k=tea"]


def test_long_text_keeps_an_exact_term_within_the_column() -> None:
    long = "长" * 200
    (found,) = terms_of("note", "text", long)
    assert len(found) <= MAX_TERM
    assert found.startswith("cf:note#")
    assert found == term("note", filter_text("text", (), long))
    assert found != term("note", filter_text("text", (), long + "x"))


def test_the_term_ranges_of_a_key_hold_no_other_keys_terms() -> None:
    ranges = term_ranges("color")
    mine = ["cf:color=red", terms_of("color", "text", "x" * 300)[0]]
    others = ["cf:color2=red", "cf:colors=red", "cf:colo=red", "cf:color_b=red"]

    def inside(t: str) -> bool:
        return any(start <= t < end for start, end in ranges)

    assert all(inside(t) for t in mine)
    assert not any(inside(t) for t in others)


def test_a_value_reads_as_a_person_reads_it_in_either_language() -> None:
    options = [
        {"value": "gold", "label_zh": "金卡", "label_en": "Gold"},
        {"value": "tea", "label_zh": "茶", "label_en": ""},
    ]
    en = {"yes": "Yes", "no": "No", "removed": "{value} (removed option)"}
    zh = {"yes": "是", "no": "否", "removed": "{value}（已删除的选项）"}
    assert readable("select", options, "gold", "en", en) == "Gold"
    assert readable("select", options, "gone", "zh-CN", zh) == "gone（已删除的选项）"
    assert readable("multiselect", options, ["gold", "tea"], "en", en) == "Gold, 茶"
    assert readable("multiselect", options, ["gold", "tea"], "zh-CN", zh) == "金卡、茶"
    assert (readable("boolean", [], True, "en", en), readable("boolean", [], False, "zh-CN", zh)) == ("Yes", "否")
    assert readable("decimal", [], "12.5", "en", en) == Decimal("12.5")
    assert (readable("number", [], 3, "en", en), readable("date", [], "2026-03-01", "en", en)) == (3, "2026-03-01")
    assert readable("text", [], None, "en", en) is None
