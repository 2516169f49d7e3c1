"""Order emails: an event for a customer with an email arrives in a real SMTP sink.

The events are built with outbox.emit and a synthetic order payload (the order itself is not in
the orders table, so the tracking token comes from the payload's `tracking_token`, the fallback
the consumer uses when orders.tracking_token has none)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest_asyncio
from sqlalchemy import update

from api.mailsink import MailSink
from api.state import Resources
from domain.integrations import outbox
from domain.integrations.mailer import TENANT_HEADER, OrderEmails, SmtpConfig
from domain.integrations.relay import Relay
from tenants.db import TenantScope, platform_session, tenant_session
from tenants.ids import uuid7
from tenants.models import Tenant
from tests.factories import Api

BASE_URL = "https://crm.example.com"


@pytest_asyncio.fixture(loop_scope="session")
async def sink() -> AsyncIterator[MailSink]:
    mail_sink = MailSink("127.0.0.1", 0)
    await mail_sink.start()
    yield mail_sink
    await mail_sink.stop()


def _relay(resources: Resources, sink: MailSink, tenant_id: uuid.UUID) -> Relay:
    emails = OrderEmails(SmtpConfig("127.0.0.1", sink.port, "CRM <no-reply@localhost>"), BASE_URL)
    return Relay(resources.sessions, resources.redis, [emails], tenant_id=tenant_id)


async def _emit_order_event(
    resources: Resources, tenant_id: uuid.UUID, topic: str, customer_id: str, number: str, **extra: str
) -> uuid.UUID:
    order_id = uuid7()
    payload = {
        "id": str(order_id),
        "number": number,
        "status": topic.split(".")[1],
        "store_id": None,
        "customer_id": customer_id,
        "total": "128.00",
        "currency": "CNY",
        "requires_approval": False,
        **extra,
    }
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        return outbox.emit(session, tenant_id, topic, "order", order_id, payload)


async def test_an_approved_order_emails_the_customer_in_the_tenant_language(
    api: Api, resources: Resources, sink: MailSink
) -> None:
    tenant = await api.signup()
    tenant_id = uuid.UUID(tenant.id)
    customer = await api.customer(tenant.owner, name="李雷", email="li.lei@example.com")
    await _emit_order_event(
        resources, tenant_id, "order.approved", customer["id"], "SO-2025-000123", tracking_token="tok-abc"
    )

    assert await _relay(resources, sink, tenant_id).drain() == 1

    [mail] = await sink.wait_for(1)
    assert mail.to == "li.lei@example.com"
    assert mail.rcpt_tos == ("li.lei@example.com",)
    assert mail.subject == "您的订单 SO-2025-000123 已确认"
    assert mail.header(TENANT_HEADER) == tenant.id
    assert "SO-2025-000123" in mail.text
    assert f"{BASE_URL}/track/tok-abc" in mail.text
    assert "已确认" in mail.text


async def test_a_shipped_order_email_in_english_names_carrier_and_tracking(
    api: Api, resources: Resources, sink: MailSink
) -> None:
    tenant = await api.signup()
    tenant_id = uuid.UUID(tenant.id)
    async with platform_session(resources.sessions) as session:
        await session.execute(update(Tenant).where(Tenant.id == tenant_id).values(locale="en"))
    customer = await api.customer(tenant.owner, name="Ann Lee", email="ann@example.com")
    await _emit_order_event(
        resources,
        tenant_id,
        "order.shipped",
        customer["id"],
        "SO-2025-000777",
        tracking_token="tok-en",
        carrier="SF Express",
        tracking_number="SF1234567890",
    )

    assert await _relay(resources, sink, tenant_id).drain() == 1

    [mail] = await sink.wait_for(1)
    assert mail.to == "ann@example.com"
    assert mail.subject == "Your order SO-2025-000777 has shipped"
    assert "Carrier: SF Express" in mail.text
    assert "SF1234567890" in mail.text
    assert f"{BASE_URL}/track/tok-en" in mail.text


async def test_no_email_without_an_address_or_for_other_topics(api: Api, resources: Resources, sink: MailSink) -> None:
    tenant = await api.signup()
    tenant_id = uuid.UUID(tenant.id)
    without = await api.customer(tenant.owner, name="无邮箱")
    with_email = await api.customer(tenant.owner, name="有邮箱", email="has@example.com")
    await _emit_order_event(resources, tenant_id, "order.approved", without["id"], "SO-2025-000001")
    await _emit_order_event(resources, tenant_id, "order.fulfilled", with_email["id"], "SO-2025-000002")

    assert await _relay(resources, sink, tenant_id).drain() == 2

    assert list(sink.messages) == []
