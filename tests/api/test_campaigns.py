"""Campaigns over HTTP: drafts with content per language checked as templates, the content
rendered for a chosen customer (her language, name, points, tier, store; HTML escaped; SMS with
its opt-out line and part count), the audience of included minus excluded segments, the
lifecycle with approval when the tenant asks for it, and the marketing settings."""

from __future__ import annotations

import uuid
from typing import Any

from api.settings import Settings
from api.state import Resources
from domain.integrations.relay import Relay
from domain.kernel.recorder import system_ctx
from domain.marketing import membership
from domain.marketing.consumers import CampaignApprovalRequests
from tenants.db import TenantScope, tenant_session
from tests.factories import Actor, Api, Tenant, expect
from tests.mail_support import mailing_app
from tests.orders_support import API

ZH = {"Accept-Language": "zh-CN"}
EMAIL = {
    "zh-CN": {
        "subject": "{{ customer.name }}，双十二专享",
        "html": "<p>{{ customer.name }}您好，{{ store.name }}送您券码 {{ coupon }}，积分 {{ loyalty.points }}。</p>",
        "text": "{{ customer.name }}您好",
    },
    "en": {"subject": "Hello {{ customer.name }}", "html": "<p>Hi {{ customer.name }}</p>", "text": "Hi"},
}


def rules(field: str, operator: str, value: Any) -> dict[str, Any]:
    return {
        "type": "group",
        "match": "all",
        "conditions": [{"type": "condition", "field": field, "operator": operator, "value": value}],
    }


async def segment(api: Api, resources: Resources, tenant: Tenant, name: str, body: dict[str, Any]) -> str:
    """A dynamic segment, its members built at once (as the job would)."""
    made = expect(
        await api.client.post(f"{API}/segments", json={"name": name, "rules": body}, headers=tenant.owner.headers), 201
    )
    tid = uuid.UUID(tenant.id)
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        await membership.rebuild(system_ctx(session, tid, "test"), uuid.UUID(made["id"]))
    return str(made["id"])


async def draft(api: Api, actor: Actor, status: int = 201, **body: Any) -> Any:
    payload = {"name": "双十二", "channel": "email", "content": EMAIL, "coupon_code": "D12", **body}
    return expect(await api.client.post(f"{API}/campaigns", json=payload, headers=actor.headers), status)


async def act(api: Api, actor: Actor, campaign_id: str, action: str, status: int = 200, body: Any = None) -> Any:
    response = await api.client.post(f"{API}/campaigns/{campaign_id}/{action}", json=body or {}, headers=actor.headers)
    return expect(response, status)


async def test_a_draft_renders_for_a_customer_in_her_language_with_her_values(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    store = await api.store(tenant, "SH01")
    zh = await api.customer(tenant.owner, name="王<b>芳</b>", home_store_id=store)
    en = await api.customer(tenant.owner, name="Amy", language="en")
    vip = await segment(api, resources, tenant, "全部", rules("gender", "in", ["female", "male", "unknown"]))
    campaign = await draft(api, tenant.owner, include_segment_ids=[vip])
    assert (campaign["status"], campaign["allowed_actions"]) == ("draft", ["edit", "schedule", "cancel"])

    path = f"{API}/campaigns/{campaign['id']}/render"
    mine = expect(await api.client.post(path, json={"customer_id": zh["id"]}, headers=tenant.owner.headers), 200)
    assert mine["language"] == "zh-CN"
    assert mine["subject"] == "王<b>芳</b>，双十二专享"  # a subject is text
    assert mine["html"] == "<p>王&lt;b&gt;芳&lt;/b&gt;您好，Store SH01送您券码 D12，积分 0。</p>"
    assert "&lt;b&gt;" in mine["html"]  # her name cannot inject markup
    hers = expect(await api.client.post(path, json={"customer_id": en["id"]}, headers=tenant.owner.headers), 200)
    assert (hers["language"], hers["subject"]) == ("en", "Hello Amy")
    forced = expect(
        await api.client.post(path, json={"customer_id": en["id"], "language": "zh-CN"}, headers=tenant.owner.headers),
        200,
    )
    assert forced["subject"] == "Amy，双十二专享"
    audience = expect(
        await api.client.get(f"{API}/campaigns/{campaign['id']}/audience", headers=tenant.owner.headers), 200
    )
    assert audience["customers"] == 2


async def test_sms_content_gets_the_opt_out_line_and_its_part_count(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    customer = await api.customer(tenant.owner, name="李雷")
    body = {"zh-CN": {"text": "{{ customer.name }}，" + "好" * 70}}
    campaign = await draft(api, tenant.owner, name="短信", channel="sms", content=body)
    rendered = expect(
        await api.client.post(
            f"{API}/campaigns/{campaign['id']}/render",
            json={"customer_id": customer["id"]},
            headers=tenant.owner.headers,
        ),
        200,
    )
    assert rendered["text"].endswith(" 回T退订")
    assert rendered["sms_characters"] == len(rendered["text"]) == 2 + 1 + 70 + 5
    assert rendered["sms_parts"] == 2  # more than 70 Chinese characters: two parts of 67


async def test_bad_templates_and_names_are_refused_in_the_callers_language(api: Api) -> None:
    tenant = await api.signup()
    bad = {"zh-CN": {"subject": "{{ customer.name ", "html": "<p>{% if %}</p>"}}
    response = await api.client.post(
        f"{API}/campaigns",
        json={"name": "坏", "channel": "email", "content": bad},
        headers={**tenant.owner.headers, **ZH},
    )
    problem = expect(response, 422)
    assert [e["field"] for e in problem["errors"]] == ["content.zh-CN.subject", "content.zh-CN.html"]
    assert problem["errors"][0]["message"] == "不是有效的模板（第 1 行）"
    await draft(api, tenant.owner)
    taken = await draft(api, tenant.owner, 409)
    assert taken["code"] == "campaign_name_taken"
    unknown = await draft(api, tenant.owner, 422, name="别的", include_segment_ids=[str(uuid.uuid4())])
    assert unknown["errors"][0]["field"] == "include_segment_ids.0"


async def test_the_lifecycle_schedules_pauses_resumes_and_cancels(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    owner = tenant.owner
    empty = await draft(api, owner, name="空", content={"en": EMAIL["en"]})
    incomplete = await act(api, owner, empty["id"], "schedule", 422)
    assert sorted(e["field"] for e in incomplete["errors"]) == ["content.zh-CN", "include_segment_ids"]

    everyone = await segment(api, resources, tenant, "全部", rules("gender", "in", ["unknown"]))
    made = await api.client.post(
        f"{API}/campaigns",
        json={"name": "双十二", "channel": "email", "content": EMAIL, "include_segment_ids": [everyone]},
        headers=owner.headers,
    )
    campaign = expect(made, 201)
    stale_etag = made.headers["etag"]
    past = await act(api, owner, campaign["id"], "schedule", 422, {"scheduled_at": "2020-01-01T00:00:00Z"})
    assert past["errors"][0]["field"] == "scheduled_at"
    scheduled = await act(api, owner, campaign["id"], "schedule", body={"scheduled_at": "2030-12-12T02:00:00Z"})
    assert (scheduled["status"], scheduled["scheduled_at"]) == ("scheduled", "2030-12-12T02:00:00Z")
    assert scheduled["allowed_actions"] == ["pause", "cancel"]
    edit = await api.client.patch(f"{API}/campaigns/{campaign['id']}", json={"name": "改名"}, headers=owner.headers)
    assert expect(edit, 409)["code"] == "invalid_transition"
    stale = await api.client.patch(
        f"{API}/campaigns/{campaign['id']}", json={"name": "改名"}, headers={**owner.headers, "If-Match": stale_etag}
    )
    assert expect(stale, 412)["code"] == "version_mismatch"
    assert (await act(api, owner, campaign["id"], "pause"))["status"] == "paused"
    assert (await act(api, owner, campaign["id"], "resume"))["status"] == "scheduled"  # it had not started
    cancelled = await act(api, owner, campaign["id"], "cancel")
    assert (cancelled["status"], cancelled["allowed_actions"]) == ("cancelled", [])
    gone = await api.client.delete(f"{API}/campaigns/{campaign['id']}", headers=owner.headers)
    assert expect(gone, 409)["code"] == "invalid_transition"
    deleted = await api.client.delete(f"{API}/campaigns/{empty['id']}", headers=owner.headers)
    assert deleted.status_code == 204


async def test_with_approval_on_a_manager_approves_or_sends_back_what_marketing_schedules(
    api: Api, resources: Resources
) -> None:
    tenant = await api.signup()
    settings = await api.client.get(f"{API}/settings/marketing", headers=tenant.owner.headers)
    assert expect(settings, 200) == {
        "frequency_cap": 2,
        "frequency_days": 7,
        "quiet_start_minute": 1260,
        "quiet_end_minute": 480,
        "attribution_days": 7,
        "require_approval": False,
        "version": 0,
    }
    body = {**expect(settings, 200), "require_approval": True}
    body.pop("version")
    changed = await api.client.put(
        f"{API}/settings/marketing", json=body, headers={**tenant.owner.headers, "If-Match": settings.headers["etag"]}
    )
    assert expect(changed, 200)["require_approval"] is True
    stale = await api.client.put(
        f"{API}/settings/marketing", json=body, headers={**tenant.owner.headers, "If-Match": settings.headers["etag"]}
    )
    assert stale.status_code == 412

    marketer = await api.user(tenant, "marketing")
    manager = await api.user(tenant, "regional_manager")
    everyone = await segment(api, resources, tenant, "全部", rules("gender", "in", ["unknown"]))
    campaign = await draft(api, marketer, include_segment_ids=[everyone])
    waiting = await act(api, marketer, campaign["id"], "schedule")
    assert (waiting["status"], waiting["allowed_actions"]) == ("pending_approval", ["cancel"])
    # The managers who may approve it are asked in the bell; the marketer is not.
    assert await Relay(resources.sessions, [CampaignApprovalRequests()], tenant_id=uuid.UUID(tenant.id)).drain() == 1
    bell = expect(await api.client.get(f"{API}/notifications", headers=manager.headers), 200)["items"]
    assert [(n["kind"], n["title"], n["link"]) for n in bell] == [
        ("campaign.awaiting_approval", "营销活动「双十二」待审批", f"/campaigns/{campaign['id']}")
    ]
    assert expect(await api.client.get(f"{API}/notifications", headers=marketer.headers), 200)["items"] == []
    refused = await api.client.post(f"{API}/campaigns/{campaign['id']}/approve", json={}, headers=marketer.headers)
    assert refused.status_code == 403
    back = await act(api, manager, campaign["id"], "reject", body={"reason": "优惠力度太大"})
    assert (back["status"], back["reject_reason"]) == ("draft", "优惠力度太大")
    await act(api, marketer, campaign["id"], "schedule")
    approved = await act(api, manager, campaign["id"], "approve")
    assert approved["status"] == "scheduled"
    assert approved["approved_by"] == manager.user_id


async def test_a_store_scoped_marketer_targets_only_segments_and_customers_of_her_stores(
    api: Api, resources: Resources
) -> None:
    tenant = await api.signup()
    here = await api.store(tenant, "SH01")
    there = await api.store(tenant, "SH02")
    await api.customer(tenant.owner, name="本店", home_store_id=here)
    await api.customer(tenant.owner, name="别店", home_store_id=there)
    chain = await segment(api, resources, tenant, "全连锁", rules("gender", "in", ["unknown"]))
    marketer = await api.user(tenant, "marketing", scope={"kind": "store", "store_ids": [here]})
    refused = await draft(api, marketer, 422, include_segment_ids=[chain])
    assert refused["errors"][0]["field"] == "include_segment_ids.0"
    made = expect(
        await api.client.post(
            f"{API}/segments",
            json={"name": "本店全部", "rules": rules("gender", "in", ["unknown"])},
            headers=marketer.headers,
        ),
        201,
    )
    tid = uuid.UUID(tenant.id)
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        await membership.rebuild(system_ctx(session, tid, "test"), uuid.UUID(made["id"]))
    campaign = await draft(api, marketer, include_segment_ids=[made["id"]])
    assert campaign["store_ids"] == [here]
    audience = expect(await api.client.get(f"{API}/campaigns/{campaign['id']}/audience", headers=marketer.headers), 200)
    assert audience["customers"] == 1


async def test_a_test_send_reaches_the_staff_address_marked_as_a_test_and_records_no_customer(
    settings: Settings,
) -> None:
    async with mailing_app(settings, base_url="http://crm.test") as mailed:
        api = Api(mailed.client)
        tenant = await api.signup()
        customer = await api.customer(tenant.owner, name="王芳")
        campaign = await draft(api, tenant.owner)
        path = f"{API}/campaigns/{campaign['id']}/test"
        sent = expect(
            await api.client.post(
                path, json={"to": "Marketing@Example.com", "customer_id": customer["id"]}, headers=tenant.owner.headers
            ),
            200,
        )
        assert sent == {
            "channel": "email",
            "to": "marketing@example.com",
            "language": "zh-CN",
            "subject": "[测试] 王芳，双十二专享",
        }
        (message,) = await mailed.wait_for(1)
        assert (message.to, message.subject) == ("marketing@example.com", "[测试] 王芳，双十二专享")
        html = message.message.get_body(preferencelist=("html",)).get_content()
        assert "王芳您好" in html
        sample = expect(
            await api.client.post(path, json={"to": "m@example.com", "language": "en"}, headers=tenant.owner.headers),
            200,
        )
        assert sample["subject"] == "[Test] Hello Amy Wang"
        bad = await api.client.post(path, json={"to": "not-an-address"}, headers=tenant.owner.headers)
        assert expect(bad, 422)["errors"][0]["field"] == "to"
        audience = expect(
            await api.client.get(f"{API}/campaigns/{campaign['id']}/report", headers=tenant.owner.headers), 200
        )
        assert (audience["audience"], audience["sent"]) == (0, 0)
