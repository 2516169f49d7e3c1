"""Knowledge base for staff: create, read, change with If-Match, lifecycle, validation, search."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from api.state import Resources
from domain.integrations.models import OutboxEvent
from tenants.db import TenantScope, tenant_session
from tests.factories import Api, expect
from tests.kb_support import KB, article, publish, published

API_AUDIT = "/api/v1/audit-log"


async def test_create_get_and_patch_with_if_match(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    response = await api.client.post(
        KB,
        json={
            "title_zh": " 如何查询订单 ",
            "body_zh": "# 步骤\n打开 **追踪链接**。",
            "category": "订单",
            "tags": ["订单", " 物流 ", "订单"],
            "slug": "track-order",
        },
        headers=h,
    )
    created = expect(response, 201)
    assert response.headers["etag"] == '"1"'
    assert created["title_zh"] == "如何查询订单"
    assert created["title_en"] == ""
    assert created["tags"] == ["订单", "物流"]
    assert (created["status"], created["published_at"], created["version"]) == ("draft", None, 1)
    assert created["number"] == 1
    assert created["public_ref"] == "track-order"
    assert created["created_by"] == t.owner.user_id
    assert created["allowed_actions"] == ["edit", "publish", "archive"]
    second = await article(api, t.owner, title_en="Returns", body_en="Within 7 days.", body_zh="", title_zh="")
    assert (second["number"], second["public_ref"]) == (2, "2")

    got = await api.client.get(f"{KB}/{created['id']}", headers=h)
    assert expect(got, 200) == created
    patched = await api.client.patch(
        f"{KB}/{created['id']}",
        json={"title_en": "Tracking an order", "body_en": "Open the link."},
        headers={**h, "If-Match": got.headers["etag"]},
    )
    body = expect(patched, 200)
    assert patched.headers["etag"] == '"2"'
    assert (body["title_en"], body["version"], body["title_zh"]) == ("Tracking an order", 2, "如何查询订单")
    stale = await api.client.patch(
        f"{KB}/{created['id']}", json={"title_en": "Lost update"}, headers={**h, "If-Match": '"1"'}
    )
    assert expect(stale, 412)["code"] == "version_mismatch"
    assert expect(await api.client.get(f"{KB}/{created['id']}", headers=h), 200)["title_en"] == "Tracking an order"
    audit = expect(await api.client.get(API_AUDIT, params={"limit": 50}, headers=h), 200)["items"]
    actions = [e["action"] for e in audit if e["target_id"] == created["id"]]
    assert sorted(actions) == ["kb_article.created", "kb_article.updated"]


async def test_bad_input_is_422_and_changes_nothing(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    cases: list[tuple[dict[str, Any], str]] = [
        ({"body_zh": "没有标题"}, "title_zh"),
        ({"title_zh": "   "}, "title_zh"),
        ({"title_zh": "有标题", "body_en": "English body without an English title"}, "title_en"),
        ({"title_zh": "有标题", "status": "published"}, "status"),
        ({"title_zh": "有标题", "tenant_id": t.id}, "tenant_id"),
        ({"title_zh": "有标题", "slug": "Not A Slug"}, "slug"),
        ({"title_zh": "有标题", "slug": "12345"}, "slug"),
        ({"title_zh": "有标题", "tags": ["ok", " "]}, "tags"),
        ({"title_zh": "x" * 201}, "title_zh"),
    ]
    for body, field in cases:
        problem = expect(await api.client.post(KB, json=body, headers=h), 422)
        assert problem["code"] == "validation_failed", body
        assert field in [e["field"] for e in problem["errors"]], (body, problem)
    assert expect(await api.client.get(KB, headers=h), 200)["items"] == []
    a = await article(api, t.owner)
    for body, field in [({"version": 9}, "version"), ({"title_zh": ""}, "title_zh"), ({"tags": "x"}, "tags")]:
        problem = expect(await api.client.patch(f"{KB}/{a['id']}", json=body, headers=h), 422)
        assert field in [e["field"] for e in problem["errors"]], (body, problem)
    assert expect(await api.client.get(f"{KB}/{a['id']}", headers=h), 200) == a
    bad_if_match = await api.client.patch(
        f"{KB}/{a['id']}", json={"title_en": "x"}, headers={**h, "If-Match": "yesterday"}
    )
    assert expect(bad_if_match, 422)["errors"][0]["field"] == "If-Match"


async def test_slug_is_unique_per_tenant(api: Api) -> None:
    t = await api.signup()
    await article(api, t.owner, slug="returns")
    clash = await api.client.post(KB, json={"title_en": "Other", "slug": "returns"}, headers=t.owner.headers)
    assert expect(clash, 409)["code"] == "slug_taken"
    other = await api.signup()
    assert (await article(api, other.owner, slug="returns"))["slug"] == "returns"


async def test_lifecycle_publish_unpublish_archive_restore(api: Api, resources: Resources) -> None:
    t = await api.signup()
    h = t.owner.headers
    a = await article(api, t.owner)
    done = await publish(api, t.owner, a["id"])
    assert done["status"] == "published"
    assert done["published_at"] is not None
    assert done["allowed_actions"] == ["edit", "unpublish", "archive"]
    again = await api.client.post(f"{KB}/{a['id']}/publish", headers=h)
    problem = expect(again, 409)
    assert (problem["code"], problem["current_status"]) == ("invalid_transition", "published")
    stale = await api.client.post(f"{KB}/{a['id']}/unpublish", headers={**h, "If-Match": '"1"'})
    assert expect(stale, 412)["code"] == "version_mismatch"
    back = expect(await api.client.post(f"{KB}/{a['id']}/unpublish", headers=h), 200)
    assert (back["status"], back["published_at"]) == ("draft", None)
    archived = expect(await api.client.post(f"{KB}/{a['id']}/archive", headers=h), 200)
    assert archived["status"] == "archived"
    assert archived["allowed_actions"] == ["restore"]
    edit = await api.client.patch(f"{KB}/{a['id']}", json={"title_en": "x"}, headers=h)
    assert expect(edit, 409)["code"] == "invalid_transition"
    assert expect(await api.client.get(KB, headers=h), 200)["items"] == []
    listed = expect(await api.client.get(KB, params={"status": "archived"}, headers=h), 200)["items"]
    assert [i["id"] for i in listed] == [a["id"]]
    restored = expect(await api.client.post(f"{KB}/{a['id']}/restore", headers=h), 200)
    assert (restored["status"], restored["archived_at"], restored["version"]) == ("draft", None, 5)
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(t.id))) as session:
        events = await session.execute(
            select(OutboxEvent.topic, OutboxEvent.payload)
            .where(OutboxEvent.tenant_id == uuid.UUID(t.id), OutboxEvent.aggregate_id == uuid.UUID(a["id"]))
            .order_by(OutboxEvent.created_at, OutboxEvent.id)
        )
        rows = events.all()
    assert [topic for topic, _ in rows] == [
        "kb_article.published",
        "kb_article.unpublished",
        "kb_article.archived",
        "kb_article.restored",
    ]
    assert rows[0][1]["data"] == {"number": a["number"], "status": "published", "public_ref": str(a["number"])}


async def test_publishing_needs_a_language_with_title_and_body(api: Api) -> None:
    t = await api.signup()
    a = await article(api, t.owner, body_zh="")
    problem = expect(await api.client.post(f"{KB}/{a['id']}/publish", headers=t.owner.headers), 409)
    assert problem["code"] == "article_incomplete"
    assert expect(await api.client.get(f"{KB}/{a['id']}", headers=t.owner.headers), 200)["status"] == "draft"


async def test_list_filters_and_keyset_pages(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    ids = []
    for i in range(5):
        a = await article(
            api, t.owner, title_en=f"Note {i}", category="订单" if i % 2 else "会员", tags=[f"t{i}", "All"]
        )
        ids.append(a["id"])
    await publish(api, t.owner, ids[1])
    page1 = expect(await api.client.get(KB, params={"limit": 2}, headers=h), 200)
    page2 = expect(await api.client.get(KB, params={"limit": 2, "cursor": page1["next_cursor"]}, headers=h), 200)
    page3 = expect(await api.client.get(KB, params={"limit": 2, "cursor": page2["next_cursor"]}, headers=h), 200)
    assert [i["id"] for i in page1["items"] + page2["items"] + page3["items"]] == ids[::-1]
    assert page3["next_cursor"] is None
    assert "body_zh" not in page1["items"][0]

    def listed(**params: Any) -> Any:
        return api.client.get(KB, params=params, headers=h)

    assert [i["id"] for i in expect(await listed(category="订单"), 200)["items"]] == [ids[3], ids[1]]
    assert [i["id"] for i in expect(await listed(status="published"), 200)["items"]] == [ids[1]]
    assert [i["id"] for i in expect(await listed(tag="T2"), 200)["items"]] == [ids[2]]
    assert len(expect(await listed(tag="all"), 200)["items"]) == 5
    assert expect(await listed(status="gone"), 422)["status"] == 422
    assert expect(await listed(limit=500), 422)["status"] == 422


async def test_search_chinese_pinyin_english_and_body(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    returns = await article(api, t.owner, title_zh="会员积分兑换规则", body_zh="积分可以在门店兑换礼品。")
    shipping = await article(
        api, t.owner, title_zh="", body_zh="", title_en="Shipping times", body_en="Orders ship within two days."
    )
    tagged = await article(api, t.owner, title_zh="发票说明", tags=["增值税"], body_zh="开具电子发票。")

    async def found(q: str) -> list[str]:
        return [i["id"] for i in expect(await api.client.get(KB, params={"q": q}, headers=h), 200)["items"]]

    assert await found("积分兑换") == [returns["id"]]  # Chinese substring of the title
    assert await found("兑换规") == [returns["id"]]
    assert await found("hyjf") == [returns["id"]]  # pinyin initials of 会员积分
    assert await found("jfdh") == [returns["id"]]  # …from any start position
    assert await found("ship") == [shipping["id"]]  # English word prefix
    assert await found("Shipping") == [shipping["id"]]
    assert await found("two") == [shipping["id"]]  # a word of the body
    assert await found("礼品") == [returns["id"]]  # Chinese in the body
    assert await found("增值税") == [tagged["id"]]  # a tag
    assert await found("则积") == []  # both characters exist, never side by side
    assert await found("门店礼品") == []  # every bigram? no: 店礼 is missing
    # The search index follows edits.
    expect(
        await api.client.patch(f"{KB}/{returns['id']}", json={"title_zh": "会员等级说明"}, headers=h),
        200,
    )
    assert await found("积分兑换") == []
    assert await found("门店兑换") == [returns["id"]]  # the body still has it
    assert await found("hyjf") == []
    assert await found("等级") == [returns["id"]]


async def test_long_bodies_are_indexed_up_to_the_cap(api: Api) -> None:
    from domain.kb.search import MAX_BODY_TERMS, body_terms

    text = "".join(chr(0x4E00 + i) for i in range(3000))
    assert len(body_terms(text)) == MAX_BODY_TERMS
    t = await api.signup()
    a = await article(api, t.owner, title_zh="长文", body_zh=text)
    early = text[10:13]
    found = expect(await api.client.get(KB, params={"q": early}, headers=t.owner.headers), 200)["items"]
    assert [i["id"] for i in found] == [a["id"]]


async def test_support_manages_and_sales_cannot_read(api: Api) -> None:
    t = await api.signup()
    support = await api.user(t, "support")
    a = await article(api, support)
    assert a["created_by"] == support.user_id
    await publish(api, support, a["id"])
    sales = await api.user(t, "sales")
    denied = await api.client.get(KB, headers=sales.headers)
    assert (denied.status_code, denied.json()["permission"]) == (403, "kb:read")
    reader_role = await api.custom_role(t, "kb-reader", ["kb:read"])
    assert reader_role
    reader = await api.user(t, "kb-reader")
    shown = expect(await api.client.get(f"{KB}/{a['id']}", headers=reader.headers), 200)
    assert shown["allowed_actions"] == []
    write = await api.client.post(KB, json={"title_zh": "x"}, headers=reader.headers)
    assert (write.status_code, write.json()["permission"]) == (403, "kb:manage")


async def test_published_article_stays_findable_by_number(api: Api) -> None:
    t = await api.signup()
    p = await published(api, t.owner, title_en="FAQ", body_en="Questions.")
    assert p["public_ref"] == str(p["number"])
