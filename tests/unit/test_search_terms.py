"""Customer search terms and how a query string becomes term lookups."""

from __future__ import annotations

from domain.customers.search import (
    SearchPlan,
    customer_terms,
    email_terms,
    name_terms,
    national_digits,
    next_prefix,
    phone_terms,
    plan_search,
)


def test_name_terms_of_a_three_character_chinese_name() -> None:
    terms = name_terms("张三丰")
    assert {"n1:张", "n1:三", "n1:丰"} <= terms
    assert {"n2:张三", "n2:三丰"} <= terms
    assert {"pi:zsf", "pi:sf", "pi:f"} <= terms
    assert {"py:zhangsanfeng", "py:sanfeng", "py:feng"} <= terms
    assert "n2:张丰" not in terms
    assert terms == {
        "n1:张",
        "n1:三",
        "n1:丰",
        "n2:张三",
        "n2:三丰",
        "pi:zsf",
        "pi:sf",
        "pi:f",
        "py:zhangsanfeng",
        "py:sanfeng",
        "py:feng",
    }


def test_latin_names_give_word_terms_and_no_pinyin() -> None:
    assert name_terms("Tom Lee") == {"w:tom", "w:lee"}


def test_phone_terms_hold_national_digits_and_last_four() -> None:
    assert national_digits("+8613800138000") == "13800138000"
    assert national_digits("+16502530000") == "16502530000"
    assert phone_terms("+8613800138000") == {"ph:13800138000", "l4:8000"}
    assert phone_terms(None) == set()


def test_email_terms_are_lower_case() -> None:
    assert email_terms("A@B.com") == {"em:a@b.com"}
    assert email_terms(None) == set()


def test_customer_terms_combine_name_phone_and_email() -> None:
    terms = customer_terms("张三", "+8613800138000", "zs@example.com")
    assert {"n2:张三", "pi:zs", "ph:13800138000", "l4:8000", "em:zs@example.com"} <= terms


def test_pinyin_initials_search_by_prefix() -> None:
    plan = plan_search("zs")
    assert plan.any_prefix == ("pi:zs", "py:zs", "em:zs", "w:zs")
    assert plan.all_of == ()
    assert plan.any_exact == ()
    assert plan_search(" ZS ").any_prefix == plan.any_prefix


def test_two_chinese_characters_need_their_bigram() -> None:
    assert plan_search("张三") == SearchPlan(all_of=("n2:张三",))


def test_three_chinese_characters_need_both_bigrams_and_the_substring() -> None:
    assert plan_search("张三丰") == SearchPlan(all_of=("n2:三丰", "n2:张三"), contains="张三丰")


def test_single_chinese_character_uses_the_unigram() -> None:
    assert plan_search("王") == SearchPlan(all_of=("n1:王",))


def test_four_digits_match_a_phone_prefix_or_the_last_four() -> None:
    assert plan_search("8000") == SearchPlan(any_prefix=("ph:8000",), any_exact=("l4:8000",))


def test_full_phone_numbers_in_any_format_search_national_digits() -> None:
    expected = SearchPlan(any_prefix=("ph:13800138000",))
    assert plan_search("13800138000") == expected
    assert plan_search("+86 138 0013 8000") == expected
    assert plan_search("138-0013-8000") == expected
    assert plan_search("8613800138000") == expected


def test_partial_phone_is_a_prefix_without_last_four() -> None:
    assert plan_search("13800") == SearchPlan(any_prefix=("ph:13800",))


def test_email_query_is_an_email_prefix() -> None:
    assert plan_search("a@b.c") == SearchPlan(any_prefix=("em:a@b.c",))
    assert plan_search("A@B.C") == SearchPlan(any_prefix=("em:a@b.c",))


def test_blank_query_is_empty() -> None:
    assert plan_search("   ").empty is True
    assert plan_search("").empty is True
    assert plan_search("zs").empty is False


def test_next_prefix_bounds_every_string_with_the_prefix() -> None:
    assert next_prefix("pi:zs") == "pi:zt"
    assert next_prefix("ph:138") == "ph:139"
    upper = next_prefix("pi:zs")
    for term in ("pi:zs", "pi:zsf", "pi:zs\uffff"):
        assert "pi:zs" <= term < upper
    assert not ("pi:zs" <= "pi:zt" < upper)
    assert not ("pi:zs" <= "pi:z" < upper)
