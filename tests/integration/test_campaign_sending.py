"""Sending a campaign into a real SMTP sink: the audience frozen with each skip counted by its
reason (no address, no consent, unsubscribed, the frequency cap) and a control group held out,
one message per recipient with RFC 8058 headers, tracked links that redirect only where they
were meant to, the open pixel, one-click unsubscribe recorded once, SMS quiet hours, and exactly
one message per recipient when the worker is killed mid-send and started again."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from api.embedded import EmbeddedUrls
from api.mailsink import MailSink
from api.state import Resources
from domain.customers.models import Customer, TimelineEntry
from domain.kernel.recorder import system_ctx
from domain.marketing import membership
from domain.marketing.channels import SmsSink
from domain.marketing.models import Campaign, CampaignRecipient
from domain.marketing.sending import start_due
from tenants.db import TenantScope, tenant_session
from tests.campaign_send_support import BASE_URL, delivery, send
from tests.factories import Api, Tenant, expect
from tests.mail_support import free_port
from tests.orders_support import API, act, create_order, shop

EVERYONE = {
    "type": "group",
    "match": "all",
    "conditions": [{"type": "condition", "field": "gender", "operator": "in", "value": ["female", "male", "unknown"]}],
}
HTML = '<p>{{ customer.name }}，<a href="https://shop.example.com/d12?x=1&amp;y=2">立即选购</a></p>'


async def sink() -> MailSink:
    mail = MailSink("127.0.0.1", free_port())
    await mail.start()
    return mail


async def everyone(api: Api, resources: Resources, tenant: Tenant) -> str:
    made = expect(
        await api.client.post(
            f"{API}/segments",
            json={"name": f"全部{uuid.uuid4().hex[:4]}", "rules": EVERYONE},
            headers=tenant.owner.headers,
        ),
        201,
    )
    tid = uuid.UUID(tenant.id)
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        await membership.rebuild(system_ctx(session, tid, "test"), uuid.UUID(made["id"]))
    return str(made["id"])


async def scheduled(api: Api, tenant: Tenant, segment_id: str, **body: Any) -> str:
    payload = {
        "name": f"活动{uuid.uuid4().hex[:6]}",
        "channel": "email",
        "include_segment_ids": [segment_id],
        "content": {"zh-CN": {"subject": "{{ customer.name }}，双十二", "html": HTML, "text": ""}},
        **body,
    }
    campaign = expect(await api.client.post(f"{API}/campaigns", json=payload, headers=tenant.owner.headers), 201)
    expect(
        await api.client.post(f"{API}/campaigns/{campaign['id']}/schedule", json={}, headers=tenant.owner.headers), 200
    )
    return str(campaign["id"])


async def start(resources: Resources, tenant: Tenant, now: datetime | None = None) -> int:
    tid = uuid.UUID(tenant.id)
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        return await start_due(session, tid, now or datetime.now(UTC))


async def states(resources: Resources, tenant: Tenant, campaign_id: str) -> dict[str, tuple[str, str]]:
    tid = uuid.UUID(tenant.id)
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        rows = (
            await session.execute(
                select(Customer.name, CampaignRecipient.state, CampaignRecipient.reason)
                .join(
                    Customer,
                    (Customer.tenant_id == CampaignRecipient.tenant_id)
                    & (Customer.id == CampaignRecipient.customer_id),
                )
                .where(CampaignRecipient.tenant_id == tid, CampaignRecipient.campaign_id == uuid.UUID(campaign_id))
            )
        ).all()
    return {name: (state, reason) for name, state, reason in rows}


async def status_of(resources: Resources, tenant: Tenant, campaign_id: str) -> str:
    tid = uuid.UUID(tenant.id)
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        query = select(Campaign.status).where(Campaign.tenant_id == tid, Campaign.id == uuid.UUID(campaign_id))
        return str((await session.execute(query)).scalar_one())


def consent(email: bool = False, sms: bool = False) -> dict[str, Any]:
    return {"email": {"granted": email}, "sms": {"granted": sms}}


async def test_a_send_skips_by_rule_holds_out_nobody_and_mails_each_recipient_once(
    api: Api, resources: Resources
) -> None:
    tenant = await api.signup()
    owner = tenant.owner
    await api.customer(owner, name="王芳", email="wangfang@example.com", consent=consent(email=True))
    await api.customer(owner, name="李雷", email="lilei@example.com", consent=consent(email=False))
    await api.customer(owner, name="韩梅", consent=consent(email=True))  # no address
    capped = await api.customer(owner, name="赵强", email="zq@example.com", consent=consent(email=True))
    segment = await everyone(api, resources, tenant)
    mail = await sink()
    try:
        # A first campaign to 赵强 alone uses up his cap of one message a week.
        settings = {"frequency_cap": 1, "frequency_days": 7}
        expect(await api.client.put(f"{API}/settings/marketing", json=settings, headers=owner.headers), 200)
        only_him = expect(
            await api.client.post(f"{API}/segments", json={"name": "赵强", "kind": "static"}, headers=owner.headers),
            201,
        )
        await api.client.post(
            f"{API}/segments/{only_him['id']}/members", json={"customer_ids": [capped["id"]]}, headers=owner.headers
        )
        first = await scheduled(api, tenant, only_him["id"])
        assert await start(resources, tenant) == 1
        await send(resources, uuid.UUID(tenant.id), uuid.UUID(first), delivery(mail.port))
        assert [m.to for m in mail.messages] == ["zq@example.com"]

        campaign = await scheduled(api, tenant, segment)
        assert await start(resources, tenant) == 1
        assert await states(resources, tenant, campaign) == {
            "王芳": ("queued", ""),
            "李雷": ("skipped", "no_consent"),
            "韩梅": ("skipped", "no_address"),
            "赵强": ("skipped", "frequency_cap"),
        }
        await send(resources, uuid.UUID(tenant.id), uuid.UUID(campaign), delivery(mail.port))
        assert await status_of(resources, tenant, campaign) == "sent"
        sent = [m for m in mail.messages if m.to == "wangfang@example.com"]
        assert len(sent) == 1
        message = sent[0]
        assert message.subject == "王芳，双十二"
        assert message.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
        unsubscribe = message.header("List-Unsubscribe").strip("<>")
        assert unsubscribe.startswith(f"{BASE_URL}/api/v1/public/unsubscribe/")
        html = message.message.get_body(preferencelist=("html",)).get_content()
        assert "shop.example.com" not in html  # the link is tracked
        assert f"{BASE_URL}/api/v1/public/o/" in html  # the open pixel
        assert f"立即选购 ({BASE_URL}/api/v1/public/c/" in message.text  # the plain part keeps the tracked link
        assert f"{BASE_URL}/unsubscribe/" in html  # the visible link
        assert "退订" in html
        assert (await states(resources, tenant, campaign))["王芳"] == ("sent", "")
    finally:
        await mail.stop()


async def test_links_redirect_only_where_they_were_meant_and_unsubscribe_is_recorded_once(
    api: Api, resources: Resources
) -> None:
    tenant = await api.signup()
    owner = tenant.owner
    customer = await api.customer(owner, name="王芳", email="wangfang@example.com", consent=consent(email=True))
    segment = await everyone(api, resources, tenant)
    mail = await sink()
    try:
        campaign = await scheduled(api, tenant, segment)
        await start(resources, tenant)
        await send(resources, uuid.UUID(tenant.id), uuid.UUID(campaign), delivery(mail.port))
        (message,) = mail.messages
    finally:
        await mail.stop()
    html = message.message.get_body(preferencelist=("html",)).get_content()
    tracked = html.split('href="')[1].split('"')[0]
    path = tracked.removeprefix(BASE_URL)
    followed = await api.client.get(path, follow_redirects=False)
    assert followed.status_code == 302
    assert followed.headers["location"] == "https://shop.example.com/d12?x=1&y=2"
    forged = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    assert (await api.client.get(forged, follow_redirects=False)).status_code == 404
    pixel = html.split('<img src="')[1].split('"')[0].removeprefix(BASE_URL)
    opened = await api.client.get(pixel)
    assert (opened.status_code, opened.headers["content-type"]) == (200, "image/gif")
    await api.client.get(pixel)

    one_click = message.header("List-Unsubscribe").strip("<>").removeprefix(BASE_URL)
    page = expect(await api.client.get(one_click, headers={"Accept-Language": "zh-CN"}), 200)
    assert page == {
        "tenant_name": page["tenant_name"],
        "channel": "email",
        "address": "w***@example.com",
        "language": "zh-CN",
        "unsubscribed": False,
    }
    done = await api.client.post(
        one_click, content=b"List-Unsubscribe=One-Click", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert expect(done, 200)["unsubscribed"] is True
    assert expect(await api.client.post(one_click), 200)["unsubscribed"] is True  # again: nothing more
    profile = expect(await api.client.get(f"{API}/customers/{customer['id']}", headers=owner.headers), 200)
    assert profile["consent"]["email"]["granted"] is False
    assert profile["consent"]["email"]["source"] == "unsubscribe_link"
    tid = uuid.UUID(tenant.id)
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        kinds = Counter(
            (
                await session.execute(
                    select(TimelineEntry.kind).where(
                        TimelineEntry.tenant_id == tid, TimelineEntry.customer_id == uuid.UUID(customer["id"])
                    )
                )
            ).scalars()
        )
        recipient = (
            await session.execute(select(CampaignRecipient).where(CampaignRecipient.tenant_id == tid))
        ).scalar_one()
    assert kinds["campaign.sent"] == kinds["campaign.opened"] == kinds["campaign.clicked"] == 1
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        actors = dict(
            (
                await session.execute(
                    select(TimelineEntry.kind, TimelineEntry.actor_type).where(
                        TimelineEntry.tenant_id == tid, TimelineEntry.kind.like("campaign.%")
                    )
                )
            ).all()
        )
    assert actors == {
        "campaign.sent": "system",
        "campaign.opened": "customer",
        "campaign.clicked": "customer",
        "campaign.unsubscribed": "customer",
    }
    assert kinds["campaign.unsubscribed"] == 1
    assert (recipient.opens, recipient.clicks) == (2, 1)


async def test_sms_waits_for_the_quiet_hours_to_end_and_carries_the_opt_out_line(
    api: Api, resources: Resources
) -> None:
    tenant = await api.signup()
    owner = tenant.owner
    await api.customer(owner, name="李雷", phone="13800138000", consent=consent(sms=True))
    segment = await everyone(api, resources, tenant)
    campaign = await scheduled(
        api, tenant, segment, channel="sms", content={"zh-CN": {"text": "{{ customer.name }}，双十二会员价"}}
    )
    # 22:30 in Shanghai: inside the default quiet hours (21:00–08:00).
    night = datetime(2030, 12, 12, 14, 30, tzinfo=UTC)
    sms = SmsSink()
    assert await start(resources, tenant, night) == 1
    tid = uuid.UUID(tenant.id)
    await send(resources, tid, uuid.UUID(campaign), delivery(free_port(), sms), clock=lambda: night)
    assert list(sms.messages) == []
    assert await status_of(resources, tenant, campaign) == "sending"
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        waiting = (await session.execute(select(Campaign.next_run_at).where(Campaign.tenant_id == tid))).scalar_one()
    assert waiting == datetime(2030, 12, 13, 0, 0, tzinfo=UTC)  # 08:00 Shanghai
    morning = datetime(2030, 12, 13, 0, 1, tzinfo=UTC)
    await send(resources, tid, uuid.UUID(campaign), delivery(free_port(), sms), clock=lambda: morning)
    assert [(m.to, m.text) for m in sms.messages] == [("+8613800138000", "李雷，双十二会员价 回T退订")]


@pytest.mark.parametrize("kills", [3])
async def test_a_worker_killed_mid_send_and_started_again_mails_each_recipient_exactly_once(
    api: Api, resources: Resources, services: EmbeddedUrls, kills: int
) -> None:
    tenant = await api.signup()
    owner = tenant.owner
    count = 60
    for n in range(count):
        await api.customer(owner, name=f"会员{n}", email=f"m{n}@example.com", consent=consent(email=True))
    segment = await everyone(api, resources, tenant)
    campaign = await scheduled(api, tenant, segment)
    await start(resources, tenant)
    mail = await sink()
    env = {
        **os.environ,
        "APP_ENV": "test",
        "DATABASE_URL": services.database_url,
        "MIGRATION_DATABASE_URL": services.migration_database_url,
        "REDIS_URL": services.redis_url,
    }
    command = [sys.executable, "-m", "tests.campaign_send_support", tenant.id, campaign, str(mail.port), "40"]
    try:
        for round_no in range(kills):
            worker = subprocess.Popen(command, env=env)  # noqa: ASYNC220, S603 - a worker process to kill
            target = min(count - 1, len(mail.messages) + 8)
            while len(mail.messages) < target and worker.poll() is None:  # noqa: ASYNC110 - polling a process
                await asyncio.sleep(0.01)
            assert worker.poll() is None, f"round {round_no}: the worker finished before it could be killed"
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        assert len(mail.messages) < count  # the kills left recipients unsent
        finisher = subprocess.Popen(command, env=env)  # noqa: ASYNC220, S603
        while finisher.poll() is None:  # noqa: ASYNC110 - polling a process
            await asyncio.sleep(0.05)
        assert finisher.returncode == 0
    finally:
        await mail.stop()
    received = Counter(m.to for m in mail.messages)
    assert len(received) == count
    assert set(received.values()) == {1}, [a for a, n in received.items() if n > 1]
    tid = uuid.UUID(tenant.id)
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        sent = (
            await session.execute(
                select(func.count()).where(CampaignRecipient.tenant_id == tid, CampaignRecipient.state == "sent")
            )
        ).scalar_one()
    assert sent == count
    assert await status_of(resources, tenant, campaign) == "sent"


async def test_the_report_attributes_orders_to_the_last_touch_and_measures_uplift_against_control(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources, {"A": 100, "B": 100})
    tenant, owner = s.tenant, s.tenant.owner
    people = [
        (await api.customer(owner, name=f"会员{n}", email=f"m{n}@example.com", consent=consent(email=True)))["id"]
        for n in range(12)
    ]
    segment = await everyone(api, resources, tenant)
    mail = await sink()
    try:
        first = await scheduled(api, tenant, segment, control_percent=50, cost="100.00")
        await start(resources, tenant)
        await send(resources, uuid.UUID(tenant.id), uuid.UUID(first), delivery(mail.port))
        frozen = await states(resources, tenant, first)
        sent = [c for c, n in zip(people, range(12), strict=True) if frozen[f"会员{n}"][0] == "sent"]
        held = [c for c, n in zip(people, range(12), strict=True) if frozen[f"会员{n}"][0] == "control"]
        assert sent
        assert held
        assert len(sent) + len(held) == 12  # 张三丰 (no email) was skipped
        assert frozen["张三丰"] == ("skipped", "no_address")

        async def buy(customer_id: str, quantity: int) -> str:
            order = await create_order(
                api, owner, s, [{"product_id": s.products["A"], "quantity": quantity}], customer_id=customer_id
            )
            return str((await act(api, owner, order["id"], "submit"))["total"])

        one = await buy(sent[0], 1)  # the first campaign's
        two = await buy(sent[-1], 2) if len(sent) > 1 else "0"
        await buy(held[0], 1)  # the control group bought too
        # A second campaign reaches sent[0] alone; her next order is the second campaign's.
        only = expect(
            await api.client.post(f"{API}/segments", json={"name": "一人", "kind": "static"}, headers=owner.headers),
            201,
        )
        await api.client.post(
            f"{API}/segments/{only['id']}/members", json={"customer_ids": [sent[0]]}, headers=owner.headers
        )
        expect(await api.client.put(f"{API}/settings/marketing", json={"frequency_cap": 0}, headers=owner.headers), 200)
        second = await scheduled(api, tenant, only["id"])
        await start(resources, tenant)
        await send(resources, uuid.UUID(tenant.id), uuid.UUID(second), delivery(mail.port))
        three = await buy(sent[0], 3)
    finally:
        await mail.stop()

    report = expect(await api.client.get(f"{API}/campaigns/{first}/report", headers=owner.headers), 200)
    expected_orders = 2 if len(sent) > 1 else 1
    assert report["audience"] == 13
    assert report["skipped"] == {"no_address": 1}
    assert (report["control"], report["eligible"], report["sent"], report["delivered"]) == (
        len(held),
        len(sent),
        len(sent),
        len(sent),
    )
    assert (report["orders"], report["ordered"]) == (expected_orders, expected_orders)
    assert Decimal(report["revenue"]) == Decimal(one) + Decimal(two)
    assert Decimal(report["roi"]) == ((Decimal(one) + Decimal(two) - 100) / 100).quantize(Decimal("0.0001"))
    assert report["by_store"] == [
        {"store_id": s.store_id, "orders": expected_orders, "revenue": str(Decimal(one) + Decimal(two))}
    ]
    treated = Decimal(expected_orders) / len(sent)
    controlled = Decimal(1) / len(held)
    assert report["treatment"] == {
        "customers": len(sent),
        "converted": expected_orders,
        "rate": str(treated.quantize(Decimal("0.0001"))),
    }
    assert report["control_group"]["converted"] == 1
    assert Decimal(report["uplift"]) == (treated.quantize(Decimal("0.0001")) - controlled.quantize(Decimal("0.0001")))
    later = expect(await api.client.get(f"{API}/campaigns/{second}/report", headers=owner.headers), 200)
    assert (later["orders"], Decimal(later["revenue"])) == (1, Decimal(three))


async def test_a_stop_reply_to_an_sms_withdraws_sms_consent_and_the_next_send_skips_her(
    api: Api, resources: Resources
) -> None:
    tenant = await api.signup()
    owner = tenant.owner
    customer = await api.customer(owner, name="李雷", phone="13800138000", consent=consent(sms=True))
    ignored = await api.client.post(
        f"{API}/dev/sms/replies", json={"sender": "13800138000", "text": "谢谢"}, headers=owner.headers
    )
    assert expect(ignored, 200) == {"withdrawn": 0}
    stop = await api.client.post(
        f"{API}/dev/sms/replies", json={"sender": "+86 138 0013 8000", "text": " t "}, headers=owner.headers
    )
    assert expect(stop, 200) == {"withdrawn": 1}
    profile = expect(await api.client.get(f"{API}/customers/{customer['id']}", headers=owner.headers), 200)
    assert (profile["consent"]["sms"]["granted"], profile["consent"]["sms"]["source"]) == (False, "sms_reply")
    segment = await everyone(api, resources, tenant)
    campaign = await scheduled(api, tenant, segment, channel="sms", content={"zh-CN": {"text": "双十二"}})
    await start(resources, tenant)
    assert await states(resources, tenant, campaign) == {"李雷": ("skipped", "unsubscribed")}


async def test_an_ab_test_sends_both_variants_to_its_share_then_the_winner_to_the_rest(
    api: Api, resources: Resources
) -> None:
    tenant = await api.signup()
    owner = tenant.owner
    for n in range(30):
        await api.customer(owner, name=f"会员{n}", email=f"ab{n}@example.com", consent=consent(email=True))
    segment = await everyone(api, resources, tenant)
    variant_b = {"zh-CN": {"subject": "B：{{ customer.name }}", "html": HTML.replace("立即选购", "马上抢"), "text": ""}}
    campaign = await scheduled(
        api, tenant, segment, content_b=variant_b, test_percent=40, test_metric="clicks", test_hours=24
    )
    mail = await sink()
    try:
        assert await start(resources, tenant) == 1
        await send(resources, uuid.UUID(tenant.id), uuid.UUID(campaign), delivery(mail.port))
        first = list(mail.messages)
        subjects = Counter(m.subject.startswith("B：") for m in first)
        assert 0 < len(first) < 30  # only the test share, about 40 %
        assert subjects[True] > 0
        assert subjects[False] > 0
        assert await status_of(resources, tenant, campaign) == "sending"  # the rest wait for the winner
        # B's readers click; A's do not.
        for message in first:
            if message.subject.startswith("B："):
                html = message.message.get_body(preferencelist=("html",)).get_content()
                tracked = html.split('href="')[1].split('"')[0].removeprefix(BASE_URL)
                assert (await api.client.get(tracked, follow_redirects=False)).status_code == 302
        early = datetime.now(UTC) + timedelta(hours=1)
        assert await start(resources, tenant, early) == 0  # the test period has not ended
        later = datetime.now(UTC) + timedelta(hours=25)
        assert await start(resources, tenant, later) == 1
        await send(resources, uuid.UUID(tenant.id), uuid.UUID(campaign), delivery(mail.port))
        rest = list(mail.messages)[len(first) :]
        assert len(first) + len(rest) == 30
        assert all(m.subject.startswith("B：") for m in rest)  # the winner went to the rest
    finally:
        await mail.stop()
    assert await status_of(resources, tenant, campaign) == "sent"
    report = expect(await api.client.get(f"{API}/campaigns/{campaign}/report", headers=owner.headers), 200)
    assert report["winner"] == "b"
    rows = {(v["variant"], v["test"]): v for v in report["variants"]}
    assert set(rows) == {("a", True), ("b", True), ("b", False)}
    assert rows[("b", True)]["clicked"] == rows[("b", True)]["sent"] == subjects[True]
    assert (rows[("a", True)]["clicked"], rows[("a", True)]["sent"]) == (0, subjects[False])
    assert rows[("b", False)]["sent"] == len(rest)
