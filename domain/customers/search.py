"""Search terms for customers, and how a query string turns into term lookups.

Every term is matched by `=` or by a `[prefix, next_prefix)` range on a (tenant_id, term) btree,
which stays index-backed under row-level security, unlike LIKE or full-text operators.
The name terms live in domain/terms.py, shared with products; they are re-exported here.
Kinds: n1/n2 (CJK unigrams/bigrams of the name), pi (pinyin initials), py (full pinyin),
w (latin name words), ph (national phone digits), l4 (last four digits), em (email); and the
likeness keys duplicates are found by: nb (name + birthday), p4 (full pinyin + last four).
"""

from __future__ import annotations

import re
from datetime import date

from domain.customers.schemas import Likeness
from domain.terms import (
    MAX_TERM,
    WORD,
    SearchPlan,
    cjk_all_of,
    cjk_only,
    is_cjk,
    name_terms,
    next_prefix,
    pinyin_of,
)

__all__ = [
    "SearchPlan",
    "customer_terms",
    "email_terms",
    "is_cjk",
    "name_terms",
    "national_digits",
    "next_prefix",
    "phone_terms",
    "plan_search",
]


def national_digits(e164: str) -> str:
    """+8613800138000 → 13800138000; other countries keep their country code."""
    digits = e164.lstrip("+")
    return digits[2:] if digits.startswith("86") else digits


def phone_terms(e164: str | None) -> set[str]:
    if not e164:
        return set()
    digits = national_digits(e164)
    return {f"ph:{digits}", f"l4:{digits[-4:]}"}


def email_terms(email: str | None) -> set[str]:
    return {f"em:{email.lower()[: MAX_TERM - 3]}"} if email else set()


def customer_terms(name: str, phone: str | None, email: str | None, birthday: date | None = None) -> set[str]:
    return name_terms(name) | phone_terms(phone) | email_terms(email) | likeness_terms(name, phone, birthday)


# What makes two customers likely the same person (domain/customers/duplicates.py): the same
# email (its `em:` term), or one of these keys. Each is exact: a pair shares the whole term.
LIKENESS: dict[str, Likeness] = {"em": "same_email", "nb": "same_name_and_birthday", "p4": "same_pinyin_and_last4"}


def likeness_terms(name: str, phone: str | None, birthday: date | None) -> set[str]:
    """`nb:` the name (spaces and case aside) with the birthday; `p4:` the name's full pinyin with
    the phone's last 4 digits (张三丰 and 张三峰 at one number)."""
    plain = re.sub(r"\s+", "", name).lower()
    terms: set[str] = set()
    if plain and birthday is not None:
        terms.add(f"nb:{plain}|{birthday.isoformat()}"[:MAX_TERM])
    full = "".join(pinyin_of(name))
    if full and phone:
        terms.add(f"p4:{full}|{national_digits(phone)[-4:]}"[:MAX_TERM])
    return terms


def plan_search(q: str) -> SearchPlan:
    text = q.strip()
    if not text:
        return SearchPlan(empty=True)
    lowered = text.lower()
    if "@" in lowered:
        return SearchPlan(any_prefix=(f"em:{lowered}",))
    cjk = cjk_only(text)
    if cjk:
        all_of, contains = cjk_all_of(cjk)
        return SearchPlan(all_of=all_of, contains=contains)
    digits = re.sub(r"[\s\-()+]", "", lowered)
    if digits.isdigit():
        if len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]
        exact = (f"l4:{digits}",) if len(digits) == 4 else ()
        return SearchPlan(any_prefix=(f"ph:{digits}",), any_exact=exact)
    compact = re.sub(r"\s+", "", lowered)
    prefixes = [f"pi:{compact}", f"py:{compact}", f"em:{lowered}"]
    prefixes += [f"w:{w}" for w in WORD.findall(lowered)[:1]]
    return SearchPlan(any_prefix=tuple(dict.fromkeys(prefixes)))
