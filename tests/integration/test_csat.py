"""CSAT: resolving a ticket emails the customer a survey link (real SMTP sink, zh-CN and en); the
link opens the public survey without login, takes one answer (a second → 409) and expires."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from sqlalchemy import select, update

from api.mailsink import MailSink
from api.state import Resources
from domain.integrations.mailer import TENANT_HEADER, SmtpConfig
from domain.integrations.models import PublicLink
from domain.integrations.relay import Relay
from domain.service.consumers import CsatEmails
from domain.service.csat import link_digest
from domain.service.models import Ticket
from tenants import clock
from tenants.db import TenantScope, platform_session, tenant_session
from tenants.models import Tenant
from tests.factories import Api, expect
from tests.service_support import API, act, desk, open_ticket

BASE_URL = "https://crm.example.com"
LINK = re.compile(re.escape(BASE_URL) + r"/csat/([A-Za-z0-9_-]{43})")


@pytest_asyncio.fixture(loop_scope="session")
async def sink() -> AsyncIterator[MailSink]:
    mail_sink = MailSink("127.0.0.1", 0)
    await mail_sink.start()
    yield mail_sink
    await mail_sink.stop()


async def expiry_of(resources: Resources, tenant_id: str, ticket_id: str) -> datetime:
    """When the ticket's survey link expires, on the tenant's clock (Asia/Shanghai)."""
    token = await token_of(resources, tenant_id, ticket_id)
    async with platform_session(resources.sessions) as session:
        expires = (
            await session.execute(select(PublicLink.expires_at).where(PublicLink.token_hash == link_digest(token)))
        ).scalar_one()
    assert expires is not None
    return expires.astimezone(ZoneInfo("Asia/Shanghai"))


def relay(resources: Resources, sink: MailSink, tenant_id: str) -> Relay:
    emails = CsatEmails(SmtpConfig("127.0.0.1", sink.port, "CRM <no-reply@localhost>"), BASE_URL)
    return Relay(resources.sessions, [emails], tenant_id=uuid.UUID(tenant_id))


async def token_of(resources: Resources, tenant_id: str, ticket_id: str) -> str:
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(tenant_id))) as session:
        token = (await session.execute(select(Ticket.csat_token).where(Ticket.id == uuid.UUID(ticket_id)))).scalar_one()
    assert token
    return str(token)


async def test_the_survey_email_arrives_with_a_working_link(api: Api, resources: Resources, sink: MailSink) -> None:
    d = await desk(api, email="wang@example.com")
    ticket = await open_ticket(api, d.tenant.owner, d, subject="保温杯漏水")
    await act(api, d.tenant.owner, ticket["id"], "resolve")
    await relay(resources, sink, d.tenant.id).drain()
    [mail] = await sink.wait_for(1)
    assert mail.to == "wang@example.com"
    assert mail.subject == f"您的服务请求 {ticket['number']} 已处理，请评价"
    assert mail.header(TENANT_HEADER) == d.tenant.id
    assert "保温杯漏水" in mail.text
    local = await expiry_of(resources, d.tenant.id, ticket["id"])
    assert f"有效期至 {local.year}年{local.month}月{local.day}日 {local:%H:%M}。" in mail.text
    found = LINK.search(mail.text)
    assert found is not None, mail.text
    survey = expect(await api.client.get(f"{API}/public/csat/{found.group(1)}"), 200)
    assert (survey["ticket_number"], survey["subject"], survey["answered"]) == (ticket["number"], "保温杯漏水", False)
    assert survey["tenant_name"] == f"Chain {d.tenant.slug}"


async def test_english_tenants_get_the_english_email(api: Api, resources: Resources, sink: MailSink) -> None:
    d = await desk(api, email="ann@example.com")
    async with platform_session(resources.sessions) as session:
        await session.execute(update(Tenant).where(Tenant.id == uuid.UUID(d.tenant.id)).values(locale="en"))
    ticket = await open_ticket(api, d.tenant.owner, d, subject="Lid leaks")
    await act(api, d.tenant.owner, ticket["id"], "resolve")
    await relay(resources, sink, d.tenant.id).drain()
    [mail] = await sink.wait_for(1)
    assert mail.subject == f"Your request {ticket['number']} is resolved: rate us"
    assert "How did we do?" in mail.text
    local = await expiry_of(resources, d.tenant.id, ticket["id"])
    hour = local.hour % 12 or 12
    expected = f"{local:%b} {local.day}, {local.year}, {hour}:{local:%M}\u202f{local:%p}"
    assert f"expires on {expected}." in mail.text
    assert LINK.search(mail.text) is not None


async def test_no_email_without_an_address(api: Api, resources: Resources, sink: MailSink) -> None:
    d = await desk(api)
    silent = await api.customer(d.tenant.owner, name="无邮箱")
    ticket = await open_ticket(api, d.tenant.owner, d, customer_id=silent["id"])
    await act(api, d.tenant.owner, ticket["id"], "resolve")
    assert await relay(resources, sink, d.tenant.id).drain() >= 1
    assert list(sink.messages) == []


async def test_one_answer_per_ticket(api: Api, resources: Resources) -> None:
    d = await desk(api)
    ticket = await open_ticket(api, d.tenant.owner, d)
    await act(api, d.tenant.owner, ticket["id"], "resolve")
    token = await token_of(resources, d.tenant.id, ticket["id"])
    url = f"{API}/public/csat/{token}"
    for bad in ({"score": 0}, {"score": 6}, {"score": 5, "extra": 1}, {"comment": "no score"}):
        assert expect(await api.client.post(url, json=bad), 422)["code"] == "validation_failed", bad
    answered = expect(await api.client.post(url, json={"score": 4, "comment": " 很满意 "}), 200)
    assert (answered["answered"], answered["score"]) == (True, 4)
    again = await api.client.post(url, json={"score": 1})
    assert expect(again, 409)["code"] == "csat_already_answered"
    seen = expect(await api.client.get(f"{API}/tickets/{ticket['id']}", headers=d.tenant.owner.headers), 200)
    assert (seen["csat_score"], seen["csat_comment"]) == (4, "很满意")
    assert seen["events"][-1]["kind"] == "csat_answered"
    # Reopened and resolved again: no second survey for an answered ticket.
    await act(api, d.tenant.owner, ticket["id"], "reopen")
    await act(api, d.tenant.owner, ticket["id"], "resolve")
    assert await token_of(resources, d.tenant.id, ticket["id"]) == token


async def test_links_expire_and_unknown_tokens_are_404(
    api: Api, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = await desk(api)
    ticket = await open_ticket(api, d.tenant.owner, d)
    await act(api, d.tenant.owner, ticket["id"], "resolve")
    token = await token_of(resources, d.tenant.id, ticket["id"])
    url = f"{API}/public/csat/{token}"
    survey = expect(await api.client.get(url), 200)
    assert survey["expires_at"] is not None
    real_now = clock.utcnow()
    monkeypatch.setattr(clock, "utcnow", lambda: real_now + timedelta(hours=168, seconds=1))
    assert expect(await api.client.get(url), 404)["code"] == "not_found"
    assert expect(await api.client.post(url, json={"score": 5}), 404)["code"] == "not_found"
    monkeypatch.setattr(clock, "utcnow", lambda: real_now)
    missing = await api.client.get(f"{API}/public/csat/{'x' * 43}")
    assert expect(missing, 404)["detail"] == expect(await api.client.get(url + "x"), 404)["detail"]
    # The order tracking endpoint does not open a survey token, nor the survey an order token.
    assert (await api.client.get(f"{API}/public/orders/{token}")).status_code == 404
