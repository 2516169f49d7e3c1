"""Order emails to the customer (submitted, approved, shipped, delivered) over SMTP.

Templates are jinja2 plain text in zh-CN and en, chosen by the tenant's locale. The tracking link
is `{public_base_url}/track/{orders.tracking_token}`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any, Literal

import aiosmtplib
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers.models import Customer
from domain.integrations.events import Event
from tenants.models import Tenant

EMAIL_TOPICS = frozenset({"order.submitted", "order.approved", "order.shipped", "order.delivered"})
TENANT_HEADER = "X-CRM-Tenant"  # lets the dev mailbox show each tenant only its own mail
_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),  # plain-text mail: nothing to escape
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
_SUBJECTS = {
    "zh-CN": {
        "order.submitted": "已收到您的订单 {number}",
        "order.approved": "您的订单 {number} 已确认",
        "order.shipped": "您的订单 {number} 已发货",
        "order.delivered": "您的订单 {number} 已送达",
    },
    "en": {
        "order.submitted": "We received your order {number}",
        "order.approved": "Your order {number} is confirmed",
        "order.shipped": "Your order {number} has shipped",
        "order.delivered": "Your order {number} has been delivered",
    },
}
_STATUS_LABELS = {
    "zh-CN": {
        "draft": "草稿",
        "pending_approval": "待审批",
        "approved": "已确认",
        "rejected": "已拒绝",
        "processing": "备货中",
        "fulfilled": "已备货",
        "shipped": "已发货",
        "delivered": "已送达",
        "completed": "已完成",
        "cancelled": "已取消",
    },
}
# Read through to_jsonb so a missing column yields NULL instead of aborting the transaction.
_TRACKING_TOKEN = text("SELECT to_jsonb(o) ->> 'tracking_token' FROM orders o WHERE o.tenant_id = :t AND o.id = :id")
_SHIPMENT = text(
    "SELECT carrier, tracking_number FROM fulfilments WHERE tenant_id = :t AND order_id = :id"
    " AND tracking_number <> '' ORDER BY shipped_at DESC NULLS LAST LIMIT 1"
)


SmtpSecurity = Literal["none", "starttls", "tls"]


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    """Where mail goes: `starttls` upgrades a plain connection (port 587), `tls` connects over
    TLS from the start (port 465); credentials are sent only when a username is set."""

    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    security: SmtpSecurity = "none"
    timeout: float = 30.0

    def send_options(self) -> dict[str, Any]:
        """Keyword arguments for aiosmtplib.send."""
        options: dict[str, Any] = {
            "hostname": self.host,
            "port": self.port,
            "timeout": self.timeout,
            "use_tls": self.security == "tls",
            "start_tls": self.security == "starttls",
        }
        if self.username:
            options |= {"username": self.username, "password": self.password}
        return options


def template_locale(locale: str) -> str:
    return "zh-CN" if locale.lower().startswith("zh") else "en"


def render_order_email(locale: str, topic: str, values: dict[str, Any]) -> tuple[str, str]:
    """(subject, plain-text body) for one order event in the tenant's language."""
    lang = template_locale(locale)
    status = str(values.get("status") or "")
    body = _TEMPLATES.get_template(f"order_status.{lang}.txt").render(
        topic=topic, status_label=_STATUS_LABELS.get(lang, {}).get(status, status), **values
    )
    return _SUBJECTS[lang][topic].format(number=values["number"]), body


class OrderEmails:
    """Consumer: email the order's customer when it has an email address."""

    name = "email"
    transactional = False

    def __init__(self, smtp: SmtpConfig, public_base_url: str) -> None:
        self.smtp = smtp
        self.public_base_url = public_base_url.rstrip("/")

    async def handle(self, session: AsyncSession, event: Event) -> None:
        if event.topic not in EMAIL_TOPICS:
            return
        payload = event.payload
        try:
            customer_id = uuid.UUID(str(payload.get("customer_id")))
        except ValueError:
            return
        customer = (
            await session.execute(
                select(Customer.name, Customer.email).where(
                    Customer.tenant_id == event.tenant_id, Customer.id == customer_id
                )
            )
        ).one_or_none()
        if customer is None or not customer.email:
            return
        tenant = (await session.execute(select(Tenant.name, Tenant.locale).where(Tenant.id == event.tenant_id))).one()
        params = {"t": event.tenant_id, "id": event.aggregate_id}
        token = (await session.execute(_TRACKING_TOKEN, params)).scalar_one_or_none() or payload.get("tracking_token")
        carrier, tracking_number = payload.get("carrier"), payload.get("tracking_number")
        if event.topic == "order.shipped" and not tracking_number:
            shipment = (await session.execute(_SHIPMENT, params)).first()
            if shipment is not None:
                carrier, tracking_number = shipment
        subject, body = render_order_email(
            tenant.locale,
            event.topic,
            {
                "customer_name": customer.name,
                "tenant_name": tenant.name,
                "number": str(payload.get("number", "")),
                "status": str(payload.get("status", "")),
                "total": str(payload.get("total") or ""),
                "currency": str(payload.get("currency") or ""),
                "carrier": str(carrier or ""),
                "tracking_number": str(tracking_number or ""),
                "tracking_url": f"{self.public_base_url}/track/{token}" if token else "",
            },
        )
        await send_mail(self.smtp, event, customer.email, subject, body)


def render_template(name: str, **values: Any) -> str:
    """A plain-text template of this directory (`csat.en.txt`, ...), strictly rendered."""
    return _TEMPLATES.get_template(name).render(**values)


async def send_mail(smtp: SmtpConfig, event: Event, to: str, subject: str, body: str) -> None:
    """One plain-text email for one outbox event, tagged with its tenant (raises on refusal, so
    the outbox retries the event)."""
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = f"<{event.id}@retail-crm>"  # one event, one message id: receivers can dedupe
    message[TENANT_HEADER] = str(event.tenant_id)
    message.set_content(body)
    await aiosmtplib.send(message, **smtp.send_options())
