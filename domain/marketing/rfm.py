"""RFM scores: how recently, how often and how much each customer bought, scored 1–5 among the
tenant's buyers, and the named segment the recency and frequency scores make.

Scores are quintiles by rank, and equal values always share a score (`ntile` would spread them at
random): frequency and monetary are 1 + ⌊5 × percent_rank⌋ (ties at the bottom: the many one-time
buyers all have frequency 1); recency is ⌈5 × cume_dist⌉ (ties at the top: everyone who last
bought on the latest day scores 5). Recency ranks
the last purchase date (the most recent buyers score 5), frequency the number of purchases,
monetary their total net of refunds, all over every purchase the customer ever made (orders in
the purchased states, walk-ins excluded).

The named segments follow the usual recency × frequency grid (champions bought recently and
often; can't lose them bought often but long ago …); see `named_segment`. A periodic job of the
tenant sweeper recomputes the whole tenant once a day (`recompute_daily`), after which the
segments whose rules read RFM are rebuilt by the daily segment sweep.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, and_, case, cast, delete, func, literal, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers.public import Customer
from domain.marketing.catalogue import RFM_SEGMENTS
from domain.marketing.models import CustomerRfm
from domain.marketing.schemas import RfmCell, RfmOverview
from domain.orders import public as orders
from tenants import scoping
from tenants.context import Ctx
from tenants.scoping import of_tenant
from tenants.zones import tenant_zone


def named_segment(r: int, f: int) -> str:
    """The named RFM segment of a recency and a frequency score (the SQL below says the same)."""
    if r == 5 and f >= 4:
        return "champions"
    if r in (3, 4) and f >= 4:
        return "loyal"
    if r >= 4 and f in (2, 3):
        return "potential_loyalist"
    if r == 5 and f == 1:
        return "new"
    if r == 4 and f == 1:
        return "promising"
    if r == 3 and f == 3:
        return "need_attention"
    if r == 3:
        return "about_to_sleep"
    if f == 5:
        return "cant_lose"
    if f in (3, 4):
        return "at_risk"
    if r == 1 and f == 1:
        return "lost"
    return "hibernating"


def _named_sql(r: Any, f: Any) -> Any:
    return case(
        (and_(r == 5, f >= 4), "champions"),
        (and_(r.in_((3, 4)), f >= 4), "loyal"),
        (and_(r >= 4, f.in_((2, 3))), "potential_loyalist"),
        (and_(r == 5, f == 1), "new"),
        (and_(r == 4, f == 1), "promising"),
        (and_(r == 3, f == 3), "need_attention"),
        (r == 3, "about_to_sleep"),
        (f == 5, "cant_lose"),
        (f.in_((3, 4)), "at_risk"),
        (and_(r == 1, f == 1), "lost"),
        else_="hibernating",
    )


def _score(order_by: Any) -> Any:
    """1–5 by rank, ties at the bottom of their group: the many one-time buyers all score 1."""
    rank = func.percent_rank().over(order_by=order_by)
    return func.least(5, 1 + cast(func.floor(rank * 5), Integer))


def _recency_score(order_by: Any) -> Any:
    """1–5 by rank, ties at the top of their group: customers who bought on the same latest day
    all score 5 (not 1, as a new chain whose buyers all came this week would otherwise)."""
    share = func.cume_dist().over(order_by=order_by)
    return func.greatest(1, func.least(5, 1 + cast(func.floor(share * 5 - 0.000001), Integer)))


async def recompute(session: AsyncSession, tenant_id: uuid.UUID, now: datetime) -> int:
    """Score every buyer of the tenant again (one statement), forget who is no buyer any more;
    returns how many customers are scored."""
    totals = orders.purchase_totals(tenant_id, None).subquery()
    buyers = (
        select(totals)
        .join(Customer, and_(Customer.tenant_id == tenant_id, Customer.id == totals.c.customer_id))
        .where(Customer.deleted_at.is_(None))
        .subquery()
    )
    scored = select(
        buyers.c.customer_id,
        buyers.c.orders,
        buyers.c.spend,
        buyers.c.last_at,
        _recency_score(buyers.c.last_at).label("r"),
        _score(buyers.c.orders).label("f"),
        _score(buyers.c.spend).label("m"),
    ).subquery()
    rows = select(
        literal(tenant_id),
        scored.c.customer_id,
        scored.c.r,
        scored.c.f,
        scored.c.m,
        _named_sql(scored.c.r, scored.c.f),
        scored.c.orders,
        scored.c.spend,
        scored.c.last_at,
        literal(now),
    )
    columns = [
        "tenant_id",
        "customer_id",
        "recency",
        "frequency",
        "monetary",
        "segment",
        "orders",
        "spend",
        "last_purchase_at",
        "computed_at",
    ]
    upsert = insert(CustomerRfm).from_select(columns, rows)
    upsert = upsert.on_conflict_do_update(
        index_elements=["tenant_id", "customer_id"],
        set_={c: upsert.excluded[c] for c in columns[2:]},
    )
    result = await session.execute(upsert)
    await session.execute(delete(CustomerRfm).where(of_tenant(tenant_id, CustomerRfm), CustomerRfm.computed_at < now))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def computed_on(session: AsyncSession, tenant_id: uuid.UUID) -> datetime | None:
    """When the tenant's scores were last computed (None: never, or nobody has bought yet)."""
    query = select(func.max(CustomerRfm.computed_at)).where(of_tenant(tenant_id, CustomerRfm))
    return (await session.execute(query)).scalar_one()


async def recompute_daily(session: AsyncSession, tenant_id: uuid.UUID, now: datetime) -> int:
    """The sweeper's job: recompute once per day of the tenant's calendar."""
    zone = await tenant_zone(session, tenant_id)
    last = await computed_on(session, tenant_id)
    if last is not None and last.astimezone(zone).date() >= now.astimezone(zone).date():
        return 0
    return await recompute(session, tenant_id, now)


async def overview(ctx: Ctx) -> RfmOverview:
    """Customers and revenue per named segment, among the scored customers the caller may see."""
    seen = select(Customer.id).where(scoping.visible(ctx, Customer))
    rows = (
        await ctx.session.execute(
            select(CustomerRfm.segment, func.count(), func.coalesce(func.sum(CustomerRfm.spend), 0))
            .where(of_tenant(ctx.tenant_id, CustomerRfm), CustomerRfm.customer_id.in_(seen))
            .group_by(CustomerRfm.segment)
        )
    ).all()
    found = {r[0]: (int(r[1]), Decimal(r[2])) for r in rows}
    revenue = sum((v[1] for v in found.values()), Decimal(0))
    items = []
    for option in RFM_SEGMENTS:
        customers, spend = found.get(option.value, (0, Decimal(0)))
        share = (spend / revenue).quantize(Decimal("0.0001")) if revenue > 0 else Decimal(0)
        items.append(
            RfmCell(
                segment=option.value,
                label_zh=option.label_zh,
                label_en=option.label_en,
                customers=customers,
                revenue=spend,
                revenue_share=share,
            )
        )
    return RfmOverview(
        items=items,
        scored=sum(v[0] for v in found.values()),
        computed_at=await computed_on(ctx.session, ctx.tenant_id),
    )
