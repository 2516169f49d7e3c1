"""Satisfaction (CSAT) surveys: on resolve the ticket gets an unguessable survey link (hashed in
the platform table, like order tracking), the customer is emailed it, and the public page takes
one answer (1–5 and a comment) per ticket before the link expires."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.integrations.models import PublicLink
from domain.kernel.recorder import record
from domain.service import events as ticket_events
from domain.service.errors import CsatAlreadyAnswered
from domain.service.events import TICKET
from domain.service.models import Ticket
from domain.service.schemas import CsatAnswer, CsatSurvey
from domain.service.settings import Policy
from tenants import clock
from tenants.context import Ctx
from tenants.db import TenantScope, platform_session, tenant_session
from tenants.errors import NotFound
from tenants.models import Tenant
from tenants.principal import Principal, RequestMeta
from tenants.scoping import of_tenant

CSAT_LINK = "csat"


def link_digest(token: str) -> str:
    """How a survey token is stored: only its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def open_survey(ctx: Ctx, ticket: Ticket, policy: Policy, now: datetime) -> None:
    """A fresh survey link for a resolved ticket that has no answer yet."""
    if ticket.csat_score is not None:
        return
    ticket.csat_token = secrets.token_urlsafe(32)
    ctx.session.add(
        PublicLink(
            token_hash=link_digest(ticket.csat_token),
            tenant_id=ctx.tenant_id,
            kind=CSAT_LINK,
            target_id=ticket.id,
            expires_at=now + policy.csat_ttl,
        )
    )


async def _link(sessions: async_sessionmaker[AsyncSession], token: str) -> PublicLink:
    missing = NotFound("No such survey.")
    if not token or len(token) > 100:
        raise missing
    async with platform_session(sessions) as session:
        link = (
            await session.execute(
                select(PublicLink).where(PublicLink.token_hash == link_digest(token), PublicLink.kind == CSAT_LINK)
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
                .where(of_tenant(link.tenant_id, Ticket), Ticket.id == link.target_id)
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
                .where(of_tenant(link.tenant_id, Ticket), Ticket.id == link.target_id)
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
        record(ctx, TICKET, ticket, "csat_answered", topic=ticket_events.CSAT_ANSWERED, data={"score": data.score})
        await session.flush()
        return _survey(ticket, tenant_name, link)
