"""Ticket search terms: the subject's name terms (CJK n-grams, pinyin, latin words) and the
number (`no:tk-000042`, matched by prefix), all index-backed under row-level security."""

from __future__ import annotations

import re

from domain.terms import MAX_TERM, WORD, SearchPlan, cjk_all_of, cjk_only, name_terms


def ticket_terms(number: str, subject: str) -> set[str]:
    return name_terms(subject) | {f"no:{number.lower()}"[:MAX_TERM]}


def plan_ticket_search(q: str) -> SearchPlan:
    text = q.strip()
    if not text:
        return SearchPlan(empty=True)
    cjk = cjk_only(text)
    if cjk:
        all_of, contains = cjk_all_of(cjk)
        return SearchPlan(all_of=all_of, contains=contains)
    lowered = text.lower()
    compact = re.sub(r"\s+", "", lowered)
    prefixes = [f"no:{compact}", f"no:tk-{compact}", f"pi:{compact}", f"py:{compact}"]
    prefixes += [f"w:{w}" for w in WORD.findall(lowered)[:1]]
    return SearchPlan(any_prefix=tuple(dict.fromkeys(p[:MAX_TERM] for p in prefixes)))
