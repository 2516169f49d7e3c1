"""What the order context does when its events are delivered: ask approvers in the bell, and
email the customer. Each consumer subscribes to its topics through the catalogue."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers.public import contact_of
from domain.integrations.events import Event
from domain.integrations.mailer import SmtpConfig, send_mail
from domain.integrations.notifications import Notice, lang_of, notify_once
from domain.kernel.events import Topic, names
from domain.orders import events
from domain.orders.emails import render_order_email
from domain.orders.public import tracking_token
from tenants.formatting import money
from tenants.models import Tenant
from tenants.staff import users_who_can

APPROVE = "orders:approve"
AWAITING_APPROVAL = "order.awaiting_approval"
_TITLES = {"zh": "订单 {number} 待审批", "en": "Order {number} awaits approval"}
_BODIES = {"zh": "订单 {number}（金额 {total}）需要审批。", "en": "Order {number} (total {total}) needs your approval."}


class ApprovalRequests:
    """On `order.submitted` needing approval, notify every active user who may approve orders of
    that store. Idempotent by (event id, user id)."""

    name = "notifications"
    topics = names(events.ORDER_SUBMITTED)

    async def handle(self, session: AsyncSession, event: Event) -> None:
        order = events.ORDER_SUBMITTED.decode(event.data)
        if not order.requires_approval:
            return
        notices = []
        for user_id, locale in await users_who_can(session, event.tenant_id, APPROVE, event.store_id):
            lang = lang_of(locale)
            values = {"number": order.number, "total": money(order.total, order.currency, lang)}
            notices.append(Notice(user_id, _TITLES[lang].format(**values), _BODIES[lang].format(**values)))
        await notify_once(session, event, AWAITING_APPROVAL, f"/orders/{event.aggregate_id}", notices)


EMAILED: list[Topic[Any]] = [
    events.ORDER_SUBMITTED,
    events.ORDER_APPROVED,
    events.ORDER_SHIPPED,
    events.ORDER_DELIVERED,
]


class OrderEmails:
    """Email the order's customer, when there is one with an email address (never for a walk-in
    sale), as the order moves on. The
    tracking link is `{public_base_url}/track/{the order's tracking token}`."""

    name = "email"
    topics = names(*EMAILED)

    def __init__(self, smtp: SmtpConfig, public_base_url: str) -> None:
        self.smtp = smtp
        self.public_base_url = public_base_url.rstrip("/")

    async def handle(self, session: AsyncSession, event: Event) -> None:
        data = events.ORDER_CREATED.decode(event.data)  # every emailed payload extends OrderData
        if data.customer_id is None:
            return  # a walk-in sale: nobody to write to
        shipment = events.ORDER_SHIPPED.decode(event.data) if event.topic == events.ORDER_SHIPPED.name else None
        contact = await contact_of(session, event.tenant_id, data.customer_id)
        if contact is None or not contact.email:
            return
        tenant = (await session.execute(select(Tenant.name, Tenant.locale).where(Tenant.id == event.tenant_id))).one()
        token = await tracking_token(session, event.tenant_id, event.aggregate_id)
        subject, body = render_order_email(
            tenant.locale,
            event.topic,
            {
                "customer_name": contact.name,
                "tenant_name": tenant.name,
                "number": data.number,
                "status": str(data.status),
                "total": data.total,
                "currency": data.currency,
                "carrier": shipment.carrier if shipment else "",
                "tracking_number": shipment.tracking_number if shipment else "",
                "tracking_url": f"{self.public_base_url}/track/{token}" if token else "",
            },
        )
        await send_mail(self.smtp, event, contact.email, subject, body)
