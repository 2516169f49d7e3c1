"""Customer segments: the field catalogue, previews, definitions, stored members, size history and
the RFM overview."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from api.deps import CtxDep
from api.openapi import PROBLEMS
from api.params import Cursor, IfMatch, Limit, with_etag
from api.security import PERMISSION, parse_if_match
from domain.integrations.schemas import Job, job_out
from domain.marketing import actions, fields, queries, rfm
from domain.marketing.schemas import (
    FieldCatalogue,
    MembersChange,
    MembersChanged,
    Preview,
    PreviewRequest,
    RfmOverview,
    Segment,
    SegmentCreate,
    SegmentKind,
    SegmentMember,
    SegmentUpdate,
    SizeHistory,
    SnapshotRequest,
)
from tenants.pagination import DEFAULT_LIMIT, Page

HistoryDays = Annotated[int, QueryParameter(ge=1, le=365, description="How many days back (max 365)")]
READ = "segments:read"
MANAGE = "segments:manage"


class SegmentController(Controller):
    path = "/api/v1/segments"
    tags = ["Segments"]

    @get(
        "/fields",
        operation_id="ListSegmentFields",
        opt={PERMISSION: READ},
        summary="What segment rules may test: each field's kind, operators, options (tiers, custom-field "
        "choices), whether it takes a window of days, and its bounds",
    )
    async def list_fields(self, ctx: CtxDep) -> FieldCatalogue:
        return await fields.catalogue(ctx)

    @post(
        "/preview",
        operation_id="PreviewSegment",
        status_code=200,
        opt={PERMISSION: READ},
        summary="Count the customers rules select (among those you may see, inside the stores named or "
        "your stores) and show the newest 20, before saving; 422 names the bad condition",
    )
    async def preview(self, ctx: CtxDep, data: JSONBody[PreviewRequest]) -> Preview:
        return await queries.preview(ctx, data)

    @get(
        "/rfm",
        operation_id="GetRfmOverview",
        opt={PERMISSION: READ},
        summary="The named RFM segments: customers and revenue share of each (scores recomputed daily)",
    )
    async def rfm_overview(self, ctx: CtxDep) -> RfmOverview:
        return await rfm.overview(ctx)

    @get("/", operation_id="ListSegments", opt={PERMISSION: READ}, summary="Segments, newest first")
    async def list_segments(
        self,
        ctx: CtxDep,
        kind: FromQuery[SegmentKind | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[Segment]:
        return await queries.list_segments(ctx, kind, limit, cursor)

    @post(
        "/",
        operation_id="CreateSegment",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: MANAGE, PROBLEMS: {409}},
        summary="A dynamic segment (rules; its members are computed by a job, then kept current by events) or "
        "a static one (members added by hand); 409 segment_name_taken",
    )
    async def create_segment(self, ctx: CtxDep, data: JSONBody[SegmentCreate]) -> Response[Segment]:
        return with_etag(await actions.create_segment(ctx, data), HTTP_201_CREATED)

    @get("/{segment_id:uuid}", operation_id="GetSegment", opt={PERMISSION: READ})
    async def get_segment(self, ctx: CtxDep, segment_id: FromPath[uuid.UUID]) -> Response[Segment]:
        return with_etag(await queries.get_segment(ctx, segment_id))

    @patch(
        "/{segment_id:uuid}",
        operation_id="UpdateSegment",
        opt={PERMISSION: MANAGE, PROBLEMS: {409, 412}},
        summary="Rename, describe, change the rules or the stores (new rules or stores rebuild the members)",
    )
    async def update_segment(
        self, ctx: CtxDep, segment_id: FromPath[uuid.UUID], data: JSONBody[SegmentUpdate], if_match: IfMatch = None
    ) -> Response[Segment]:
        return with_etag(await actions.update_segment(ctx, segment_id, data, parse_if_match(if_match)))

    @delete(
        "/{segment_id:uuid}",
        operation_id="DeleteSegment",
        status_code=HTTP_204_NO_CONTENT,
        opt={PERMISSION: MANAGE, PROBLEMS: {412}},
    )
    async def delete_segment(self, ctx: CtxDep, segment_id: FromPath[uuid.UUID], if_match: IfMatch = None) -> None:
        await actions.delete_segment(ctx, segment_id, parse_if_match(if_match))

    @get(
        "/{segment_id:uuid}/members",
        operation_id="ListSegmentMembers",
        opt={PERMISSION: READ},
        summary="The stored members you may see, latest to join first (phones masked)",
    )
    async def list_members(
        self, ctx: CtxDep, segment_id: FromPath[uuid.UUID], limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> Page[SegmentMember]:
        return await queries.list_members(ctx, segment_id, limit, cursor)

    @post(
        "/{segment_id:uuid}/members",
        operation_id="AddSegmentMembers",
        status_code=200,
        opt={PERMISSION: MANAGE, PROBLEMS: {409}},
        summary="Add customers to a static segment (409 segment_kind_mismatch on a dynamic one)",
    )
    async def add_members(
        self, ctx: CtxDep, segment_id: FromPath[uuid.UUID], data: JSONBody[MembersChange]
    ) -> MembersChanged:
        return await actions.add_members(ctx, segment_id, data)

    @post(
        "/{segment_id:uuid}/members/remove",
        operation_id="RemoveSegmentMembers",
        status_code=200,
        opt={PERMISSION: MANAGE, PROBLEMS: {409}},
        summary="Take customers off a static segment",
    )
    async def remove_members(
        self, ctx: CtxDep, segment_id: FromPath[uuid.UUID], data: JSONBody[MembersChange]
    ) -> MembersChanged:
        return await actions.remove_members(ctx, segment_id, data)

    @post(
        "/{segment_id:uuid}/snapshot",
        operation_id="SnapshotSegment",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: MANAGE, PROBLEMS: {409}},
        summary="Freeze a dynamic segment's members into a new static segment",
    )
    async def snapshot(
        self, ctx: CtxDep, segment_id: FromPath[uuid.UUID], data: JSONBody[SnapshotRequest]
    ) -> Response[Segment]:
        return with_etag(await actions.snapshot(ctx, segment_id, data), HTTP_201_CREATED)

    @post(
        "/{segment_id:uuid}/rebuild",
        operation_id="RebuildSegment",
        status_code=HTTP_202_ACCEPTED,
        opt={PERMISSION: MANAGE, PROBLEMS: {409}},
        summary="Compute a dynamic segment's members again from its rules (a job; repair)",
    )
    async def rebuild(self, ctx: CtxDep, segment_id: FromPath[uuid.UUID]) -> Response[Job]:
        row = await actions.request_rebuild(ctx, segment_id)
        job = job_out(row, ctx.meta.lang, file_available=False)
        return Response(job, status_code=HTTP_202_ACCEPTED, headers={"Location": f"/api/v1/jobs/{row.id}"})

    @get(
        "/{segment_id:uuid}/history",
        operation_id="GetSegmentHistory",
        opt={PERMISSION: READ},
        summary="The segment's size at the end of each day (the tenant's calendar), with joins and leaves",
    )
    async def history(self, ctx: CtxDep, segment_id: FromPath[uuid.UUID], days: HistoryDays = 90) -> SizeHistory:
        return await queries.size_history(ctx, segment_id, days)
