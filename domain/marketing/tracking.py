"""What recipients do with a campaign message, through its signed links (no login): open it (the
pixel), click a link (a redirect only to the URL stored for that link of that campaign — never an
open redirect), unsubscribe (one click, RFC 8058, or the page). Each first open, click and the
unsubscribe lands on her timeline; counts stay on her recipient row. A STOP reply to an SMS
withdraws SMS consent the same way."""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.customers import public as customers
from domain.kernel.recorder import system_ctx
from domain.marketing.models import Campaign, CampaignLink, CampaignRecipient
from domain.marketing.sending import CLICK, CUSTOMER_LINK, OPEN, SMS_REPLY, UNSUBSCRIBE, UNSUBSCRIBE_LINK, touch
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.db import TenantScope, tenant_session
from tenants.errors import NotFound
from tenants.links import verify
from tenants.models import Tenant
from tenants.principal import SYSTEM_META, Principal
from tenants.scoping import of_tenant

NO_LINK = "No such link."


class UnsubscribePage(msgspec.Struct, kw_only=True):
    tenant_name: str
    channel: str  # email | sms
    address: str  # masked: l***@example.com, 138****8000
    language: str  # the message's language: the page speaks it
    unsubscribed: bool


def _mask(address: str) -> str:
    if "@" in address:
        name, domain = address.split("@", 1)
        return f"{name[:1]}***@{domain}"
    return f"{address[:3]}****{address[-4:]}" if len(address) >= 8 else "****"


async def _recipient(session: AsyncSession, tenant_id: uuid.UUID, recipient_id: uuid.UUID) -> CampaignRecipient:
    row = (
        await session.execute(
            select(CampaignRecipient)
            .where(of_tenant(tenant_id, CampaignRecipient), CampaignRecipient.id == recipient_id)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(NO_LINK)
    return row


async def _campaign(session: AsyncSession, tenant_id: uuid.UUID, campaign_id: uuid.UUID) -> Campaign:
    return (
        await session.execute(select(Campaign).where(of_tenant(tenant_id, Campaign), Campaign.id == campaign_id))
    ).scalar_one()


def _opened(kind: str, token: str) -> tuple[uuid.UUID, uuid.UUID, int]:
    found = verify(kind, token)
    if found is None:
        raise NotFound(NO_LINK)
    return found


async def record_open(sessions: async_sessionmaker[AsyncSession], token: str, now: datetime | None = None) -> None:
    tenant_id, recipient_id, _ = _opened(OPEN, token)
    at = now or utcnow()
    async with tenant_session(sessions, TenantScope(tenant_id)) as session:
        recipient = await _recipient(session, tenant_id, recipient_id)
        recipient.opens += 1
        if recipient.first_opened_at is None:
            recipient.first_opened_at = at
            session.add(touch(recipient, await _campaign(session, tenant_id, recipient.campaign_id), "opened", at))


async def record_click(sessions: async_sessionmaker[AsyncSession], token: str, now: datetime | None = None) -> str:
    """The URL to send her on to: the one stored for this link of this campaign."""
    tenant_id, recipient_id, position = _opened(CLICK, token)
    at = now or utcnow()
    async with tenant_session(sessions, TenantScope(tenant_id)) as session:
        recipient = await _recipient(session, tenant_id, recipient_id)
        url = (
            await session.execute(
                select(CampaignLink.url).where(
                    of_tenant(tenant_id, CampaignLink),
                    CampaignLink.campaign_id == recipient.campaign_id,
                    CampaignLink.position == position,
                )
            )
        ).scalar_one_or_none()
        if url is None:
            raise NotFound(NO_LINK)
        recipient.clicks += 1
        if recipient.first_clicked_at is None:
            recipient.first_clicked_at = at
            session.add(touch(recipient, await _campaign(session, tenant_id, recipient.campaign_id), "clicked", at))
        return url


async def _page(
    session: AsyncSession, tenant_id: uuid.UUID, recipient: CampaignRecipient, channel: str
) -> UnsubscribePage:
    name = (await session.execute(select(Tenant.name).where(Tenant.id == tenant_id))).scalar_one()
    return UnsubscribePage(
        tenant_name=name,
        channel=channel,
        address=_mask(recipient.address),
        language=recipient.language,
        unsubscribed=recipient.unsubscribed_at is not None,
    )


async def unsubscribe_page(sessions: async_sessionmaker[AsyncSession], token: str) -> UnsubscribePage:
    tenant_id, recipient_id, _ = _opened(UNSUBSCRIBE, token)
    async with tenant_session(sessions, TenantScope(tenant_id)) as session:
        recipient = await _recipient(session, tenant_id, recipient_id)
        campaign = await _campaign(session, tenant_id, recipient.campaign_id)
        return await _page(session, tenant_id, recipient, campaign.channel)


async def unsubscribe(
    sessions: async_sessionmaker[AsyncSession], token: str, now: datetime | None = None
) -> UnsubscribePage:
    """She wants no more marketing on this channel: her consent is withdrawn (source and time on
    her record and timeline), once; a second click changes nothing."""
    tenant_id, recipient_id, _ = _opened(UNSUBSCRIBE, token)
    at = now or utcnow()
    async with tenant_session(sessions, TenantScope(tenant_id)) as session:
        recipient = await _recipient(session, tenant_id, recipient_id)
        campaign = await _campaign(session, tenant_id, recipient.campaign_id)
        if recipient.unsubscribed_at is None:
            recipient.unsubscribed_at = at
            her = Principal(
                kind="customer",
                tenant_id=tenant_id,
                actor_id=recipient.customer_id,
                label=CUSTOMER_LINK,
                permissions=frozenset(),
            )
            ctx = Ctx(session=session, actor=her, meta=SYSTEM_META)
            await customers.withdraw_consent(ctx, recipient.customer_id, campaign.channel, UNSUBSCRIBE_LINK)
            session.add(touch(recipient, campaign, "unsubscribed", at))
        return await _page(session, tenant_id, recipient, campaign.channel)


# The replies that mean "no more SMS" (the opt-out line says 回T退订 / Reply T to opt out).
STOP_WORDS = frozenset({"T", "TD", "N", "STOP", "UNSUBSCRIBE", "退订", "退"})
SMS_REPLIER = "SMS reply"


async def sms_reply(session: AsyncSession, tenant_id: uuid.UUID, phone: str, text: str) -> int:
    """An SMS a customer sent back (through the provider's inbound webhook; in dev, the SMS sink's):
    a stop word withdraws SMS consent of every live customer with that number. Returns how many."""
    if text.strip().upper() not in STOP_WORDS:
        return 0
    ctx = system_ctx(session, tenant_id, SMS_REPLIER)
    withdrawn = 0
    for customer_id in await customers.ids_with_exact_phone(session, tenant_id, phone):
        withdrawn += await customers.withdraw_consent(ctx, customer_id, "sms", SMS_REPLY)
    return withdrawn
