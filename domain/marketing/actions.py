"""Writing segments: create, change, delete; the members of a static one; a snapshot of a dynamic
one; and the long job that builds a dynamic segment's stored members after its rules change."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from domain.customers.public import Customer
from domain.integrations import jobs
from domain.integrations.jobs import JobRun
from domain.kernel.recorder import record, system_ctx
from domain.marketing import membership
from domain.marketing.errors import SegmentKindMismatch, SegmentNameTaken
from domain.marketing.events import SEGMENT
from domain.marketing.fields import tenant_fields
from domain.marketing.mappers import segment_out
from domain.marketing.membership import fence
from domain.marketing.models import Segment as SegmentRow
from domain.marketing.models import SegmentMember
from domain.marketing.queries import fence_for
from domain.marketing.rules import check_rules
from domain.marketing.schemas import (
    MembersChange,
    MembersChanged,
    RuleGroup,
    Segment,
    SegmentCreate,
    SegmentUpdate,
    SnapshotRequest,
)
from tenants import scoping
from tenants.context import Ctx
from tenants.db import TenantScope, tenant_session
from tenants.errors import check_version, invalid
from tenants.ids import uuid7
from tenants.scoping import load_visible, of_tenant

REBUILD_KIND = "segments.rebuild"
REBUILDER = "segment rebuild"


async def _checked(ctx: Ctx, rules: RuleGroup) -> tuple[dict[str, Any], list[str], bool]:
    checked = check_rules(rules, await tenant_fields(ctx))
    return msgspec.to_builtins(rules), sorted(s.value for s in checked.sources), checked.time_relative


async def _flush(ctx: Ctx) -> None:
    try:
        async with ctx.session.begin_nested():
            await ctx.session.flush()
    except IntegrityError as error:
        if "uq_segments_tenant_id_name" in str(error.orig):
            raise SegmentNameTaken("Another segment already has this name.") from None
        raise


async def _build_later(ctx: Ctx, row: SegmentRow) -> None:
    """Mark the segment building and queue the job that computes its members (after commit)."""
    row.state = "building"
    await jobs.enqueue(ctx, REBUILD_KIND, {"segment_id": str(row.id)})


async def create_segment(ctx: Ctx, data: SegmentCreate) -> Segment:
    if (data.kind == "dynamic") != (data.rules is not None):
        raise invalid("rules", "are required for a dynamic segment and absent for a static one")
    stores = await fence_for(ctx, data.store_ids)
    row = SegmentRow(
        tenant_id=ctx.tenant_id,
        id=uuid7(),
        name=data.name.strip(),
        description=data.description,
        kind=data.kind,
        store_ids=stores,
        state="ready",
        member_count=0,
        created_by=ctx.actor.user_id,
        updated_by=ctx.actor.user_id,
        version=0,
    )
    if data.rules is not None:
        row.rules, row.sources, row.time_relative = await _checked(ctx, data.rules)
    ctx.session.add(row)
    await _flush(ctx)
    if row.kind == "dynamic":
        await _build_later(ctx, row)
    record(ctx, SEGMENT, row, "created", data={"name": row.name, "kind": row.kind, "store_ids": stores})
    return segment_out(row)


async def update_segment(ctx: Ctx, segment_id: uuid.UUID, data: SegmentUpdate, if_match: int | None) -> Segment:
    row = await load_visible(ctx, SegmentRow, segment_id, lock=True)
    check_version("segment", row.version, if_match)
    changes: dict[str, Any] = {}
    rebuild = False
    if not isinstance(data.name, msgspec.UnsetType) and data.name.strip() != row.name:
        changes["name"] = {"from": row.name, "to": data.name.strip()}
        row.name = data.name.strip()
    if not isinstance(data.description, msgspec.UnsetType) and data.description != row.description:
        changes["description"] = {"from": row.description, "to": data.description}
        row.description = data.description
    if not isinstance(data.rules, msgspec.UnsetType):
        if row.kind != "dynamic":
            raise SegmentKindMismatch("A static segment has no rules: its members are kept by hand.")
        rules, sources, relative = await _checked(ctx, data.rules)
        if rules != row.rules:
            changes["rules"] = {"from": row.rules, "to": rules}
            row.rules, row.sources, row.time_relative = rules, sources, relative
            rebuild = True
    if not isinstance(data.store_ids, msgspec.UnsetType):
        stores = await fence_for(ctx, data.store_ids)
        if stores != row.store_ids:
            changes["store_ids"] = {"from": row.store_ids, "to": stores}
            row.store_ids = stores
            rebuild = True
    if not changes:
        return segment_out(row)
    row.updated_by = ctx.actor.user_id
    await _flush(ctx)
    if rebuild and row.kind == "dynamic":
        await _build_later(ctx, row)
    record(ctx, SEGMENT, row, "updated", audit=changes)
    return segment_out(row)


async def delete_segment(ctx: Ctx, segment_id: uuid.UUID, if_match: int | None) -> None:
    row = await load_visible(ctx, SegmentRow, segment_id, lock=True)
    check_version("segment", row.version, if_match)
    ctx.audit("segment.deleted", "segment", row.id, {"name": row.name, "kind": row.kind})
    await ctx.session.delete(row)


async def _static(ctx: Ctx, segment_id: uuid.UUID) -> SegmentRow:
    row = await load_visible(ctx, SegmentRow, segment_id, lock=True)
    if row.kind != "static":
        raise SegmentKindMismatch("The members of a dynamic segment follow its rules; change the rules instead.")
    return row


async def _reachable(ctx: Ctx, row: SegmentRow, customer_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """The customers the caller may see inside the segment's stores; 422 naming the others."""
    wanted = list(dict.fromkeys(customer_ids))
    found = set(
        (
            await ctx.session.execute(
                select(Customer.id).where(
                    scoping.visible(ctx, Customer), fence(ctx.tenant_id, row.store_ids), Customer.id.in_(wanted)
                )
            )
        ).scalars()
    )
    missing = [str(c) for c in wanted if c not in found]
    if missing:
        raise invalid("customer_ids", "lists customers you cannot add to this segment: " + ", ".join(missing[:10]))
    return wanted


async def add_members(ctx: Ctx, segment_id: uuid.UUID, data: MembersChange) -> MembersChanged:
    row = await _static(ctx, segment_id)
    added = await membership.add(ctx, row, await _reachable(ctx, row, data.customer_ids))
    if added:
        record(ctx, SEGMENT, row, "members_added", data={"count": added})
    return MembersChanged(added=added, removed=0, member_count=row.member_count)


async def remove_members(ctx: Ctx, segment_id: uuid.UUID, data: MembersChange) -> MembersChanged:
    row = await _static(ctx, segment_id)
    visible = select(Customer.id).where(scoping.visible(ctx, Customer), Customer.id.in_(data.customer_ids))
    ids = list((await ctx.session.execute(visible)).scalars())
    removed = await membership.remove(ctx, row, ids)
    if removed:
        record(ctx, SEGMENT, row, "members_removed", data={"count": removed})
    return MembersChanged(added=0, removed=removed, member_count=row.member_count)


async def snapshot(ctx: Ctx, segment_id: uuid.UUID, data: SnapshotRequest) -> Segment:
    """A static segment holding the members the dynamic one has now (the caller may keep it,
    add to it and take from it while the dynamic one moves on)."""
    source = await load_visible(ctx, SegmentRow, segment_id)
    if source.kind != "dynamic":
        raise SegmentKindMismatch("Only a dynamic segment can be frozen into a static one.")
    copy = await create_segment(
        ctx, SegmentCreate(name=data.name, kind="static", store_ids=source.store_ids, description=source.description)
    )
    row = await load_visible(ctx, SegmentRow, copy.id, lock=True)
    await membership.copy_members(ctx, source, row)
    return segment_out(row)


async def request_rebuild(ctx: Ctx, segment_id: uuid.UUID) -> Any:
    row = await load_visible(ctx, SegmentRow, segment_id, lock=True)
    if row.kind != "dynamic":
        raise SegmentKindMismatch("A static segment has no rules to rebuild its members from.")
    row.state = "building"
    return await jobs.enqueue(ctx, REBUILD_KIND, {"segment_id": str(row.id)})


async def rebuild_job(run: JobRun) -> dict[str, Any]:
    """The long job: compute the segment's members as the whole tenant (the segment's fence is its
    own; no caller scope applies to stored membership)."""
    segment_id = uuid.UUID(str(run.params["segment_id"]))
    async with tenant_session(run.sessions, TenantScope(run.tenant_id)) as session:
        moved = await membership.rebuild(system_ctx(session, run.tenant_id, REBUILDER), segment_id)
        count = (
            await session.execute(
                select(func.count()).where(
                    of_tenant(run.tenant_id, SegmentMember), SegmentMember.segment_id == segment_id
                )
            )
        ).scalar_one()
    await run.progress(int(count), int(count))
    return {"joined": moved.joined, "left": moved.left, "members": int(count)}
