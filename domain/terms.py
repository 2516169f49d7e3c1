"""Search terms shared by every searchable context (customers, products).

Every term is matched by `=` or by a `[prefix, next_prefix)` range on a (tenant_id, term) btree,
which stays index-backed under row-level security, unlike LIKE or full-text operators.
Name kinds: n1/n2 (CJK unigrams/bigrams), pi (pinyin initials), py (full pinyin), w (latin words).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from pypinyin import lazy_pinyin
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[a-z0-9]+")
MAX_TERM = 120


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def cjk_only(text: str) -> str:
    return "".join(c for c in text if is_cjk(c))


def _pinyin(name: str) -> tuple[list[str], list[str]]:
    cjk = [c for c in name if is_cjk(c)]
    if not cjk:
        return [], []
    full = [p.lower() for p in lazy_pinyin(cjk, errors="ignore")]
    initials = [p[0] for p in full if p]
    return full, initials


def pinyin_of(name: str) -> list[str]:
    """The full pinyin of the name's Chinese characters, syllable by syllable (none without any)."""
    return _pinyin(name)[0]


def name_terms(name: str) -> set[str]:
    terms: set[str] = set()
    cjk = cjk_only(name)
    terms.update(f"n1:{c}" for c in cjk)
    terms.update(f"n2:{cjk[i : i + 2]}" for i in range(len(cjk) - 1))
    full, initials = _pinyin(name)
    # From every start position, so "sf" finds 张三丰 by the given name as well as "zsf".
    for i in range(len(initials)):
        terms.add(f"pi:{''.join(initials[i:])}")
        terms.add(f"py:{''.join(full[i:])}")
    terms.update(f"w:{w}" for w in WORD.findall(name.lower()))
    return {t[:MAX_TERM] for t in terms}


def cjk_all_of(cjk: str) -> tuple[tuple[str, ...], str | None]:
    """Terms a row must all have to contain the CJK text, and the substring still to check."""
    if len(cjk) == 1:
        return (f"n1:{cjk}",), None
    bigrams = tuple(sorted({f"n2:{cjk[i : i + 2]}" for i in range(len(cjk) - 1)}))
    return bigrams, cjk if len(cjk) > 2 else None


def next_prefix(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (byte order)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """`all_of`: terms a row must all have (exact). `any_prefix` / `any_exact`: terms any of which
    matches. `contains`: a substring the name must contain (checked on the few candidate rows)."""

    all_of: tuple[str, ...] = ()
    any_prefix: tuple[str, ...] = ()
    any_exact: tuple[str, ...] = ()
    contains: str | None = None
    empty: bool = field(default=False)


def matching_ids(
    tenant_col: InstrumentedAttribute[uuid.UUID],
    term_col: InstrumentedAttribute[str],
    owner_col: InstrumentedAttribute[uuid.UUID],
    tenant_id: uuid.UUID,
    plan: SearchPlan,
) -> Select[Any] | None:
    """Ids (of `owner_col`) whose terms satisfy the plan; None when there is nothing to search."""
    if plan.empty:
        return None
    base = select(owner_col).where(tenant_col == tenant_id)
    if plan.all_of:
        return (
            base.where(term_col.in_(plan.all_of))
            .group_by(owner_col)
            .having(func.count(func.distinct(term_col)) == len(plan.all_of))
        )
    ranges = [and_(term_col >= p, term_col < next_prefix(p)) for p in plan.any_prefix]
    ranges += [term_col == t for t in plan.any_exact]
    return base.where(or_(*ranges)).distinct()
