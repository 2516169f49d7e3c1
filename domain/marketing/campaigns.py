"""Writing campaigns: create and edit a draft (content checked as templates, audience segments the
caller may see, stores inside her scope), the lifecycle actions (schedule — to approval when the
tenant asks for it —, approve, reject, pause, resume, cancel), delete a draft."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from sqlalchemy.exc import IntegrityError

from domain.integrations import jobs
from domain.kernel.recorder import record
from domain.marketing.campaign_queries import campaign_out, content_of
from domain.marketing.campaign_schemas import (
    Campaign,
    CampaignCreate,
    CampaignUpdate,
    Content,
    Message,
    RejectRequest,
    ScheduleRequest,
)
from domain.marketing.campaign_states import LIFECYCLE, SEND_KIND, CampaignAction, CampaignStatus
from domain.marketing.errors import CampaignNameTaken
from domain.marketing.events import CAMPAIGN, CAMPAIGN_AWAITING_APPROVAL
from domain.marketing.models import Campaign as CampaignRow
from domain.marketing.models import Segment
from domain.marketing.queries import fence_for
from domain.marketing.settings import get_settings
from domain.marketing.templates import syntax_problem
from tenants.clock import utcnow
from tenants.company import tenant_language
from tenants.context import Ctx
from tenants.errors import FieldError, Invalid, NotFound, check_version
from tenants.ids import uuid7
from tenants.scoping import load_visible

LANGUAGES = {"zh-CN": "zh_cn", "en": "en"}


def _content_problems(content: Content | None, field: str = "content") -> list[FieldError]:
    errors = []
    for lang, attr in LANGUAGES.items():
        message: Message | None = getattr(content, attr) if content is not None else None
        if message is None:
            continue
        for part in ("subject", "html", "text"):
            if problem := syntax_problem(getattr(message, part)):
                errors.append(FieldError(f"{field}.{lang}.{part}", problem))
    return errors


async def _segments(ctx: Ctx, ids: list[uuid.UUID], field: str) -> list[uuid.UUID]:
    """The segments named, each one the caller may see (else 422 naming it)."""
    errors = []
    for index, segment_id in enumerate(ids):
        try:
            await load_visible(ctx, Segment, segment_id)
        except NotFound:
            errors.append(FieldError(f"{field}.{index}", "is not a segment you can see"))
    if errors:
        raise Invalid(errors)
    return list(dict.fromkeys(ids))


async def _flush(ctx: Ctx) -> None:
    try:
        async with ctx.session.begin_nested():
            await ctx.session.flush()
    except IntegrityError as error:
        if "uq_campaigns_tenant_id_name" in str(error.orig):
            raise CampaignNameTaken("Another campaign already has this name.") from None
        raise


async def create_campaign(ctx: Ctx, data: CampaignCreate) -> Campaign:
    if errors := _content_problems(data.content) + _content_problems(data.content_b, "content_b"):
        raise Invalid(errors)
    row = CampaignRow(
        tenant_id=ctx.tenant_id,
        id=uuid7(),
        name=data.name.strip(),
        channel=data.channel,
        status=CampaignStatus.DRAFT.value,
        include_segment_ids=await _segments(ctx, data.include_segment_ids, "include_segment_ids"),
        exclude_segment_ids=await _segments(ctx, data.exclude_segment_ids, "exclude_segment_ids"),
        store_ids=await fence_for(ctx, data.store_ids),
        content=msgspec.to_builtins(data.content),
        coupon_code=data.coupon_code,
        control_percent=data.control_percent,
        cost=data.cost,
        content_b=msgspec.to_builtins(data.content_b) if data.content_b is not None else None,
        test_percent=data.test_percent,
        test_metric=data.test_metric,
        test_hours=data.test_hours,
        created_by=ctx.actor.user_id,
        updated_by=ctx.actor.user_id,
        version=0,
    )
    ctx.session.add(row)
    await _flush(ctx)
    record(ctx, CAMPAIGN, row, "created", data={"name": row.name, "channel": row.channel})
    return campaign_out(row, ctx.actor.permissions)


async def update_campaign(ctx: Ctx, campaign_id: uuid.UUID, data: CampaignUpdate, if_match: int | None) -> Campaign:
    row = await load_visible(ctx, CampaignRow, campaign_id, lock=True)
    check_version("campaign", row.version, if_match)
    LIFECYCLE.ensure_allowed(CampaignAction.EDIT, row.status)
    before = _editable(row)
    if not isinstance(data.content, msgspec.UnsetType):
        if errors := _content_problems(data.content):
            raise Invalid(errors)
        row.content = msgspec.to_builtins(data.content)
    if not isinstance(data.content_b, msgspec.UnsetType):
        if errors := _content_problems(data.content_b, "content_b"):
            raise Invalid(errors)
        row.content_b = msgspec.to_builtins(data.content_b) if data.content_b is not None else None
    if not isinstance(data.name, msgspec.UnsetType):
        row.name = data.name.strip()
    if not isinstance(data.include_segment_ids, msgspec.UnsetType):
        row.include_segment_ids = await _segments(ctx, data.include_segment_ids, "include_segment_ids")
    if not isinstance(data.exclude_segment_ids, msgspec.UnsetType):
        row.exclude_segment_ids = await _segments(ctx, data.exclude_segment_ids, "exclude_segment_ids")
    if not isinstance(data.store_ids, msgspec.UnsetType):
        row.store_ids = await fence_for(ctx, data.store_ids)
    for name in ("coupon_code", "control_percent", "cost", "test_percent", "test_metric", "test_hours"):
        value = getattr(data, name)
        if not isinstance(value, msgspec.UnsetType):
            setattr(row, name, value)
    after = _editable(row)
    changes = {k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]}
    if not changes:
        return campaign_out(row, ctx.actor.permissions)
    row.updated_by = ctx.actor.user_id
    await _flush(ctx)
    record(ctx, CAMPAIGN, row, "updated", audit=changes)
    return campaign_out(row, ctx.actor.permissions)


def _editable(row: CampaignRow) -> dict[str, Any]:
    names: tuple[str, ...] = ("name", "include_segment_ids", "exclude_segment_ids", "store_ids", "content")
    names += ("content_b", "coupon_code", "test_percent", "test_metric", "test_hours")
    values: dict[str, Any] = {n: msgspec.to_builtins(getattr(row, n)) for n in names}
    values["control_percent"], values["cost"] = row.control_percent, str(row.cost)
    return values


async def _ready_to_send(ctx: Ctx, row: CampaignRow) -> None:
    """A campaign goes out only complete: an audience, and the tenant language's content (and every
    language given) with what its channel needs."""
    errors = []
    if not row.include_segment_ids:
        errors.append(FieldError("include_segment_ids", "needs at least one segment"))
    default = await tenant_language(ctx.session, ctx.tenant_id)
    variants = [("content", content_of(row))]
    if row.test_percent > 0:
        variants.append(("content_b", content_of(row, "b")))
    for field, content in variants:
        for lang, attr in LANGUAGES.items():
            message: Message | None = getattr(content, attr)
            if message is None:
                if lang == default:
                    errors.append(FieldError(f"{field}.{lang}", "is required: the tenant's language"))
                continue
            needed = ("subject", "html") if row.channel == "email" else ("text",)
            errors += [
                FieldError(f"{field}.{lang}.{p}", "is required") for p in needed if not getattr(message, p).strip()
            ]
    if errors:
        raise Invalid(errors, "The campaign is not ready to send.")


async def act(ctx: Ctx, campaign_id: uuid.UUID, action: CampaignAction, body: Any = None) -> Campaign:
    row = await load_visible(ctx, CampaignRow, campaign_id, lock=True)
    before = row.status
    now = utcnow()
    data: dict[str, Any] = {}
    if action is CampaignAction.SCHEDULE:
        LIFECYCLE.ensure_allowed(action, row.status)
        request = body if isinstance(body, ScheduleRequest) else ScheduleRequest()
        if request.scheduled_at is not None and request.scheduled_at <= now:
            raise Invalid([FieldError("scheduled_at", "must be in the future (leave it out to send now)")])
        await _ready_to_send(ctx, row)
        row.scheduled_at, row.submitted_at = request.scheduled_at or now, now
        needs_approval = (await get_settings(ctx)).require_approval
        row.status = (CampaignStatus.PENDING_APPROVAL if needs_approval else CampaignStatus.SCHEDULED).value
        data["scheduled_at"] = row.scheduled_at
    elif action is CampaignAction.RESUME:
        LIFECYCLE.ensure_allowed(action, row.status)
        row.status = (CampaignStatus.SENDING if row.started_at else CampaignStatus.SCHEDULED).value
        if row.started_at:  # it was sending: its job goes on where it stopped
            await jobs.enqueue(ctx, SEND_KIND, {"campaign_id": str(row.id)})
    else:
        row.status = LIFECYCLE.advance(action, row.status).value
        if action is CampaignAction.APPROVE:
            row.approved_at, row.approved_by = now, ctx.actor.user_id
        elif action is CampaignAction.REJECT and isinstance(body, RejectRequest):
            row.reject_reason = body.reason
            data["reason"] = body.reason
        elif action is CampaignAction.CANCEL:
            row.finished_at = now
    row.updated_by = ctx.actor.user_id
    waiting = row.status == CampaignStatus.PENDING_APPROVAL.value
    facts = {"store_ids": row.store_ids, "scheduled_at": row.scheduled_at} if waiting else None
    topic = CAMPAIGN_AWAITING_APPROVAL if waiting else None
    record(ctx, CAMPAIGN, row, CHANGES[action], topic=topic, from_status=before, data=data or None, event=facts)
    return campaign_out(row, ctx.actor.permissions)


CHANGES = {
    CampaignAction.SCHEDULE: "scheduled",
    CampaignAction.APPROVE: "approved",
    CampaignAction.REJECT: "rejected",
    CampaignAction.PAUSE: "paused",
    CampaignAction.RESUME: "resumed",
    CampaignAction.CANCEL: "cancelled",
}


async def delete_campaign(ctx: Ctx, campaign_id: uuid.UUID, if_match: int | None) -> None:
    row = await load_visible(ctx, CampaignRow, campaign_id, lock=True)
    check_version("campaign", row.version, if_match)
    LIFECYCLE.ensure_allowed(CampaignAction.EDIT, row.status)  # only a draft: a sent one is history
    ctx.audit("campaign.deleted", "campaign", row.id, {"name": row.name})
    await ctx.session.delete(row)
