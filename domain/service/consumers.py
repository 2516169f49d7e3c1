"""What the service context does when its events are delivered: tell the new assignee in the bell,
and email the satisfaction survey of a resolved ticket."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers.public import contact_of
from domain.integrations.events import Event
from domain.integrations.mailer import SmtpConfig, render_template, send_mail, template_locale
from domain.integrations.models import PublicLink
from domain.integrations.notifications import Notice, lang_of, notify_once
from domain.kernel.events import CATALOGUE, Topic, names
from domain.service import events as ticket_events
from domain.service.csat import link_digest
from domain.service.models import Ticket
from tenants.formatting import moment
from tenants.models import Tenant, User
from tenants.scoping import of_tenant
from tenants.zones import zone_of

_TITLES = {"zh": "工单 {number} 已分配给您", "en": "Ticket {number} is assigned to you"}
ASSIGNING: list[Topic[Any]] = [
    ticket_events.TICKET_CREATED,
    ticket_events.TICKET_ASSIGNED,
    ticket_events.TICKET_ESCALATED,
]


class AssignmentNotices:
    """Notify the new assignee of a ticket (not when they took it themselves, nor when an
    escalation only raised the priority). Idempotent by (event id, user)."""

    name = "ticket_assignments"
    topics = names(*ASSIGNING)

    async def handle(self, session: AsyncSession, event: Event) -> None:
        ticket = CATALOGUE.get(event.topic).decode(event.data)
        assignee = ticket.assignee_id
        if assignee is None or assignee == event.actor_id:
            return
        if isinstance(ticket, ticket_events.TicketEscalated) and ticket.previous_assignee_id == assignee:
            return  # an escalation that only raised the priority
        locale = (
            await session.execute(
                select(User.locale).where(
                    of_tenant(event.tenant_id, User), User.id == assignee, User.status == "active"
                )
            )
        ).scalar_one_or_none()
        if locale is None:
            return
        title = _TITLES[lang_of(locale)].format(number=ticket.number)
        await notify_once(
            session, event, "ticket.assigned", f"/tickets/{event.aggregate_id}", [Notice(assignee, title)]
        )


_SUBJECTS = {"zh-CN": "您的服务请求 {number} 已处理，请评价", "en": "Your request {number} is resolved: rate us"}


class CsatEmails:
    """Consumer: on `ticket.resolved`, email the survey link to the customer (if they have an
    email address and the ticket has an open survey)."""

    name = "csat_email"
    topics = names(ticket_events.TICKET_RESOLVED)

    def __init__(self, smtp: SmtpConfig, public_base_url: str) -> None:
        self.smtp = smtp
        self.public_base_url = public_base_url.rstrip("/")

    async def handle(self, session: AsyncSession, event: Event) -> None:
        ticket = (
            await session.execute(
                select(Ticket).where(of_tenant(event.tenant_id, Ticket), Ticket.id == event.aggregate_id)
            )
        ).scalar_one_or_none()
        if ticket is None or not ticket.csat_token or ticket.csat_score is not None:
            return
        contact = await contact_of(session, event.tenant_id, ticket.customer_id)
        if contact is None or not contact.email:
            return
        link = (
            await session.execute(
                select(PublicLink.expires_at).where(PublicLink.token_hash == link_digest(ticket.csat_token))
            )
        ).scalar_one_or_none()
        tenant = (
            await session.execute(
                select(Tenant.name, Tenant.locale, Tenant.timezone).where(Tenant.id == event.tenant_id)
            )
        ).one()
        lang = template_locale(tenant.locale)
        expires_on = moment(link, lang, zone_of(tenant.timezone)) if link else ""
        body = render_template(
            f"csat.{lang}.txt",
            customer_name=contact.name,
            tenant_name=tenant.name,
            number=ticket.number,
            subject=ticket.subject,
            survey_url=f"{self.public_base_url}/csat/{ticket.csat_token}",
            expires_on=expires_on,
        )
        await send_mail(self.smtp, event, contact.email, _SUBJECTS[lang].format(number=ticket.number), body)
