"""Search terms of an article, and how a query string turns into term lookups.

Built on domain/terms.py, like customer and product search: every lookup is `=` or a
`[prefix, next_prefix)` range on the (tenant_id, term) btree, which stays index-backed under RLS.
Kinds: the name kinds (n1/n2/pi/py/w) of both titles and of each tag, `tag:` (a whole tag,
lowercased, for the tag filter), and n1/n2/w of the bodies: no pinyin for bodies (a pinyin term
from every start position of a long text would explode), and at most MAX_BODY_TERMS of them.
"""

from __future__ import annotations

import re

from domain.terms import MAX_TERM, WORD, SearchPlan, cjk_all_of, cjk_only, is_cjk, name_terms

MAX_BODY_TERMS = 2000


def tag_key(tag: str) -> str:
    return f"tag:{tag.strip().lower()}"[:MAX_TERM]


def body_terms(text: str, cap: int = MAX_BODY_TERMS) -> list[str]:
    """CJK unigrams and bigrams (within runs of CJK text) and latin words, in order of first
    appearance, at most `cap` of them: a long article is found by its opening, not left out."""
    seen: dict[str, None] = {}
    run = ""
    for char in text + "\n":
        if is_cjk(char):
            seen.setdefault(f"n1:{char}")
            if run:
                seen.setdefault(f"n2:{run[-1]}{char}")
            run += char
        else:
            run = ""
        if len(seen) >= cap:
            return list(seen)[:cap]
    for word in WORD.findall(text.lower()):
        if len(seen) >= cap:
            break
        seen.setdefault(f"w:{word}"[:MAX_TERM])
    return list(seen)[:cap]


def article_terms(title_zh: str, title_en: str, tags: list[str], body_zh: str, body_en: str) -> set[str]:
    terms = name_terms(title_zh) | name_terms(title_en)
    for tag in tags:
        terms |= name_terms(tag) | {tag_key(tag)}
    terms.update(body_terms(f"{body_zh}\n{body_en}"))
    return terms


def plan_article_search(q: str) -> SearchPlan:
    """Chinese text: every bigram must be present (then a substring check); otherwise a prefix of
    the pinyin initials or full pinyin of a title or tag, or of the first latin word."""
    text = q.strip()
    if not text:
        return SearchPlan(empty=True)
    cjk = cjk_only(text)
    if cjk:
        all_of, contains = cjk_all_of(cjk)
        return SearchPlan(all_of=all_of, contains=contains)
    lowered = text.lower()
    compact = re.sub(r"\s+", "", lowered)
    prefixes = [f"pi:{compact}", f"py:{compact}"]
    prefixes += [f"w:{w}" for w in WORD.findall(lowered)[:1]]
    return SearchPlan(any_prefix=tuple(dict.fromkeys(p[:MAX_TERM] for p in prefixes)))
