"""Order emails: an event for a customer with an email arrives in a real SMTP sink.

The events are written through the kernel's outbox writer for a real draft order (whose
tracking token the email links to), with the topic's payload naming the customer and status."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio
from sqlalchemy import update

from api.mailsink import MailSink
from api.state import Resources
from domain.integrations.mailer import TENANT_HEADER, SmtpConfig
from domain.integrations.relay import Relay
from domain.kernel.events import Topic
from domain.orders.consumers import OrderEmails
from domain.orders.events import ORDER_APPROVED, ORDER_FULFILLED, ORDER_SHIPPED
from tenants.db import platform_session
from tenants.ids import uuid7
from tenants.models import Tenant
from tests.events_support import emit_event, order_data
from tests.factories import Api
from tests.orders_support import Shop, create_order, shop

BASE_URL = "https://crm.example.com"


@pytest_asyncio.fixture(loop_scope="session")
async def sink() -> AsyncIterator[MailSink]:
    mail_sink = MailSink("127.0.0.1", 0)
    await mail_sink.start()
    yield mail_sink
    await mail_sink.stop()


def _relay(resources: Resources, sink: MailSink, tenant_id: uuid.UUID) -> Relay:
    emails = OrderEmails(SmtpConfig("127.0.0.1", sink.port, "CRM <no-reply@localhost>"), BASE_URL)
    return Relay(resources.sessions, [emails], tenant_id=tenant_id)


async def _order(api: Api, resources: Resources, s: Shop, customer_id: str) -> dict[str, Any]:
    """A draft order of `customer_id`, its own order.created already delivered (so each test
    counts only the events it writes)."""
    order = await create_order(
        api, s.tenant.owner, s, [{"product_id": s.products["A"], "quantity": 1}], customer_id=customer_id
    )
    await Relay(resources.sessions, [], tenant_id=uuid.UUID(s.tenant.id)).drain()
    return order


async def _emit_order_event(
    resources: Resources, s: Shop, order: dict[str, Any], topic: Topic[Any], number: str, **extra: Any
) -> None:
    data = order_data(number, order["customer_id"], status=topic.name.split(".")[1], **extra)
    await emit_event(resources, uuid.UUID(s.tenant.id), data, topic=topic, aggregate_id=uuid.UUID(order["id"]))


async def test_an_approved_order_emails_the_customer_in_the_tenant_language(
    api: Api, resources: Resources, sink: MailSink
) -> None:
    s = await shop(api, resources)
    tenant = s.tenant
    tenant_id = uuid.UUID(tenant.id)
    customer = await api.customer(tenant.owner, name="李雷", email="li.lei@example.com")
    order = await _order(api, resources, s, customer["id"])
    await _emit_order_event(resources, s, order, ORDER_APPROVED, "SO-2025-000123", total="10388.50")

    assert await _relay(resources, sink, tenant_id).drain() == 1

    [mail] = await sink.wait_for(1)
    assert mail.to == "li.lei@example.com"
    assert mail.rcpt_tos == ("li.lei@example.com",)
    assert mail.subject == "您的订单 SO-2025-000123 已确认"
    assert mail.header(TENANT_HEADER) == tenant.id
    assert "SO-2025-000123" in mail.text
    assert f"{BASE_URL}/track/{order['tracking_token']}" in mail.text
    assert "已确认" in mail.text
    assert "订单金额：¥10,388.50" in mail.text.splitlines()  # money as the tenant's language writes it


async def test_a_shipped_order_email_in_english_names_carrier_and_tracking(
    api: Api, resources: Resources, sink: MailSink
) -> None:
    s = await shop(api, resources)
    tenant = s.tenant
    tenant_id = uuid.UUID(tenant.id)
    async with platform_session(resources.sessions) as session:
        await session.execute(update(Tenant).where(Tenant.id == tenant_id).values(locale="en"))
    customer = await api.customer(tenant.owner, name="Ann Lee", email="ann@example.com")
    order = await _order(api, resources, s, customer["id"])
    await _emit_order_event(
        resources,
        s,
        order,
        ORDER_SHIPPED,
        "SO-2025-000777",
        fulfilment_ids=[str(uuid7())],
        carrier="SF Express",
        tracking_number="SF1234567890",
        total="103.95",
    )

    assert await _relay(resources, sink, tenant_id).drain() == 1

    [mail] = await sink.wait_for(1)
    assert mail.to == "ann@example.com"
    assert mail.subject == "Your order SO-2025-000777 has shipped"
    assert "Carrier: SF Express" in mail.text
    assert "SF1234567890" in mail.text
    assert "Order total: ¥103.95" in mail.text.splitlines()  # ¥ for CNY in English too (not CN¥, not "103.95 CNY")
    assert f"{BASE_URL}/track/{order['tracking_token']}" in mail.text


async def test_no_email_without_an_address_or_for_other_topics(api: Api, resources: Resources, sink: MailSink) -> None:
    s = await shop(api, resources)
    tenant = s.tenant
    tenant_id = uuid.UUID(tenant.id)
    without = await api.customer(tenant.owner, name="无邮箱")
    with_email = await api.customer(tenant.owner, name="有邮箱", email="has@example.com")
    first, second = await _order(api, resources, s, without["id"]), await _order(api, resources, s, with_email["id"])
    await _emit_order_event(resources, s, first, ORDER_APPROVED, "SO-2025-000001")
    await _emit_order_event(resources, s, second, ORDER_FULFILLED, "SO-2025-000002", fulfilment_id=str(uuid7()))

    assert await _relay(resources, sink, tenant_id).drain() == 2

    assert list(sink.messages) == []


async def test_a_walk_in_sale_emails_nobody(api: Api, resources: Resources, sink: MailSink) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    body = {"store_id": s.store_id, "channel": "store", "lines": [{"product_id": s.products["A"], "quantity": 1}]}
    order = (await api.client.post("/api/v1/orders", json=body, headers=owner.headers)).json()
    submitted = await api.client.post(f"/api/v1/orders/{order['id']}/submit", headers=owner.headers)
    assert submitted.json()["status"] == "approved"

    # The shop's customer.created, then order.created, order.submitted and order.approved are
    # delivered; none finds anyone to write to.
    assert await _relay(resources, sink, uuid.UUID(s.tenant.id)).drain() == 4

    assert list(sink.messages) == []
