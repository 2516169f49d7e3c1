"""A products file's cells as the API's product fields: prices, tax rates, statuses, categories
by name or path, and each bad cell named (no DB)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from domain.catalog.imports import Categories, parse, suggest
from domain.custom_fields.imports import CustomColumns

TEA, GREEN, COFFEE_GREEN = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
CATEGORIES = Categories(
    {"茶叶": {TEA}, "tea": {TEA}, "绿茶": {GREEN, COFFEE_GREEN}, "茶叶/绿茶": {GREEN}, "tea/green tea": {GREEN}}
)
NONE = CustomColumns({})


def _parse(**cells: str) -> tuple[dict[str, object] | None, list[tuple[str, str]]]:
    parsed = parse({"sku": "TEA-1", **cells}, CATEGORIES, "CNY", NONE)
    return parsed.values, parsed.problems


@pytest.mark.parametrize(
    ("text", "price"),
    [("128", "128.00"), ("128.5", "128.50"), ("1,280.50", "1280.50"), ("￥35", "35.00"), ("¥ 9.9", "9.90")],
)
def test_prices_as_people_write_them(text: str, price: str) -> None:
    assert _parse(list_price=text) == ({"sku": "TEA-1", "list_price": Decimal(price)}, [])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12.345", "has more decimal places than CNY has (2)"),
        ("１２", "is not a price: write it as 128.00"),
        ("-1", "is not a price: write it as 128.00"),
        ("12,34", "is not a price: write it as 128.00"),
    ],
)
def test_a_price_that_is_not_one_is_a_cell_problem(text: str, reason: str) -> None:
    assert _parse(list_price=text) == (None, [("list_price", reason)])


@pytest.mark.parametrize(("text", "rate"), [("13%", "0.1300"), ("13", "0.1300"), ("0.06", "0.0600"), ("0", "0")])
def test_tax_rates_in_percent_or_as_a_fraction(text: str, rate: str) -> None:
    assert _parse(tax_rate=text) == ({"sku": "TEA-1", "tax_rate": Decimal(rate)}, [])


def test_categories_by_name_either_language_or_path() -> None:
    assert _parse(category="Tea")[0] == {"sku": "TEA-1", "category_id": TEA}
    assert _parse(category="茶叶 / 绿茶")[0] == {"sku": "TEA-1", "category_id": GREEN}
    assert _parse(category="Tea>Green tea")[0] == {"sku": "TEA-1", "category_id": GREEN}
    assert _parse(category="绿茶")[1] == [
        ("category", "names more than one category: write its path, with / between the levels")
    ]
    assert _parse(category="咖啡")[1] == [("category", "is not a category of this tenant")]


def test_every_bad_cell_of_a_row_is_named() -> None:
    parsed = parse(
        {"sku": "茶 1", "barcode": "69 01", "status": "maybe", "low_stock_threshold": "-3", "name_zh": "茶" * 201},
        CATEGORIES,
        "CNY",
        NONE,
    )
    assert parsed.values is None
    assert sorted(parsed.problems) == [
        ("barcode", "must be at most 64 letters, digits and -"),
        ("low_stock_threshold", "must be a whole number of units from 0 to 1,000,000"),
        ("name_zh", "must be at most 200 characters"),
        ("sku", "must be at most 64 letters, digits and . _ / -, starting with a letter or digit"),
        ("status", "must be active or archived"),
    ]
    assert parse({"name_zh": "龙井"}, CATEGORIES, "CNY", NONE).problems == [("sku", "is required")]


def test_statuses_and_header_words() -> None:
    assert _parse(status="停售")[0] == {"sku": "TEA-1", "status": "archived"}
    assert _parse(status="上架")[0] == {"sku": "TEA-1", "status": "active"}
    assert suggest(["货号", "品名", "零售价", "条形码", "品类", "English name", "备注"]) == {
        "货号": "sku",
        "品名": "name_zh",
        "零售价": "list_price",
        "条形码": "barcode",
        "品类": "category",
        "English name": "name_en",
        "备注": None,
    }
