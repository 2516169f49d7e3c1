"""Search terms for customers, and how a query string turns into term lookups.

Every term is matched by `=` or by a `[prefix, next_prefix)` range on a (tenant_id, term) btree,
which stays index-backed under row-level security, unlike LIKE or full-text operators.
The name terms live in domain/terms.py, shared with products; they are re-exported here.
Kinds: n1/n2 (CJK unigrams/bigrams of the name), pi (pinyin initials), py (full pinyin),
w (latin name words), ph (national phone digits), l4 (last four digits), em (email).
"""

from __future__ import annotations

import re

from domain.terms import MAX_TERM, WORD, SearchPlan, cjk_all_of, cjk_only, is_cjk, name_terms, next_prefix

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


def customer_terms(name: str, phone: str | None, email: str | None) -> set[str]:
    return name_terms(name) | phone_terms(phone) | email_terms(email)


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
