"""Reading segments: the list, one segment, the preview of rules before saving, the stored
members as the caller may see them, and the size history.

Store scope: a store-scoped marketer works inside her stores. A segment she makes or previews is
fenced to stores she holds (all of hers when she names none), she sees only segments fenced
inside her scope, and a member list or a preview counts only customers she may see."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, cast, func, select

from domain.customers.public import Customer
from domain.marketing.compiler import compile_rules
from domain.marketing.fields import tenant_fields
from domain.marketing.mappers import mask_phone, sample_out, segment_out
from domain.marketing.membership import fence, frame_of
from domain.marketing.models import Segment as SegmentRow
from domain.marketing.models import SegmentChange, SegmentMember
from domain.marketing.rules import check_rules
from domain.marketing.schemas import (
    Preview,
    PreviewRequest,
    Segment,
    SegmentKind,
    SizeHistory,
    SizePoint,
)
from domain.marketing.schemas import SegmentMember as MemberOut
from tenants import scoping
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.db import analytic_memory
from tenants.errors import invalid
from tenants.pagination import Page, keyset_page
from tenants.scoping import load_visible
from tenants.stores import is_usable_store
from tenants.zones import zone_name

SAMPLE = 20


async def fence_for(ctx: Ctx, store_ids: list[uuid.UUID] | None, field: str = "store_ids") -> list[uuid.UUID] | None:
    """The stores a segment of this caller is fenced to: the ones named (each a store of the
    tenant inside her scope, else 422), or all of hers when she is store-scoped and names none
    (None: the chain, for callers of every store)."""
    if store_ids is None:
        scope = ctx.actor.store_ids
        return sorted(scope) if scope is not None else None
    for index, store_id in enumerate(store_ids):
        if not await is_usable_store(ctx, store_id, active=False):
            raise invalid(f"{field}.{index}", "is not a store of this tenant in your scope")
    return sorted(set(store_ids))


async def preview(ctx: Ctx, data: PreviewRequest) -> Preview:
    """How many customers the rules select among those the caller may see, and the newest 20."""
    fields = await tenant_fields(ctx)
    check_rules(data.rules, fields)
    stores = await fence_for(ctx, data.store_ids)
    condition = compile_rules(data.rules, fields, await frame_of(ctx))
    where = [scoping.visible(ctx, Customer), fence(ctx.tenant_id, stores), condition]
    await analytic_memory(ctx.session)
    # One pass: the count over every match (a window over the whole result) beside the newest 20.
    sample = (
        await ctx.session.execute(
            select(
                func.count().over().label("total"),
                Customer.id,
                Customer.name,
                Customer.phone,
                Customer.home_store_id,
                Customer.lifecycle_stage,
            )
            .where(*where)
            .order_by(Customer.created_at.desc(), Customer.id.desc())
            .limit(SAMPLE)
        )
    ).all()
    count = int(sample[0].total) if sample else 0
    return Preview(count=count, sample=[sample_out(r) for r in sample], computed_at=utcnow())


async def list_segments(ctx: Ctx, kind: SegmentKind | None, limit: int, cursor: str | None) -> Page[Segment]:
    query = scoping.scoped(ctx, SegmentRow)
    if kind is not None:
        query = query.where(SegmentRow.kind == kind)
    rows, next_cursor = await keyset_page(ctx.session, query, SegmentRow.created_at, SegmentRow.id, limit, cursor)
    return Page(items=[segment_out(r) for r in rows], next_cursor=next_cursor)


async def get_segment(ctx: Ctx, segment_id: uuid.UUID) -> Segment:
    return segment_out(await load_visible(ctx, SegmentRow, segment_id))


async def list_members(ctx: Ctx, segment_id: uuid.UUID, limit: int, cursor: str | None) -> Page[MemberOut]:
    """The segment's stored members the caller may see, latest to join first."""
    segment = await load_visible(ctx, SegmentRow, segment_id)
    query = (
        select(
            SegmentMember.customer_id,
            SegmentMember.joined_at,
            Customer.name,
            Customer.phone,
            Customer.home_store_id,
        )
        .join(Customer, (Customer.tenant_id == SegmentMember.tenant_id) & (Customer.id == SegmentMember.customer_id))
        .where(
            scoping.of_tenant(ctx.tenant_id, SegmentMember),
            SegmentMember.segment_id == segment.id,
            scoping.visible(ctx, Customer),
        )
    )
    rows, next_cursor = await keyset_page(
        ctx.session, query, SegmentMember.joined_at, SegmentMember.customer_id, limit, cursor, scalars=False
    )
    items = [
        MemberOut(
            customer_id=r.customer_id,
            name=r.name,
            phone=mask_phone(r.phone),
            home_store_id=r.home_store_id,
            joined_at=r.joined_at,
        )
        for r in rows
    ]
    return Page(items=items, next_cursor=next_cursor)


async def size_history(ctx: Ctx, segment_id: uuid.UUID, days: int = 90) -> SizeHistory:
    """The segment's size at the end of each of the last `days` days of the tenant's calendar,
    from its joins and leaves (days without a change carry the size on)."""
    segment = await load_visible(ctx, SegmentRow, segment_id)
    zone = await zone_name(ctx.session, ctx.tenant_id)
    day = cast(func.timezone(zone, SegmentChange.at), Date).label("day")
    mine = [scoping.of_tenant(ctx.tenant_id, SegmentChange), SegmentChange.segment_id == segment.id]
    joined = func.count().filter(SegmentChange.change == "joined")
    left = func.count().filter(SegmentChange.change == "left")
    rows = (await ctx.session.execute(select(day, joined, left).where(*mine).group_by(day).order_by(day))).all()
    today = (await frame_of(ctx)).today
    start = today - timedelta(days=days - 1)
    by_day: dict[date, Any] = {r[0]: r for r in rows}
    size = sum(int(r[1]) - int(r[2]) for r in rows if r[0] < start)
    points = []
    for n in range(days):
        current = start + timedelta(days=n)
        found = by_day.get(current)
        came, went = (int(found[1]), int(found[2])) if found is not None else (0, 0)
        size += came - went
        points.append(SizePoint(day=current, size=size, joined=came, left=went))
    return SizeHistory(items=points)
