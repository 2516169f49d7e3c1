"""Search terms for products, and how a query string turns into term lookups.

Kinds: the name kinds of domain/terms.py (n1/n2/pi/py from name_zh, w from both names), plus
`sku:` and `bc:` (the lowercased SKU and barcode, matched by prefix). Every lookup is `=` or a
`[prefix, next_prefix)` range, which stays index-backed under row-level security.
"""

from __future__ import annotations

import re

from domain.terms import MAX_TERM, WORD, SearchPlan, cjk_all_of, cjk_only, name_terms, next_prefix

__all__ = ["ProductSearchPlan", "next_prefix", "plan_product_search", "product_terms"]


def code_terms(kind: str, code: str | None) -> set[str]:
    """`sku:ab-12`: the whole code, lowercased; a prefix range finds it from any leading part."""
    text = (code or "").strip().lower()
    return {f"{kind}:{text}"[:MAX_TERM]} if text else set()


def product_terms(name_zh: str, name_en: str, sku: str, barcode: str | None) -> set[str]:
    return name_terms(name_zh) | name_terms(name_en) | code_terms("sku", sku) | code_terms("bc", barcode)


# Products use the shared plan.
ProductSearchPlan = SearchPlan


def plan_product_search(q: str) -> ProductSearchPlan:
    text = q.strip()
    if not text:
        return ProductSearchPlan(empty=True)
    cjk = cjk_only(text)
    if cjk:
        all_of, contains = cjk_all_of(cjk)
        return ProductSearchPlan(all_of=all_of, contains=contains)
    lowered = text.lower()
    compact = re.sub(r"\s+", "", lowered)
    prefixes = [f"sku:{compact}", f"bc:{compact}", f"pi:{compact}", f"py:{compact}"]
    prefixes += [f"w:{w}" for w in WORD.findall(lowered)[:1]]
    return ProductSearchPlan(any_prefix=tuple(dict.fromkeys(p[:MAX_TERM] for p in prefixes)))
