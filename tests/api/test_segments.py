"""Segments over HTTP: the field catalogue, previews that count exactly what the rules say (and
what the caller may see), rule problems named by their path in the caller's language, dynamic
segments built by a job and kept current by events, static segments kept by hand, snapshots,
the size history, and store-scoped marketers fenced to their stores."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio

from api.state import Resources
from api.worker import JobWorker
from domain.integrations.relay import Relay
from domain.marketing.consumers import SegmentMembership
from tests.factories import Actor, Api, Tenant, expect
from tests.orders_support import API, act, create_order, shop

ZH = {"Accept-Language": "zh-CN"}


def cond(field: str, operator: str, value: Any = None, days: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "condition", "field": field, "operator": operator, "value": value}
    if days is not None:
        out["days"] = days
    return out


def group(match: str, *conditions: dict[str, Any]) -> dict[str, Any]:
    return {"type": "group", "match": match, "conditions": list(conditions)}


@pytest_asyncio.fixture(loop_scope="session")
async def job_worker(resources: Resources) -> AsyncIterator[None]:
    stop = asyncio.Event()
    task = asyncio.create_task(JobWorker(resources).run(stop))
    yield
    stop.set()
    await asyncio.wait_for(task, 15)


async def preview(api: Api, actor: Actor, rules: dict[str, Any], status: int = 200, **extra: Any) -> Any:
    response = await api.client.post(f"{API}/segments/preview", json={"rules": rules, **extra}, headers=actor.headers)
    return expect(response, status)


async def create(api: Api, actor: Actor, status: int = 201, **body: Any) -> Any:
    return expect(await api.client.post(f"{API}/segments", json=body, headers=actor.headers), status)


async def built(api: Api, actor: Actor, segment_id: str, seconds: float = 30) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        segment = expect(await api.client.get(f"{API}/segments/{segment_id}", headers=actor.headers), 200)
        if segment["state"] == "ready":
            return segment
        assert time.monotonic() < deadline, f"the segment is still {segment['state']}"
        await asyncio.sleep(0.1)


async def member_names(api: Api, actor: Actor, segment_id: str) -> list[str]:
    page = expect(
        await api.client.get(f"{API}/segments/{segment_id}/members", params={"limit": 200}, headers=actor.headers), 200
    )
    return sorted(m["name"] for m in page["items"])


async def people(api: Api, tenant: Tenant, **home: str) -> dict[str, str]:
    """Five customers with known attributes: name → id."""
    specs = [
        {
            "name": "王芳",
            "gender": "female",
            "tags": ["VIP", "茶"],
            "birthday": "1990-03-15",
            "email": "wf@example.com",
        },
        {"name": "李雷", "gender": "male", "tags": ["茶"], "birthday": "2001-07-01", "lifecycle_stage": "customer"},
        {"name": "韩梅", "gender": "female", "tags": [], "consent": {"sms": {"granted": True}}, "phone": "13800138001"},
        {"name": "赵强", "gender": "male", "tags": ["VIP"], "lifecycle_stage": "vip"},
        {"name": "钱多", "gender": "unknown", "tags": ["咖啡"], "birthday": "1960-12-31"},
    ]
    out = {}
    for spec in specs:
        if spec["name"] in home:
            spec = {**spec, "home_store_id": home[spec["name"]]}
        out[spec["name"]] = (await api.customer(tenant.owner, **spec))["id"]
    return out


async def test_the_field_catalogue_lists_fixed_fields_tiers_and_custom_fields(api: Api) -> None:
    tenant = await api.signup()
    headers = tenant.owner.headers
    await api.client.post(
        f"{API}/custom-fields",
        json={"entity": "customer", "key": "shoe_size", "label_zh": "鞋码", "label_en": "Shoe size", "type": "number"},
        headers=headers,
    )
    catalogue = expect(await api.client.get(f"{API}/segments/fields", headers=headers), 200)
    by_key = {f["key"]: f for f in catalogue["items"]}
    assert {"lifecycle_stage", "spend", "bought_category", "tier", "rfm_segment", "custom.shoe_size"} <= set(by_key)
    assert by_key["spend"]["windowed"] is True
    assert by_key["spend"]["kind"] == "money"
    assert by_key["custom.shoe_size"]["label_zh"] == "鞋码"
    assert "between" in by_key["custom.shoe_size"]["operators"]
    assert by_key["birthday_month"]["minimum"] == 1
    assert by_key["birthday_month"]["maximum"] == 12
    assert [o["value"] for o in by_key["tier"]["options"]] == [""]  # no program yet: only "no tier"
    assert len(by_key["rfm_segment"]["options"]) == 11
    assert catalogue["currency"] == "CNY"


async def test_preview_counts_exactly_what_attribute_rules_select(api: Api) -> None:
    tenant = await api.signup()
    ids = await people(api, tenant)
    owner = tenant.owner

    async def names(rules: dict[str, Any]) -> list[str]:
        found = await preview(api, owner, rules)
        assert found["count"] == len(found["sample"])
        return sorted(m["name"] for m in found["sample"])

    assert await names(group("all", cond("gender", "in", ["female"]))) == ["王芳", "韩梅"]
    assert await names(group("all", cond("tags", "any_of", ["VIP"]))) == ["王芳", "赵强"]
    assert await names(group("all", cond("tags", "all_of", ["VIP", "茶"]))) == ["王芳"]
    assert await names(group("all", cond("tags", "none_of", ["VIP", "茶"]))) == ["钱多", "韩梅"]
    assert await names(group("all", cond("birthday_month", "in", [3, 12]))) == ["王芳", "钱多"]
    assert await names(group("all", cond("age", "gte", 60))) == ["钱多"]
    assert await names(group("all", cond("has_email", "eq", True))) == ["王芳"]
    assert await names(group("all", cond("sms_consent", "eq", True))) == ["韩梅"]
    nested = group(
        "any",
        cond("lifecycle_stage", "in", ["vip"]),
        group("all", cond("gender", "in", ["male"]), cond("tags", "any_of", ["茶"])),
    )
    assert await names(nested) == ["李雷", "赵强"]
    sample = (await preview(api, owner, group("all", cond("has_phone", "eq", True))))["sample"]
    assert [(m["name"], m["phone"]) for m in sample] == [("韩梅", "138****8001")]
    assert set(ids) == {"王芳", "李雷", "韩梅", "赵强", "钱多"}


async def test_preview_of_behaviour_counts_customers_without_orders_where_the_rule_holds_for_them(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    other = (await api.customer(owner, name="没买过"))["id"]
    order = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 2}])
    total = (await act(api, owner, order["id"], "submit"))["total"]  # approved: a purchase
    draft = await create_order(api, owner, s, [{"product_id": s.products["B"], "quantity": 1}])
    assert draft["status"] == "draft"  # not a purchase

    async def names(rules: dict[str, Any]) -> list[str]:
        return sorted(m["name"] for m in (await preview(api, owner, rules))["sample"])

    assert await names(group("all", cond("order_count", "gte", 1))) == ["张三丰"]
    assert await names(group("all", cond("order_count", "lt", 1))) == ["没买过"]
    assert await names(group("all", cond("spend", "gt", total, days=30))) == []
    assert await names(group("all", cond("spend", "between", [total, total], days=30))) == ["张三丰"]
    assert await names(group("all", cond("average_basket", "gte", total))) == ["张三丰"]
    assert await names(group("all", cond("spend", "lte", "100"))) == ["没买过"]
    assert await names(group("all", cond("last_purchase_at", "in_last_days", 7))) == ["张三丰"]
    assert await names(group("all", cond("last_purchase_at", "is_not_set"))) == ["没买过"]
    assert await names(group("all", cond("bought_product", "any_of", [s.products["A"]]))) == ["张三丰"]
    assert await names(group("all", cond("bought_product", "any_of", [s.products["B"]]))) == []  # the draft
    assert await names(group("all", cond("bought_product", "none_of", [s.products["A"]]))) == ["没买过"]
    assert await names(group("all", cond("open_tickets", "eq", 0))) == ["张三丰", "没买过"]
    assert await names(group("all", cond("tier", "in", [""]))) == ["张三丰", "没买过"]
    assert other


async def test_bad_rules_are_a_422_naming_each_condition_in_the_callers_language(api: Api) -> None:
    tenant = await api.signup()
    rules = group(
        "all",
        cond("shoe_colour", "eq", "red"),
        group("any", cond("spend", "in_last_days", 3), cond("gender", "in", ["robot"])),
        cond("open_tickets", "gte", 1, days=30),
    )
    problem = await preview(api, tenant.owner, rules, 422)
    fields = [e["field"] for e in problem["errors"]]
    assert fields == [
        "rules.conditions.0.field",
        "rules.conditions.1.conditions.0.operator",
        "rules.conditions.1.conditions.1.value",
        "rules.conditions.2.days",
    ]
    response = await api.client.post(
        f"{API}/segments/preview", json={"rules": rules}, headers={**tenant.owner.headers, **ZH}
    )
    problem = expect(response, 422)
    assert problem["detail"] == "客户分群的规则无效。"
    assert problem["errors"][0]["message"] == "不是客户分群可用的字段（见 GET /segments/fields）"
    count = expect(await api.client.get(f"{API}/segments", headers=tenant.owner.headers), 200)
    assert count["items"] == []


async def test_a_dynamic_segment_is_built_by_a_job_then_follows_orders_through_events(
    api: Api, resources: Resources, job_worker: None
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    await api.customer(owner, name="没买过")
    rules = group("all", cond("order_count", "gte", 1))
    segment = await create(api, owner, name="买过的人", rules=rules)
    assert (segment["state"], segment["kind"], segment["member_count"]) == ("building", "dynamic", 0)
    segment = await built(api, owner, segment["id"])
    assert segment["member_count"] == 0
    again = await create(api, owner, 409, name="买过的人", kind="static")
    assert again["code"] == "segment_name_taken"

    order = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    await act(api, owner, order["id"], "submit")
    relay = Relay(resources.sessions, [SegmentMembership()], tenant_id=uuid.UUID(s.tenant.id))
    await relay.drain()
    segment = expect(await api.client.get(f"{API}/segments/{segment['id']}", headers=owner.headers), 200)
    assert segment["member_count"] == 1
    assert await member_names(api, owner, segment["id"]) == ["张三丰"]

    await act(api, owner, order["id"], "cancel", body={"reason": "客户改主意"})
    await relay.drain()
    assert await member_names(api, owner, segment["id"]) == []
    history = expect(await api.client.get(f"{API}/segments/{segment['id']}/history", headers=owner.headers), 200)
    today = history["items"][-1]
    assert (today["joined"], today["left"], today["size"]) == (1, 1, 0)


async def test_rules_change_with_if_match_and_a_stale_version_is_a_412(api: Api, job_worker: None) -> None:
    tenant = await api.signup()
    await people(api, tenant)
    owner = tenant.owner
    made = await api.client.post(
        f"{API}/segments",
        json={"name": "女性", "rules": group("all", cond("gender", "in", ["female"]))},
        headers=owner.headers,
    )
    segment = expect(made, 201)
    etag = made.headers["etag"]
    await built(api, owner, segment["id"])
    assert await member_names(api, owner, segment["id"]) == ["王芳", "韩梅"]
    body = {"rules": group("all", cond("gender", "in", ["male"]))}
    changed = await api.client.patch(
        f"{API}/segments/{segment['id']}", json=body, headers={**owner.headers, "If-Match": etag}
    )
    assert expect(changed, 200)["state"] == "building"
    stale = await api.client.patch(
        f"{API}/segments/{segment['id']}", json={"name": "男性"}, headers={**owner.headers, "If-Match": etag}
    )
    assert expect(stale, 412)["code"] == "version_mismatch"
    await built(api, owner, segment["id"])
    assert await member_names(api, owner, segment["id"]) == ["李雷", "赵强"]


async def test_static_segments_are_kept_by_hand_and_a_snapshot_freezes_a_dynamic_one(
    api: Api, job_worker: None
) -> None:
    tenant = await api.signup()
    ids = await people(api, tenant)
    owner = tenant.owner
    static = await create(api, owner, name="活动名单", kind="static")
    assert static["state"] == "ready"
    path = f"{API}/segments/{static['id']}/members"
    added = expect(
        await api.client.post(path, json={"customer_ids": [ids["王芳"], ids["李雷"]]}, headers=owner.headers), 200
    )
    assert added == {"added": 2, "removed": 0, "member_count": 2}
    again = expect(await api.client.post(path, json={"customer_ids": [ids["王芳"]]}, headers=owner.headers), 200)
    assert again["added"] == 0
    assert again["member_count"] == 2
    removed = expect(
        await api.client.post(f"{path}/remove", json={"customer_ids": [ids["李雷"]]}, headers=owner.headers), 200
    )
    assert removed == {"added": 0, "removed": 1, "member_count": 1}
    unknown = await api.client.post(path, json={"customer_ids": [str(uuid.uuid4())]}, headers=owner.headers)
    assert expect(unknown, 422)["errors"][0]["field"] == "customer_ids"
    assert await member_names(api, owner, static["id"]) == ["王芳"]
    rules = await api.client.patch(
        f"{API}/segments/{static['id']}",
        json={"rules": group("all", cond("gender", "in", ["male"]))},
        headers=owner.headers,
    )
    assert expect(rules, 409)["code"] == "segment_kind_mismatch"

    dynamic = await create(api, owner, name="VIP", rules=group("all", cond("tags", "any_of", ["VIP"])))
    await built(api, owner, dynamic["id"])
    frozen = expect(
        await api.client.post(
            f"{API}/segments/{dynamic['id']}/snapshot", json={"name": "VIP 12月"}, headers=owner.headers
        ),
        201,
    )
    assert (frozen["kind"], frozen["member_count"]) == ("static", 2)
    assert await member_names(api, owner, frozen["id"]) == ["王芳", "赵强"]
    not_dynamic = await api.client.post(
        f"{API}/segments/{dynamic['id']}/members", json={"customer_ids": [ids["钱多"]]}, headers=owner.headers
    )
    assert expect(not_dynamic, 409)["code"] == "segment_kind_mismatch"


async def test_a_store_scoped_marketer_previews_and_fences_segments_to_her_stores(api: Api, job_worker: None) -> None:
    tenant = await api.signup()
    here = await api.store(tenant, "SH01")
    there = await api.store(tenant, "SH02")
    await people(api, tenant, 王芳=here, 李雷=here, 韩梅=there)
    marketer = await api.user(tenant, "marketing", scope={"kind": "store", "store_ids": [here]})
    everyone = group("all", cond("gender", "in", ["female", "male", "unknown"]))

    assert (await preview(api, marketer, everyone))["count"] == 2  # her store's members only
    assert (await preview(api, tenant.owner, everyone))["count"] == 5
    outside = await preview(api, marketer, everyone, 422, store_ids=[there])
    assert outside["errors"][0]["field"] == "store_ids.0"

    mine = await create(api, marketer, name="本店全部", rules=everyone)
    assert mine["store_ids"] == [here]
    chain = await create(api, tenant.owner, name="全连锁", rules=everyone)
    await built(api, marketer, mine["id"])
    assert await member_names(api, marketer, mine["id"]) == ["李雷", "王芳"]
    listed = expect(await api.client.get(f"{API}/segments", headers=marketer.headers), 200)
    assert [s["name"] for s in listed["items"]] == ["本店全部"]
    hidden = await api.client.get(f"{API}/segments/{chain['id']}", headers=marketer.headers)
    assert expect(hidden, 404)["code"] == "not_found"
    sales = await api.user(tenant, "sales")
    refused = await api.client.post(f"{API}/segments/preview", json={"rules": everyone}, headers=sales.headers)
    assert refused.status_code == 403


async def test_custom_fields_regions_and_unknown_values_evaluate_per_operator(api: Api) -> None:
    tenant = await api.signup()
    owner = tenant.owner
    east = await api.region(tenant, "华东")
    shanghai = await api.store(tenant, "SH01", region="华东")
    beijing = await api.store(tenant, "BJ01")
    fields = [
        {"entity": "customer", "key": "shoe_size", "label_zh": "鞋码", "type": "number"},
        {"entity": "customer", "key": "budget", "label_zh": "预算", "type": "decimal"},
        {"entity": "customer", "key": "joined_club", "label_zh": "入会日", "type": "date"},
        {"entity": "customer", "key": "smoker", "label_zh": "吸烟", "type": "boolean"},
        {
            "entity": "customer",
            "key": "channel",
            "label_zh": "渠道",
            "type": "select",
            "options": [{"value": "wechat"}, {"value": "shop"}],
        },
        {
            "entity": "customer",
            "key": "likes",
            "label_zh": "偏好",
            "type": "multiselect",
            "options": [{"value": "tea"}, {"value": "coffee"}],
        },
        {"entity": "customer", "key": "nickname", "label_zh": "昵称", "type": "text"},
    ]
    for field in fields:
        expect(await api.client.post(f"{API}/custom-fields", json=field, headers=owner.headers), 201)
    await api.customer(
        owner,
        name="甲",
        home_store_id=shanghai,
        custom={
            "shoe_size": 38,
            "budget": "99.50",
            "joined_club": "2024-05-01",
            "smoker": False,
            "channel": "wechat",
            "likes": ["tea"],
            "nickname": "小甲",
        },
    )
    await api.customer(
        owner,
        name="乙",
        home_store_id=beijing,
        custom={
            "shoe_size": 42,
            "budget": "1200",
            "joined_club": "2025-11-11",
            "smoker": True,
            "channel": "shop",
            "likes": ["tea", "coffee"],
        },
    )
    await api.customer(owner, name="丙")  # no home store, no custom values

    async def names(*conditions: dict[str, Any]) -> list[str]:
        return sorted(m["name"] for m in (await preview(api, owner, group("all", *conditions)))["sample"])

    assert await names(cond("custom.shoe_size", "between", [36, 40])) == ["甲"]
    assert await names(cond("custom.shoe_size", "gt", 40)) == ["乙"]
    assert await names(cond("custom.budget", "gte", "100")) == ["乙"]
    assert await names(cond("custom.joined_club", "before", "2025-01-01")) == ["甲"]
    assert await names(cond("custom.joined_club", "between", ["2025-01-01", "2025-12-31"])) == ["乙"]
    assert await names(cond("custom.smoker", "eq", True)) == ["乙"]
    assert await names(cond("custom.smoker", "eq", False)) == ["丙", "甲"]  # unset reads as no
    assert await names(cond("custom.channel", "in", ["wechat"])) == ["甲"]
    assert await names(cond("custom.channel", "not_in", ["wechat"])) == ["丙", "乙"]  # unknown is "not wechat"
    assert await names(cond("custom.likes", "all_of", ["tea", "coffee"])) == ["乙"]
    assert await names(cond("custom.likes", "none_of", ["coffee"])) == ["丙", "甲"]
    assert await names(cond("custom.nickname", "is_set")) == ["甲"]
    assert await names(cond("custom.nickname", "neq", "小甲")) == ["丙", "乙"]
    assert await names(cond("custom.shoe_size", "is_not_set")) == ["丙"]
    assert await names(cond("region", "in", [east])) == ["甲"]
    assert await names(cond("region", "not_in", [east])) == ["丙", "乙"]
    assert await names(cond("home_store", "is_not_set")) == ["丙"]
    assert await names(cond("home_store", "not_in", [shanghai])) == ["丙", "乙"]
    assert await names(cond("created_at", "in_last_days", 1)) == ["丙", "乙", "甲"]
    assert await names(cond("created_at", "before", "2020-01-01")) == []
    # Another tenant's catalogue does not list these fields, and its rules cannot name them.
    other = await api.signup()
    theirs = expect(await api.client.get(f"{API}/segments/fields", headers=other.owner.headers), 200)
    assert not [f["key"] for f in theirs["items"] if f["key"].startswith("custom.")]
    refused = await preview(api, other.owner, group("all", cond("custom.shoe_size", "gt", 1)), 422)
    assert refused["errors"][0]["field"] == "rules.conditions.0.field"
