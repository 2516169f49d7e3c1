"""Satisfaction (CSAT) surveys: on resolve the ticket gets an unguessable survey link (hashed in
the platform table, like order tracking), the customer is emailed it, and the public page takes
one answer (1–5 and a comment) per ticket before the link expires."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.customers.models import Customer
from domain.integrations.events import Event
from domain.integrations.mailer import SmtpConfig, render_template, send_mail, template_locale
from domain.integrations.models import PublicLink
from domain.service import events as ticket_events
from domain.service.errors import CsatAlreadyAnswered
from domain.service.models import Ticket
from domain.service.schemas import CsatAnswer, CsatSurvey
from domain.service.settings import Policy
from tenants import clock
from tenants.context import Ctx
from tenants.db import TenantScope, platform_session, tenant_session
from tenants.errors import NotFound
from tenants.models import Tenant
from tenants.principal import Principal, RequestMeta

CSAT_LINK = "csat"
RESOLVED_TOPIC = "ticket.resolved"
_SUBJECTS = {"zh-CN": "您的服务请求 {number} 已处理，请评价", "en": "Your request {number} is resolved: rate us"}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_survey(ctx: Ctx, ticket: Ticket, policy: Policy, now: datetime) -> None:
    """A fresh survey link for a resolved ticket that has no answer yet."""
    if ticket.csat_score is not None:
        return
    ticket.csat_token = secrets.token_urlsafe(32)
    ctx.session.add(
        PublicLink(
            token_hash=_digest(ticket.csat_token),
            tenant_id=ctx.tenant_id,
            kind=CSAT_LINK,
            target_id=ticket.id,
            expires_at=now + policy.csat_ttl,
        )
    )


class CsatEmails:
    """Consumer: on `ticket.resolved`, email the survey link to the customer (if they have an
    email address and the ticket has an open survey)."""

    name = "csat_email"
    transactional = False

    def __init__(self, smtp: SmtpConfig, public_base_url: str) -> None:
        self.smtp = smtp
        self.public_base_url = public_base_url.rstrip("/")

    async def handle(self, session: AsyncSession, event: Event) -> None:
        if event.topic != RESOLVED_TOPIC:
            return
        row = (
            await session.execute(
                select(Ticket, Customer.name, Customer.email)
                .join(Customer, (Customer.tenant_id == Ticket.tenant_id) & (Customer.id == Ticket.customer_id))
                .where(Ticket.tenant_id == event.tenant_id, Ticket.id == event.aggregate_id)
            )
        ).one_or_none()
        if row is None:
            return
        ticket, name, email = row
        if not email or not ticket.csat_token or ticket.csat_score is not None:
            return
        link = (
            await session.execute(
                select(PublicLink.expires_at).where(PublicLink.token_hash == _digest(ticket.csat_token))
            )
        ).scalar_one_or_none()
        tenant = (
            await session.execute(
                select(Tenant.name, Tenant.locale, Tenant.timezone).where(Tenant.id == event.tenant_id)
            )
        ).one()
        lang = template_locale(tenant.locale)
        expires_on = (
            link.astimezone(ZoneInfo(tenant.timezone or "Asia/Shanghai")).strftime("%Y-%m-%d %H:%M") if link else ""
        )
        body = render_template(
            f"csat.{lang}.txt",
            customer_name=name,
            tenant_name=tenant.name,
            number=ticket.number,
            subject=ticket.subject,
            survey_url=f"{self.public_base_url}/csat/{ticket.csat_token}",
            expires_on=expires_on,
        )
        await send_mail(self.smtp, event, email, _SUBJECTS[lang].format(number=ticket.number), body)


async def _link(sessions: async_sessionmaker[AsyncSession], token: str) -> PublicLink:
    missing = NotFound("No such survey.")
    if not token or len(token) > 100:
        raise missing
    async with platform_session(sessions) as session:
        link = (
            await session.execute(
                select(PublicLink).where(PublicLink.token_hash == _digest(token), PublicLink.kind == CSAT_LINK)
            )
        ).scalar_one_or_none()
    if link is None or (link.expires_at is not None and link.expires_at <= clock.utcnow()):
        raise missing
    return link


def _survey(ticket: Ticket, tenant_name: str, link: PublicLink) -> CsatSurvey:
    return CsatSurvey(
        ticket_number=ticket.number,
        subject=ticket.subject,
        tenant_name=tenant_name,
        answered=ticket.csat_score is not None,
        score=ticket.csat_score,
        expires_at=link.expires_at,
    )


async def get_survey(sessions: async_sessionmaker[AsyncSession], token: str) -> CsatSurvey:
    link = await _link(sessions, token)
    async with tenant_session(sessions, TenantScope(link.tenant_id)) as session:
        row = (
            await session.execute(
                select(Ticket, Tenant.name)
                .join(Tenant, Tenant.id == Ticket.tenant_id)
                .where(Ticket.tenant_id == link.tenant_id, Ticket.id == link.target_id)
            )
        ).one_or_none()
        if row is None:
            raise NotFound("No such survey.")
        return _survey(row[0], row[1], link)


async def answer(
    sessions: async_sessionmaker[AsyncSession], token: str, data: CsatAnswer, meta: RequestMeta
) -> CsatSurvey:
    """Take the customer's one answer (a second one is 409 `csat_already_answered`)."""
    link = await _link(sessions, token)
    async with tenant_session(sessions, TenantScope(link.tenant_id)) as session:
        row = (
            await session.execute(
                select(Ticket, Tenant.name)
                .join(Tenant, Tenant.id == Ticket.tenant_id)
                .where(Ticket.tenant_id == link.tenant_id, Ticket.id == link.target_id)
                .with_for_update(of=Ticket)
            )
        ).one_or_none()
        if row is None:
            raise NotFound("No such survey.")
        ticket, tenant_name = row
        if ticket.csat_score is not None:
            raise CsatAlreadyAnswered("This survey has already been answered; thank you.")
        ticket.csat_score = data.score
        ticket.csat_comment = data.comment.strip()
        ticket.csat_answered_at = clock.utcnow()
        customer = Principal(
            kind="customer",
            tenant_id=link.tenant_id,
            actor_id=ticket.customer_id,
            label="customer (survey link)",
            permissions=frozenset(),
        )
        ctx = Ctx(session=session, actor=customer, meta=meta)
        ticket_events.record(ctx, ticket, "csat_answered", data={"score": data.score})
        await session.flush()
        return _survey(ticket, tenant_name, link)
