"""Likely duplicates: two live customers who share a likeness key (domain/customers/search.py:
the same email, the same name and birthday, the same name in pinyin with the same last four
phone digits). The same phone cannot happen: it is unique among live customers.

The keys are search terms, so a pair is a self-join of the term table on (tenant_id, term),
inside one key kind's prefix range: index-backed under RLS, whatever the tenant's size. Only
customers the caller may see are paired or offered.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import ColumnElement, and_, func, or_, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, aliased

from domain.customers.models import Customer as CustomerRow
from domain.customers.models import CustomerSearchTerm
from domain.customers.schemas import CustomerBrief, DuplicateCandidate, DuplicateCheck, DuplicatePair, Likeness
from domain.customers.search import LIKENESS, customer_terms, next_prefix
from tenants import scoping
from tenants.context import Ctx
from tenants.errors import invalid
from tenants.pagination import Page, check_limit, decode_cursor, encode_cursor
from tenants.validation import normalise_email, normalise_phone

# How much each shared key says: 1 - Π(1 - weight) over a pair's reasons.
WEIGHTS: dict[Likeness, float] = {"same_email": 0.9, "same_name_and_birthday": 0.8, "same_pinyin_and_last4": 0.6}


def score(reasons: list[Likeness]) -> float:
    remaining = 1.0
    for reason in reasons:
        remaining *= 1 - WEIGHTS[reason]
    return round(1 - remaining, 2)


def _likeness_range(column: InstrumentedAttribute[str]) -> ColumnElement[bool]:
    """Terms of any likeness kind: the `em:`, `nb:` and `p4:` prefix ranges (leakproof, indexed)."""
    return or_(*(and_(column >= f"{k}:", column < next_prefix(f"{k}:")) for k in LIKENESS))


async def list_pairs(ctx: Ctx, limit: int, cursor: str | None) -> Page[DuplicatePair]:
    """Candidate pairs for the review queue, most likely first within a page of pairs ordered by
    their ids (keyset on the pair of ids, in a cursor signed like every other list's)."""
    limit = check_limit(limit)
    a, b = aliased(CustomerSearchTerm), aliased(CustomerSearchTerm)
    seen = select(CustomerRow.id).where(scoping.visible(ctx, CustomerRow))  # live ones the caller may see
    query = (
        select(
            a.customer_id.label("first_id"),
            b.customer_id.label("second_id"),
            func.array_agg(func.split_part(a.term, ":", 1)).label("kinds"),
        )
        .join(b, and_(b.tenant_id == a.tenant_id, b.term == a.term, b.customer_id > a.customer_id))
        .where(a.tenant_id == ctx.tenant_id, _likeness_range(a.term), a.customer_id.in_(seen), b.customer_id.in_(seen))
        .group_by(a.customer_id, b.customer_id)
        .order_by(a.customer_id, b.customer_id)
        .limit(limit + 1)
    )
    binding = f"customer-duplicates:{ctx.tenant_id}".encode()
    after = decode_cursor(cursor, binding)
    if after is not None:
        try:
            first, second = (uuid.UUID(str(v)) for v in after)
        except ValueError as exc:  # signed by us, so only a cursor of an older form gets here
            raise invalid("cursor", "is not a cursor this API issued") from exc
        query = query.where(tuple_(a.customer_id, b.customer_id) > tuple_(first, second))
    rows = (await ctx.session.execute(query)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    names = await _names(ctx, {r.first_id for r in rows} | {r.second_id for r in rows})
    pairs = []
    for row in rows:
        reasons = sorted({LIKENESS[k] for k in row.kinds})
        pairs.append(
            DuplicatePair(
                first=CustomerBrief(id=row.first_id, name=names[row.first_id]),
                second=CustomerBrief(id=row.second_id, name=names[row.second_id]),
                reasons=reasons,
                score=score(reasons),
            )
        )
    next_cursor = encode_cursor([str(rows[-1].first_id), str(rows[-1].second_id)], binding) if more and rows else None
    return Page(items=pairs, next_cursor=next_cursor)


async def _names(ctx: Ctx, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await ctx.session.execute(
        select(CustomerRow.id, CustomerRow.name).where(scoping.visible(ctx, CustomerRow), CustomerRow.id.in_(ids))
    )
    return {row.id: row.name for row in rows}


async def candidates_for(ctx: Ctx, data: DuplicateCheck, exclude: uuid.UUID | None = None) -> list[DuplicateCandidate]:
    """Who the customer being entered may already be (the create form asks before saving)."""
    phone = _quietly(normalise_phone, data.phone)
    email = _quietly(normalise_email, data.email)
    keys = {t for t in customer_terms(data.name, phone, email, data.birthday) if t.split(":", 1)[0] in LIKENESS}
    if not keys:
        return []
    query = (
        select(
            CustomerRow.id,
            CustomerRow.name,
            func.array_agg(func.split_part(CustomerSearchTerm.term, ":", 1)).label("kinds"),
        )
        .join(
            CustomerSearchTerm,
            and_(
                CustomerSearchTerm.tenant_id == CustomerRow.tenant_id, CustomerSearchTerm.customer_id == CustomerRow.id
            ),
        )
        .where(
            scoping.visible(ctx, CustomerRow),
            CustomerSearchTerm.tenant_id == ctx.tenant_id,
            CustomerSearchTerm.term.in_(sorted(keys)),
        )
        .group_by(CustomerRow.id, CustomerRow.name)
        .limit(20)
    )
    if exclude is not None:
        query = query.where(CustomerRow.id != exclude)
    found = []
    for row in (await ctx.session.execute(query)).all():
        reasons = sorted({LIKENESS[k] for k in row.kinds})
        found.append(DuplicateCandidate(id=row.id, name=row.name, reasons=reasons, score=score(reasons)))
    return sorted(found, key=lambda c: (-c.score, c.name))


def _quietly(normalise: Callable[[str], str], value: str | None) -> str | None:
    """The normalised value, or None when it is not one yet (the form is still being typed)."""
    if not value:
        return None
    try:
        return normalise(value)
    except ValueError:
        return None
