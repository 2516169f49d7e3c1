"""Stored membership: who is in each segment now, kept current three ways that agree.

- `rebuild`: one statement computes a dynamic segment's answer over the whole tenant and turns the
  stored list into it (inserts who joined, deletes who left, logs each change). Used after the
  rules change (a long job), by the daily sweep of calendar-relative segments, and for repair
  (`python -m api segments rebuild`).
- `reconcile`: after an event about one customer, every dynamic segment whose rules read what the
  event changed is evaluated for her alone (one statement, one EXISTS per segment, every totals
  query narrowed to her) and her stored membership follows.
- static segments change only by hand (`add` / `remove`).

Ordering: `reconcile` takes the segments FOR KEY SHARE and a transaction lock on the customer;
`rebuild` takes its segment FOR UPDATE. So a rebuild waits for the reconciles in flight and the
reconciles that come after it see what it wrote, and two reconciles of one customer take turns:
whoever evaluates last read the newest rows (READ COMMITTED), and that is what stays stored.
`member_count` moves with every change and is never recounted on read.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import (
    ColumnElement,
    DateTime,
    Select,
    String,
    Uuid,
    and_,
    any_,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers.public import Customer
from domain.kernel.recorder import system_ctx
from domain.marketing.catalogue import Field, Source
from domain.marketing.compiler import Frame, compile_rules
from domain.marketing.fields import tenant_fields
from domain.marketing.models import Segment, SegmentChange, SegmentMember
from domain.marketing.schemas import RuleGroup
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.db import analytic_memory
from tenants.ids import sql_uuid7, uuid7
from tenants.scoping import of_tenant
from tenants.zones import tenant_zone

_UUID7 = sql_uuid7()


SWEEPER = "segment sweep"


class Cause:
    REBUILD = "rebuild"
    EVENT = "event"
    SWEEP = "sweep"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class Moved:
    joined: int
    left: int


def rules_of(segment: Segment) -> RuleGroup:
    return msgspec.convert(segment.rules, RuleGroup)


async def frame_of(ctx: Ctx, focus: uuid.UUID | None = None, now: datetime | None = None) -> Frame:
    return Frame(ctx.tenant_id, now or utcnow(), await tenant_zone(ctx.session, ctx.tenant_id), focus)


def fence(tenant_id: uuid.UUID, store_ids: list[uuid.UUID] | None) -> ColumnElement[bool]:
    """The live customers of the tenant, inside the segment's stores when it names some."""
    cond = and_(of_tenant(tenant_id, Customer), Customer.deleted_at.is_(None))
    return and_(cond, Customer.home_store_id.in_(store_ids)) if store_ids else cond


def matching(
    rules: RuleGroup, fields: dict[str, Field], frame: Frame, store_ids: list[uuid.UUID] | None
) -> Select[Any]:
    """Ids of the customers the rules select inside the fence (no caller scope: the segment's own)."""
    return select(Customer.id).where(fence(frame.tenant_id, store_ids), compile_rules(rules, fields, frame))


async def rebuild(ctx: Ctx, segment_id: uuid.UUID, cause: str = Cause.REBUILD, now: datetime | None = None) -> Moved:
    """Make a dynamic segment's stored members its rules' answer now; ready afterwards."""
    segment = (
        await ctx.session.execute(
            select(Segment)
            .where(of_tenant(ctx.tenant_id, Segment), Segment.id == segment_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if segment is None or segment.kind != "dynamic":
        return Moved(0, 0)
    frame = await frame_of(ctx, now=now)
    await analytic_memory(ctx.session)
    target = matching(rules_of(segment), await tenant_fields(ctx), frame, segment.store_ids).cte("target")
    at = frame.now
    mine = and_(of_tenant(ctx.tenant_id, SegmentMember), SegmentMember.segment_id == segment.id)
    gone = (
        delete(SegmentMember)
        .where(mine, SegmentMember.customer_id.not_in(select(target.c.id)))
        .returning(SegmentMember.customer_id)
        .cte("gone")
    )
    held = select(SegmentMember.customer_id).where(mine, SegmentMember.customer_id == target.c.id)
    came = (
        insert(SegmentMember)
        .from_select(
            ["tenant_id", "segment_id", "customer_id", "joined_at"],
            select(
                literal(ctx.tenant_id, Uuid),
                literal(segment.id, Uuid),
                target.c.id,
                literal(at, DateTime(timezone=True)),
            ).where(~exists(held)),
        )
        .returning(SegmentMember.customer_id)
        .cte("came")
    )
    log = insert(SegmentChange).from_select(
        ["tenant_id", "id", "segment_id", "customer_id", "change", "cause", "at"],
        union_all(
            select(
                literal(ctx.tenant_id, Uuid),
                _UUID7,
                literal(segment.id, Uuid),
                came.c.customer_id,
                literal("joined", String),
                literal(cause, String),
                literal(at, DateTime(timezone=True)),
            ),
            select(
                literal(ctx.tenant_id, Uuid),
                _UUID7,
                literal(segment.id, Uuid),
                gone.c.customer_id,
                literal("left", String),
                literal(cause, String),
                literal(at, DateTime(timezone=True)),
            ),
        ),
    )
    counts = select(
        select(func.count()).select_from(came).scalar_subquery(),
        select(func.count()).select_from(gone).scalar_subquery(),
    ).add_cte(log.cte("log"))
    joined, left = (await ctx.session.execute(counts)).one()
    members = (await ctx.session.execute(select(func.count()).where(mine))).scalar_one()
    segment.member_count, segment.state, segment.built_at = int(members), "ready", at
    return Moved(int(joined), int(left))


async def reconcile(ctx: Ctx, customer_id: uuid.UUID, sources: Iterable[Source], now: datetime | None = None) -> Moved:
    """Evaluate for one customer the dynamic segments whose rules read any of `sources`, and
    make her stored membership follow."""
    wanted = [s.value for s in sources]
    segments = list(
        (
            await ctx.session.execute(
                select(Segment)
                .where(of_tenant(ctx.tenant_id, Segment), Segment.kind == "dynamic", Segment.sources.overlap(wanted))
                .order_by(Segment.id)
                .with_for_update(key_share=True)
            )
        ).scalars()
    )
    if not segments:
        return Moved(0, 0)
    await ctx.session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": f"segment-member:{customer_id}"}
    )
    frame = await frame_of(ctx, focus=customer_id, now=now)
    fields = await tenant_fields(ctx)
    tests = [
        exists(matching(rules_of(s), fields, frame, s.store_ids).where(Customer.id == customer_id)).label(str(i))
        for i, s in enumerate(segments)
    ]
    answers = (await ctx.session.execute(select(*tests))).one()
    held = set(
        (
            await ctx.session.execute(
                select(SegmentMember.segment_id).where(
                    of_tenant(ctx.tenant_id, SegmentMember),
                    SegmentMember.customer_id == customer_id,
                    SegmentMember.segment_id.in_([s.id for s in segments]),
                )
            )
        ).scalars()
    )
    joins = [s for s, inside in zip(segments, answers, strict=True) if inside and s.id not in held]
    leaves = [s for s, inside in zip(segments, answers, strict=True) if not inside and s.id in held]
    await _apply(ctx, customer_id, joins, leaves, Cause.EVENT, frame.now)
    return Moved(len(joins), len(leaves))


async def _apply(
    ctx: Ctx, customer_id: uuid.UUID, joins: list[Segment], leaves: list[Segment], cause: str, at: datetime
) -> None:
    if joins:
        await ctx.session.execute(
            insert(SegmentMember),
            [
                {"tenant_id": ctx.tenant_id, "segment_id": s.id, "customer_id": customer_id, "joined_at": at}
                for s in joins
            ],
        )
    if leaves:
        await ctx.session.execute(
            delete(SegmentMember).where(
                of_tenant(ctx.tenant_id, SegmentMember),
                SegmentMember.customer_id == customer_id,
                SegmentMember.segment_id.in_([s.id for s in leaves]),
            )
        )
    changes = [(s, "joined") for s in joins] + [(s, "left") for s in leaves]
    await _log(ctx, [(s.id, customer_id, change) for s, change in changes], cause, at)
    for s, change in changes:
        await ctx.session.execute(
            update(Segment)
            .where(of_tenant(ctx.tenant_id, Segment), Segment.id == s.id)
            .values(member_count=Segment.member_count + (1 if change == "joined" else -1))
            .execution_options(synchronize_session=False)
        )


async def add(ctx: Ctx, segment: Segment, customer_ids: list[uuid.UUID], now: datetime | None = None) -> int:
    """Put customers on a static segment's list (those already on it stay as they are)."""
    at = now or utcnow()
    rows = [
        {"tenant_id": ctx.tenant_id, "segment_id": segment.id, "customer_id": c, "joined_at": at} for c in customer_ids
    ]
    added = list(
        (
            await ctx.session.execute(
                pg_insert(SegmentMember).values(rows).on_conflict_do_nothing().returning(SegmentMember.customer_id)
            )
        ).scalars()
    )
    await _log_manual(ctx, segment, added, "joined", at)
    return len(added)


async def remove(ctx: Ctx, segment: Segment, customer_ids: list[uuid.UUID], now: datetime | None = None) -> int:
    at = now or utcnow()
    removed = list(
        (
            await ctx.session.execute(
                delete(SegmentMember)
                .where(
                    of_tenant(ctx.tenant_id, SegmentMember),
                    SegmentMember.segment_id == segment.id,
                    SegmentMember.customer_id.in_(customer_ids),
                )
                .returning(SegmentMember.customer_id)
            )
        ).scalars()
    )
    await _log_manual(ctx, segment, removed, "left", at)
    return len(removed)


async def copy_members(ctx: Ctx, source: Segment, target: Segment, now: datetime | None = None) -> int:
    """Put every member `source` has now on `target`'s list (a snapshot)."""
    at = now or utcnow()
    picked = select(
        literal(ctx.tenant_id, Uuid),
        literal(target.id, Uuid),
        SegmentMember.customer_id,
        literal(at, DateTime(timezone=True)),
    ).where(of_tenant(ctx.tenant_id, SegmentMember), SegmentMember.segment_id == source.id)
    came = await ctx.session.execute(
        insert(SegmentMember)
        .from_select(["tenant_id", "segment_id", "customer_id", "joined_at"], picked)
        .returning(SegmentMember.customer_id)
    )
    ids = list(came.scalars())
    await _log_manual(ctx, target, ids, "joined", at)
    return len(ids)


async def _log_manual(ctx: Ctx, segment: Segment, customer_ids: list[uuid.UUID], change: str, at: datetime) -> None:
    await _log(ctx, [(segment.id, c, change) for c in customer_ids], Cause.MANUAL, at)
    segment.member_count += len(customer_ids) if change == "joined" else -len(customer_ids)


async def _log(ctx: Ctx, changes: list[tuple[uuid.UUID, uuid.UUID, str]], cause: str, at: datetime) -> None:
    """One row per join or leave: (segment, customer, "joined" | "left")."""
    if not changes:
        return
    rows = [
        {"tenant_id": ctx.tenant_id, "id": uuid7(), "segment_id": segment_id, "customer_id": customer_id}
        | {"change": change, "cause": cause, "at": at}
        for segment_id, customer_id, change in changes
    ]
    await ctx.session.execute(insert(SegmentChange), rows)


async def sweep(session: AsyncSession, tenant_id: uuid.UUID, now: datetime) -> int:
    """The sweeper's daily pass: rebuild one dynamic segment whose answer moves with the calendar
    (or reads the RFM scores, recomputed daily) and was not rebuilt yet on the tenant's today;
    the next passes take the others. Returns how many segments it rebuilt (0 or 1)."""
    ctx = system_ctx(session, tenant_id, SWEEPER)
    today = now.astimezone(await tenant_zone(session, tenant_id)).date()
    due = (
        await session.execute(
            select(Segment)
            .where(
                of_tenant(tenant_id, Segment),
                Segment.kind == "dynamic",
                Segment.state == "ready",
                or_(Segment.time_relative, literal(Source.RFM.value) == any_(Segment.sources)),
                or_(Segment.swept_on.is_(None), Segment.swept_on < today),
            )
            .order_by(Segment.swept_on.nulls_first(), Segment.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
    ).scalar_one_or_none()
    if due is None:
        return 0
    await rebuild(ctx, due.id, Cause.SWEEP, now)
    due.swept_on = today
    return 1
