"""What the service context does when its events are delivered: tell the new assignee in the bell,
email staff's public replies to the customer, and email the satisfaction survey of a resolved
ticket."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers.public import contact_of
from domain.integrations.events import Event
from domain.integrations.mailer import (
    SmtpConfig,
    message_id,
    render_template,
    send_mail,
    send_message,
    template_locale,
)
from domain.integrations.models import PublicLink
from domain.integrations.notifications import Notice, lang_of, notify_once
from domain.kernel.events import CATALOGUE, Topic, names
from domain.service import events as ticket_events
from domain.service.csat import link_digest
from domain.service.models import ServiceSettings, Ticket, TicketComment
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
        lang = template_locale(contact.language or tenant.locale)  # the customer's, else the tenant's
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


REPLY_HISTORY = 20  # earlier replies named in References: enough for any client to thread


def thread_id(ticket_id: object) -> str:
    """The Message-ID every email about one ticket refers to: the root of its thread."""
    return message_id(f"ticket-{ticket_id}")


def reply_subject(number: str, subject: str) -> str:
    """`[#TK-000123] subject`: the ticket number where mail clients and people look for it."""
    return f"[#{number}] {subject}"


class TicketReplyEmails:
    """Consumer: on `ticket.replied`, email the staff reply to the customer (if they have an
    email address). Internal notes have their own topic and never reach this consumer; the
    comment is checked again anyway. Each reply's Message-ID is its comment's, In-Reply-To and
    References name the ticket's thread and the earlier replies, so clients thread them;
    Reply-To is the tenant's support address when one is set."""

    name = "ticket_reply_email"
    topics = names(ticket_events.TICKET_REPLIED)

    def __init__(self, smtp: SmtpConfig) -> None:
        self.smtp = smtp

    async def handle(self, session: AsyncSession, event: Event) -> None:
        payload = ticket_events.TICKET_REPLIED.decode(event.data)
        tenant = of_tenant(event.tenant_id, Ticket)
        row = (
            await session.execute(
                select(Ticket, TicketComment)
                .join(
                    TicketComment,
                    (TicketComment.tenant_id == Ticket.tenant_id) & (TicketComment.ticket_id == Ticket.id),
                )
                .where(tenant, Ticket.id == event.aggregate_id, TicketComment.id == payload.comment_id)
            )
        ).one_or_none()
        if row is None or not row[1].public:
            return
        ticket, comment = row
        contact = await contact_of(session, event.tenant_id, ticket.customer_id)
        if contact is None or not contact.email:
            return
        earlier = (
            await session.execute(
                select(TicketComment.id)
                .where(
                    of_tenant(event.tenant_id, TicketComment),
                    TicketComment.ticket_id == ticket.id,
                    TicketComment.public.is_(True),
                    TicketComment.created_at < comment.created_at,
                )
                .order_by(TicketComment.created_at.desc())
                .limit(REPLY_HISTORY)
            )
        ).scalars()
        references = [thread_id(ticket.id), *reversed([message_id(f"reply-{c}") for c in earlier])]
        tenant_row = (
            await session.execute(select(Tenant.name, Tenant.locale).where(Tenant.id == event.tenant_id))
        ).one()
        support_email = (
            await session.execute(
                select(ServiceSettings.support_email).where(of_tenant(event.tenant_id, ServiceSettings))
            )
        ).scalar_one_or_none()
        author = tenant_row.name
        if comment.author_id is not None:
            author = (
                await session.execute(
                    select(User.name).where(of_tenant(event.tenant_id, User), User.id == comment.author_id)
                )
            ).scalar_one_or_none() or author
        lang = template_locale(contact.language or tenant_row.locale)
        body = render_template(
            f"ticket_reply.{lang}.txt",
            customer_name=contact.name,
            tenant_name=tenant_row.name,
            author=author,
            number=ticket.number,
            subject=ticket.subject,
            body=comment.body,
            reply_to=support_email,
        )
        headers = {"In-Reply-To": references[-1], "References": " ".join(references)}
        if support_email:
            headers["Reply-To"] = support_email
        # The reply's own Message-ID (by comment): a repeated delivery is the same message.
        await send_message(
            self.smtp,
            event.tenant_id,
            contact.email,
            reply_subject(ticket.number, ticket.subject),
            body,
            message_id=message_id(f"reply-{comment.id}"),
            headers=headers,
        )
