"""Search terms for customers, and how a query string turns into term lookups.

Every term is matched by `=` or by a `[prefix, next_prefix)` range on a (tenant_id, term) btree,
which stays index-backed under row-level security, unlike LIKE or full-text operators.
Kinds: n1/n2 (CJK unigrams/bigrams of the name), pi (pinyin initials), py (full pinyin),
w (latin name words), ph (national phone digits), l4 (last four digits), em (email).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[a-z0-9]+")
MAX_TERM = 120


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def _pinyin(name: str) -> tuple[list[str], list[str]]:
    cjk = [c for c in name if is_cjk(c)]
    if not cjk:
        return [], []
    full = [p.lower() for p in lazy_pinyin(cjk, errors="ignore")]
    initials = [p[0] for p in full if p]
    return full, initials


def name_terms(name: str) -> set[str]:
    terms: set[str] = set()
    cjk = "".join(c for c in name if is_cjk(c))
    terms.update(f"n1:{c}" for c in cjk)
    terms.update(f"n2:{cjk[i : i + 2]}" for i in range(len(cjk) - 1))
    full, initials = _pinyin(name)
    # From every start position, so "sf" finds 张三丰 by the given name as well as "zsf".
    for i in range(len(initials)):
        terms.add(f"pi:{''.join(initials[i:])}")
        terms.add(f"py:{''.join(full[i:])}")
    terms.update(f"w:{w}" for w in _WORD.findall(name.lower()))
    return {t[:MAX_TERM] for t in terms}


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


def next_prefix(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (byte order)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """`all_of`: terms a customer must all have (exact). `any_prefix`: prefixes, any of which matches.
    `contains`: a substring the name must contain (checked on the few candidate rows)."""

    all_of: tuple[str, ...] = ()
    any_prefix: tuple[str, ...] = ()
    any_exact: tuple[str, ...] = ()
    contains: str | None = None
    empty: bool = field(default=False)


def plan_search(q: str) -> SearchPlan:
    text = q.strip()
    if not text:
        return SearchPlan(empty=True)
    lowered = text.lower()
    if "@" in lowered:
        return SearchPlan(any_prefix=(f"em:{lowered}",))
    cjk = "".join(c for c in text if is_cjk(c))
    if cjk:
        if len(cjk) == 1:
            return SearchPlan(all_of=(f"n1:{cjk}",))
        bigrams = tuple(sorted({f"n2:{cjk[i : i + 2]}" for i in range(len(cjk) - 1)}))
        return SearchPlan(all_of=bigrams, contains=cjk if len(cjk) > 2 else None)
    digits = re.sub(r"[\s\-()+]", "", lowered)
    if digits.isdigit():
        if len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]
        exact = (f"l4:{digits}",) if len(digits) == 4 else ()
        return SearchPlan(any_prefix=(f"ph:{digits}",), any_exact=exact)
    compact = re.sub(r"\s+", "", lowered)
    prefixes = [f"pi:{compact}", f"py:{compact}", f"em:{lowered}"]
    prefixes += [f"w:{w}" for w in _WORD.findall(lowered)[:1]]
    return SearchPlan(any_prefix=tuple(dict.fromkeys(prefixes)))
