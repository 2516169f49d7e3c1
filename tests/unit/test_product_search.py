"""Product search terms, query plans, and the transfer transition table (no database)."""

from __future__ import annotations

import pytest

from domain.catalog.search import ProductSearchPlan, plan_product_search, product_terms
from domain.catalog.states import LIFECYCLE, TransferAction
from domain.kernel.errors import InvalidTransition


def allowed_actions(status: str) -> list[TransferAction]:
    return LIFECYCLE.allowed_actions(status)


def next_status(status: str, action: str) -> str:
    return LIFECYCLE.advance(TransferAction(action), status)


def test_terms_cover_chinese_name_pinyin_english_words_sku_and_barcode() -> None:
    terms = product_terms("纯牛奶", "Pure Milk 1L", "MILK-01", "6907992100272")
    assert terms == {
        "n1:纯",
        "n1:牛",
        "n1:奶",
        "n2:纯牛",
        "n2:牛奶",
        "pi:cnn",
        "pi:nn",
        "pi:n",
        "py:chunniunai",
        "py:niunai",
        "py:nai",
        "w:pure",
        "w:milk",
        "w:1l",
        "sku:milk-01",
        "bc:6907992100272",
    }


def test_no_barcode_and_blank_english_name_add_nothing() -> None:
    assert product_terms("", "", " Ab-1 ", None) == {"sku:ab-1"}


def test_chinese_queries_need_their_ngrams() -> None:
    assert plan_product_search("牛") == ProductSearchPlan(all_of=("n1:牛",))
    assert plan_product_search("牛奶") == ProductSearchPlan(all_of=("n2:牛奶",))
    assert plan_product_search("纯牛奶") == ProductSearchPlan(all_of=("n2:牛奶", "n2:纯牛"), contains="纯牛奶")


def test_latin_queries_are_prefixes_of_sku_barcode_pinyin_and_words() -> None:
    assert plan_product_search(" MILK-0 ").any_prefix == ("sku:milk-0", "bc:milk-0", "pi:milk-0", "py:milk-0", "w:milk")
    assert plan_product_search("690799").any_prefix == ("sku:690799", "bc:690799", "pi:690799", "py:690799", "w:690799")
    assert plan_product_search("  ").empty


def test_the_transition_table_allows_exactly_these_moves() -> None:
    assert allowed_actions("requested") == ["ship", "cancel"]
    assert allowed_actions("shipped") == ["receive"]
    assert allowed_actions("received") == []
    assert allowed_actions("cancelled") == []
    legal = {(source, action): rule.target for action, rule in LIFECYCLE.table.items() for source in rule.sources}
    assert legal == {
        ("requested", "ship"): "shipped",
        ("shipped", "receive"): "received",
        ("requested", "cancel"): "cancelled",
    }
    for status in ("requested", "shipped", "received", "cancelled"):
        for action in ("ship", "receive", "cancel"):
            if (status, action) in legal:
                assert next_status(status, action) == legal[(status, action)]
            else:
                with pytest.raises(InvalidTransition) as caught:
                    next_status(status, action)
                assert caught.value.code == "invalid_transition"
                assert caught.value.extra["current_status"] == status
