"""Public replies reach the customer by email, threaded by ticket; internal notes never do."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest_asyncio
from sqlalchemy import update

from api.mailsink import MailSink
from api.state import Resources
from domain.integrations.mailer import TENANT_HEADER, SmtpConfig
from domain.integrations.relay import Relay
from domain.service.consumers import TicketReplyEmails
from tenants.db import platform_session
from tenants.models import Tenant
from tests.factories import Api, expect
from tests.service_support import API, comment, desk, open_ticket


@pytest_asyncio.fixture(loop_scope="session")
async def sink() -> AsyncIterator[MailSink]:
    mail_sink = MailSink("127.0.0.1", 0)
    await mail_sink.start()
    yield mail_sink
    await mail_sink.stop()


def relay(resources: Resources, sink: MailSink, tenant_id: str) -> Relay:
    emails = TicketReplyEmails(SmtpConfig("127.0.0.1", sink.port, "CRM <no-reply@localhost>"))
    return Relay(resources.sessions, [emails], tenant_id=uuid.UUID(tenant_id))


async def test_a_public_reply_reaches_the_customer_threaded_and_a_note_does_not(
    api: Api, resources: Resources, sink: MailSink
) -> None:
    d = await desk(api, email="wang@example.com")
    ticket = await open_ticket(api, d.tenant.owner, d, subject="保温杯漏水")
    await comment(api, d.tenant.owner, ticket["id"], "内部：先查批次号", public=False)
    first = await comment(api, d.tenant.owner, ticket["id"], "您好，请问杯子是哪天买的？", public=True)
    await relay(resources, sink, d.tenant.id).drain()
    [mail] = await sink.wait_for(1)
    assert mail.to == "wang@example.com"
    assert mail.subject == f"[#{ticket['number']}] 保温杯漏水"
    assert mail.header(TENANT_HEADER) == d.tenant.id
    thread = f"<ticket-{ticket['id']}@retail-crm>"
    assert mail.header("Message-ID") == f"<reply-{first['id']}@retail-crm>"
    assert mail.header("In-Reply-To") == thread
    assert mail.header("References") == thread
    assert mail.header("Reply-To") == ""
    assert "您好，请问杯子是哪天买的？" in mail.text
    assert "批次号" not in mail.text
    assert "如需补充" not in mail.text  # no support address: nothing to reply to

    await comment(api, d.tenant.owner, ticket["id"], "内部：供应商已确认", public=False)
    await relay(resources, sink, d.tenant.id).drain()
    assert len(sink.messages) == 1

    settings = expect(await api.client.get(f"{API}/settings/service", headers=d.tenant.owner.headers), 200)
    body = {k: v for k, v in settings.items() if k not in {"timezone", "updated_at"}}
    expect(
        await api.client.put(
            f"{API}/settings/service",
            json={**body, "support_email": "Kefu@Example.com"},
            headers=d.tenant.owner.headers,
        ),
        200,
    )
    second = await comment(api, d.tenant.owner, ticket["id"], "已为您安排换货。", public=True)
    await relay(resources, sink, d.tenant.id).drain()
    _, reply = await sink.wait_for(2)
    assert reply.subject == f"[#{ticket['number']}] 保温杯漏水"
    assert reply.header("Message-ID") == f"<reply-{second['id']}@retail-crm>"
    assert reply.header("In-Reply-To") == f"<reply-{first['id']}@retail-crm>"
    assert reply.header("References") == f"{thread} <reply-{first['id']}@retail-crm>"
    assert reply.header("Reply-To") == "kefu@example.com"
    assert "如需补充，请直接回复本邮件。" in reply.text
    assert "供应商" not in reply.text


async def test_english_tenants_reply_in_english_and_customers_without_email_get_nothing(
    api: Api, resources: Resources, sink: MailSink
) -> None:
    d = await desk(api, email="ann@example.com")
    async with platform_session(resources.sessions) as session:
        await session.execute(update(Tenant).where(Tenant.id == uuid.UUID(d.tenant.id)).values(locale="en"))
    ticket = await open_ticket(api, d.tenant.owner, d, subject="Lid leaks")
    await comment(api, d.tenant.owner, ticket["id"], "Which day did you buy it?", public=True)
    silent = await api.customer(d.tenant.owner, name="No Mail", home_store_id=d.store_id)
    other = await open_ticket(api, d.tenant.owner, d, subject="Walk-in", customer_id=silent["id"])
    await comment(api, d.tenant.owner, other["id"], "We called you back.", public=True)
    await relay(resources, sink, d.tenant.id).drain()
    [mail] = await sink.wait_for(1)
    assert mail.subject == f"[#{ticket['number']}] Lid leaks"
    assert "replied to your request" in mail.text
    assert "Which day did you buy it?" in mail.text


async def test_the_customers_own_language_wins_over_the_tenants(api: Api, resources: Resources, sink: MailSink) -> None:
    d = await desk(api)
    english = await api.customer(
        d.tenant.owner, name="Ann Lee", email="ann.lee@example.com", language="en", home_store_id=d.store_id
    )
    ticket = await open_ticket(api, d.tenant.owner, d, subject="Lid leaks", customer_id=english["id"])
    await comment(api, d.tenant.owner, ticket["id"], "Which day did you buy it?", public=True)
    await relay(resources, sink, d.tenant.id).drain()
    [mail] = await sink.wait_for(1)
    assert mail.to == "ann.lee@example.com"
    assert mail.text.startswith("Hello Ann Lee,")
