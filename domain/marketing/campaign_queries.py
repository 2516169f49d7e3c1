"""Reading campaigns: one, the list, the audience it would reach now, and its content rendered for
a chosen customer as she would receive it."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from sqlalchemy import func, select

from domain.customers.public import Customer
from domain.loyalty import public as loyalty
from domain.marketing.campaign_schemas import Audience, Campaign, Content, Language, Message, Rendered, RenderRequest
from domain.marketing.campaign_states import LIFECYCLE, CampaignStatus
from domain.marketing.membership import fence
from domain.marketing.models import Campaign as CampaignRow
from domain.marketing.models import SegmentMember
from domain.marketing.templates import Personal, render, sms_parts, sms_text
from tenants import scoping
from tenants.clock import utcnow
from tenants.company import tenant_language
from tenants.context import Ctx
from tenants.errors import invalid
from tenants.models import Store
from tenants.pagination import Page, keyset_page
from tenants.scoping import load_visible, of_tenant


def content_of(row: CampaignRow, variant: str | None = None) -> Content:
    """The campaign's content, or its variant B's (`variant="b"`; empty when it has none)."""
    source = row.content_b if variant == "b" else row.content
    return msgspec.convert(source or {}, Content)


def campaign_out(row: CampaignRow, permissions: frozenset[str]) -> Campaign:
    return Campaign(
        id=row.id,
        name=row.name,
        channel=row.channel,  # type: ignore[arg-type]
        status=CampaignStatus(row.status),
        allowed_actions=LIFECYCLE.allowed_actions(row.status, permissions=permissions),
        include_segment_ids=list(row.include_segment_ids),
        exclude_segment_ids=list(row.exclude_segment_ids),
        store_ids=list(row.store_ids) if row.store_ids is not None else None,
        content=content_of(row),
        coupon_code=row.coupon_code,
        control_percent=row.control_percent,
        cost=row.cost,
        content_b=content_of(row, "b") if row.content_b is not None else None,
        test_percent=row.test_percent,
        test_metric=row.test_metric,  # type: ignore[arg-type]
        test_hours=row.test_hours,
        winner=row.winner,  # type: ignore[arg-type]
        scheduled_at=row.scheduled_at,
        submitted_at=row.submitted_at,
        approved_at=row.approved_at,
        approved_by=row.approved_by,
        reject_reason=row.reject_reason,
        started_at=row.started_at,
        finished_at=row.finished_at,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


async def get_campaign(ctx: Ctx, campaign_id: uuid.UUID) -> Campaign:
    return campaign_out(await load_visible(ctx, CampaignRow, campaign_id), ctx.actor.permissions)


async def list_campaigns(ctx: Ctx, status: CampaignStatus | None, limit: int, cursor: str | None) -> Page[Campaign]:
    query = scoping.scoped(ctx, CampaignRow)
    if status is not None:
        query = query.where(CampaignRow.status == status.value)
    rows, next_cursor = await keyset_page(ctx.session, query, CampaignRow.created_at, CampaignRow.id, limit, cursor)
    return Page(items=[campaign_out(r, ctx.actor.permissions) for r in rows], next_cursor=next_cursor)


def audience_ids(tenant_id: uuid.UUID, row: CampaignRow) -> Any:
    """Ids of the live customers in any included segment and no excluded one, inside the
    campaign's stores (no caller scope: the campaign's own fence)."""
    members = SegmentMember.__table__.c
    included = select(members.customer_id).where(
        members.tenant_id == tenant_id, members.segment_id.in_(row.include_segment_ids or [uuid.UUID(int=0)])
    )
    excluded = select(members.customer_id).where(
        members.tenant_id == tenant_id, members.segment_id.in_(row.exclude_segment_ids or [uuid.UUID(int=0)])
    )
    return select(Customer.id).where(
        fence(tenant_id, row.store_ids), Customer.id.in_(included), Customer.id.not_in(excluded)
    )


async def audience(ctx: Ctx, campaign_id: uuid.UUID) -> Audience:
    """How many customers the campaign would reach now, among those the caller may see (before the
    send-time rules: consent, unsubscribes, the frequency cap)."""
    row = await load_visible(ctx, CampaignRow, campaign_id)
    ids = audience_ids(ctx.tenant_id, row)
    count = (
        await ctx.session.execute(select(func.count()).where(scoping.visible(ctx, Customer), Customer.id.in_(ids)))
    ).scalar_one()
    return Audience(customers=int(count), computed_at=utcnow())


async def personal(
    ctx: Ctx, customer: Any, coupon: str, language: str, stores: dict[uuid.UUID, str] | None = None
) -> Personal:
    """What the templates may say about this customer (`stores`: store names read before, kept)."""
    badge_figure = loyalty.badge(ctx, customer.id)
    badge = badge_figure.read((await ctx.session.execute(badge_figure.query)).one())
    tier = "" if badge.tier is None else (badge.tier.name_zh if language == "zh-CN" else badge.tier.name_en)
    store = ""
    if customer.home_store_id is not None:
        known = stores if stores is not None else {}
        if customer.home_store_id not in known:
            found = await ctx.session.execute(
                select(Store.name).where(of_tenant(ctx.tenant_id, Store), Store.id == customer.home_store_id)
            )
            known[customer.home_store_id] = found.scalar_one_or_none() or ""
        store = known[customer.home_store_id]
    return Personal(customer.name, badge.balance, tier, store, coupon)


async def render_for(ctx: Ctx, campaign_id: uuid.UUID, data: RenderRequest) -> Rendered:
    """The campaign as this customer would receive it: her language (or the one asked for), else
    the tenant's; her name, points, tier and store in the templates."""
    row = await load_visible(ctx, CampaignRow, campaign_id)
    return await rendered(ctx, row, await visible_customer(ctx, data.customer_id), data.language, data.variant)


async def visible_customer(ctx: Ctx, customer_id: uuid.UUID) -> Any:
    customer = (
        await ctx.session.execute(select(Customer).where(scoping.visible(ctx, Customer), Customer.id == customer_id))
    ).scalar_one_or_none()
    if customer is None:
        raise invalid("customer_id", "is not a customer you can see")
    return customer


# What a test send says where it has no customer to speak of.
SAMPLE = {
    "zh-CN": Personal("王芳", 1280, "金卡", "南京西路店", ""),
    "en": Personal("Amy Wang", 1280, "Gold", "West Nanjing Road", ""),
}


async def rendered(
    ctx: Ctx, row: CampaignRow, customer: Any | None, wanted: str | None, variant: str = "a"
) -> Rendered:
    hers = wanted or (customer.language if customer is not None else None)
    language, message = message_in(content_of(row, variant), hers, await tenant_language(ctx.session, ctx.tenant_id))
    if customer is not None:
        values = await personal(ctx, customer, row.coupon_code, language)
    else:
        sample = SAMPLE[language]
        values = Personal(sample.customer_name, sample.points, sample.tier, sample.store_name, row.coupon_code)
    if row.channel == "sms":
        text = sms_text(render(message.text, values), language)
        return Rendered(
            language=language, subject="", html="", text=text, sms_characters=len(text), sms_parts=sms_parts(text)
        )
    return Rendered(
        language=language,
        subject=render(message.subject, values),
        html=render(message.html, values, html=True),
        text=render(message.text, values),
        sms_characters=None,
        sms_parts=None,
    )


def message_in(content: Content, *preferred: str | None) -> tuple[Language, Message]:
    """The message a recipient reads: in the first of `preferred` the campaign has content in (her
    language, then the tenant's), else in whichever it has. The preview and the send both ask here."""
    given: dict[Language, Message | None] = {"zh-CN": content.zh_cn, "en": content.en}
    order: list[Language] = [lang for lang in ("zh-CN", "en") if lang in preferred]
    order.sort(key=lambda lang: preferred.index(lang))
    for language in (*order, "zh-CN", "en"):
        if (message := given[language]) is not None:
            return language, message
    return (order[0] if order else "zh-CN"), Message()
