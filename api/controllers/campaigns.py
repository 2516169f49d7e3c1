"""Campaigns: email or SMS messages to segments, their lifecycle, audience and rendered preview;
and the tenant's marketing settings."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.deps import CtxDep
from api.openapi import PROBLEMS
from api.params import Cursor, IfMatch, Limit, with_etag
from api.security import PERMISSION, parse_if_match, resources
from api.worker import delivery_of
from domain.marketing import campaign_queries as queries
from domain.marketing import campaigns as actions
from domain.marketing import settings, trial_send
from domain.marketing.campaign_schemas import (
    Audience,
    Campaign,
    CampaignCreate,
    CampaignReport,
    CampaignUpdate,
    MarketingSettings,
    MarketingSettingsUpdate,
    RejectRequest,
    Rendered,
    RenderRequest,
    ScheduleRequest,
    TestSend,
    TestSent,
)
from domain.marketing.campaign_states import LIFECYCLE, CampaignAction, CampaignStatus
from domain.marketing.report import campaign_report
from tenants.pagination import DEFAULT_LIMIT, Page

READ = "campaigns:read"
MANAGE = "campaigns:manage"


def _action(action: CampaignAction) -> str:
    return LIFECYCLE.permission(action)


class CampaignController(Controller):
    path = "/api/v1/campaigns"
    tags = ["Campaigns"]

    @get("/", operation_id="ListCampaigns", opt={PERMISSION: READ}, summary="Campaigns, newest first")
    async def list_campaigns(
        self,
        ctx: CtxDep,
        status: FromQuery[CampaignStatus | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[Campaign]:
        return await queries.list_campaigns(ctx, status, limit, cursor)

    @post(
        "/",
        operation_id="CreateCampaign",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: MANAGE, PROBLEMS: {409}},
        summary="A draft campaign: channel, audience (segments to include and exclude), content per "
        "language (templates checked), coupon, control group, cost; 409 campaign_name_taken",
    )
    async def create_campaign(self, ctx: CtxDep, data: JSONBody[CampaignCreate]) -> Response[Campaign]:
        return with_etag(await actions.create_campaign(ctx, data), HTTP_201_CREATED)

    @get("/{campaign_id:uuid}", operation_id="GetCampaign", opt={PERMISSION: READ})
    async def get_campaign(self, ctx: CtxDep, campaign_id: FromPath[uuid.UUID]) -> Response[Campaign]:
        return with_etag(await queries.get_campaign(ctx, campaign_id))

    @patch(
        "/{campaign_id:uuid}",
        operation_id="UpdateCampaign",
        opt={PERMISSION: MANAGE, PROBLEMS: {409, 412}},
        summary="Change a draft (409 when it is no longer a draft; 412 on a stale If-Match)",
    )
    async def update_campaign(
        self, ctx: CtxDep, campaign_id: FromPath[uuid.UUID], data: JSONBody[CampaignUpdate], if_match: IfMatch = None
    ) -> Response[Campaign]:
        return with_etag(await actions.update_campaign(ctx, campaign_id, data, parse_if_match(if_match)))

    @delete(
        "/{campaign_id:uuid}",
        operation_id="DeleteCampaign",
        status_code=HTTP_204_NO_CONTENT,
        opt={PERMISSION: MANAGE, PROBLEMS: {409, 412}},
        summary="Delete a draft (a campaign that was scheduled is kept: cancel it instead)",
    )
    async def delete_campaign(self, ctx: CtxDep, campaign_id: FromPath[uuid.UUID], if_match: IfMatch = None) -> None:
        await actions.delete_campaign(ctx, campaign_id, parse_if_match(if_match))

    @get(
        "/{campaign_id:uuid}/audience",
        operation_id="GetCampaignAudience",
        opt={PERMISSION: READ},
        summary="How many customers the campaign would reach now (before consent, unsubscribes and the cap)",
    )
    async def audience(self, ctx: CtxDep, campaign_id: FromPath[uuid.UUID]) -> Audience:
        return await queries.audience(ctx, campaign_id)

    @get(
        "/{campaign_id:uuid}/report",
        operation_id="GetCampaignReport",
        opt={PERMISSION: READ},
        summary="The funnel, skips by reason, attributed orders and revenue by store (last touch within the "
        "attribution window), ROI, and the control group's uplift",
    )
    async def report(self, ctx: CtxDep, campaign_id: FromPath[uuid.UUID]) -> CampaignReport:
        return await campaign_report(ctx, campaign_id)

    @post(
        "/{campaign_id:uuid}/render",
        operation_id="RenderCampaign",
        status_code=200,
        opt={PERMISSION: READ},
        summary="The content as a chosen customer would receive it (her language, name, points, tier, store)",
    )
    async def render(self, ctx: CtxDep, campaign_id: FromPath[uuid.UUID], data: JSONBody[RenderRequest]) -> Rendered:
        return await queries.render_for(ctx, campaign_id, data)

    @post(
        "/{campaign_id:uuid}/test",
        operation_id="SendCampaignTest",
        status_code=200,
        opt={PERMISSION: MANAGE, PROBLEMS: {409}},
        summary="Send the campaign once to a staff address or phone, rendered for a chosen customer (or "
        "sample values), marked as a test; recorded for no customer (409 test_send_failed when refused)",
    )
    async def send_test(
        self, ctx: CtxDep, request: Request[Any, Any, Any], campaign_id: FromPath[uuid.UUID], data: JSONBody[TestSend]
    ) -> TestSent:
        return await trial_send.send_test(ctx, campaign_id, data, delivery_of(resources(request)))

    @post(
        "/{campaign_id:uuid}/schedule",
        operation_id="ScheduleCampaign",
        status_code=200,
        opt={PERMISSION: _action(CampaignAction.SCHEDULE), PROBLEMS: {409}},
        summary="Send at `scheduled_at` (absent: now); to approval first when the tenant asks for it; "
        "422 when the campaign is incomplete",
    )
    async def schedule(
        self, ctx: CtxDep, campaign_id: FromPath[uuid.UUID], data: JSONBody[ScheduleRequest]
    ) -> Campaign:
        return await actions.act(ctx, campaign_id, CampaignAction.SCHEDULE, data)

    @post(
        "/{campaign_id:uuid}/approve",
        operation_id="ApproveCampaign",
        status_code=200,
        opt={PERMISSION: _action(CampaignAction.APPROVE), PROBLEMS: {409}},
    )
    async def approve(self, ctx: CtxDep, campaign_id: FromPath[uuid.UUID]) -> Campaign:
        return await actions.act(ctx, campaign_id, CampaignAction.APPROVE)

    @post(
        "/{campaign_id:uuid}/reject",
        operation_id="RejectCampaign",
        status_code=200,
        opt={PERMISSION: _action(CampaignAction.REJECT), PROBLEMS: {409}},
        summary="Send the campaign back to draft with the reason",
    )
    async def reject(self, ctx: CtxDep, campaign_id: FromPath[uuid.UUID], data: JSONBody[RejectRequest]) -> Campaign:
        return await actions.act(ctx, campaign_id, CampaignAction.REJECT, data)

    @post(
        "/{campaign_id:uuid}/pause",
        operation_id="PauseCampaign",
        status_code=200,
        opt={PERMISSION: _action(CampaignAction.PAUSE), PROBLEMS: {409}},
    )
    async def pause(self, ctx: CtxDep, campaign_id: FromPath[uuid.UUID]) -> Campaign:
        return await actions.act(ctx, campaign_id, CampaignAction.PAUSE)

    @post(
        "/{campaign_id:uuid}/resume",
        operation_id="ResumeCampaign",
        status_code=200,
        opt={PERMISSION: _action(CampaignAction.RESUME), PROBLEMS: {409}},
    )
    async def resume(self, ctx: CtxDep, campaign_id: FromPath[uuid.UUID]) -> Campaign:
        return await actions.act(ctx, campaign_id, CampaignAction.RESUME)

    @post(
        "/{campaign_id:uuid}/cancel",
        operation_id="CancelCampaign",
        status_code=200,
        opt={PERMISSION: _action(CampaignAction.CANCEL), PROBLEMS: {409}},
    )
    async def cancel(self, ctx: CtxDep, campaign_id: FromPath[uuid.UUID]) -> Campaign:
        return await actions.act(ctx, campaign_id, CampaignAction.CANCEL)


class MarketingSettingsController(Controller):
    path = "/api/v1/settings/marketing"
    tags = ["Campaigns"]

    @get(
        "/",
        operation_id="GetMarketingSettings",
        opt={PERMISSION: READ},
        summary="Frequency cap, SMS quiet hours, attribution window, approval",
    )
    async def get_settings(self, ctx: CtxDep) -> Response[MarketingSettings]:
        return with_etag(await settings.get_settings(ctx))

    @put(
        "/",
        operation_id="UpdateMarketingSettings",
        opt={PERMISSION: MANAGE, PROBLEMS: {412}},
        summary="Replace the marketing settings (If-Match the version read); audited",
    )
    async def update_settings(
        self, ctx: CtxDep, data: JSONBody[MarketingSettingsUpdate], if_match: IfMatch = None
    ) -> Response[MarketingSettings]:
        return with_etag(await settings.update_settings(ctx, data, parse_if_match(if_match)))
