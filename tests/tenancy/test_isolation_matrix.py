"""Cross-tenant matrix built from the app's own route table (DESIGN rules 6 and 9).

Tenant A owns one of each resource. Tenant B's owner and a B API key holding every permission
call every /api/v1 route that takes an id, with A's id: each answer is exactly the 404 a missing
id gets, and A's data and audit log are unchanged afterwards. A new `{x_id}` path parameter
fails the test until it is added to the map below, so new routes are never silently skipped.
B's lists and searches never contain A's rows.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import Litestar
from litestar.routes import HTTPRoute

from api.state import Resources
from api.worker import build_job_handlers
from domain.integrations import jobs
from domain.integrations.models import Notification
from tenants.db import TenantScope, tenant_session
from tenants.permissions import ALL_PERMISSIONS
from tests.factories import Actor, Api, Tenant, expect

API = "/api/v1"
ID_PARAM = re.compile(r"\{(\w+_id):uuid\}")
# Lists that are not tenant data: the caller's own profile, the static permission catalogue, the
# tenant's single settings object, the endless live stream (SSE) and the dev mailbox and SMS outbox (messages, not rows);
# the segment field catalogue and the RFM grid have the same fixed rows for every tenant (their
# tenant parts, custom fields and counts, are checked in tests/api/test_segments.py).
NOT_TENANT_LISTS = {
    f"{API}/segments/fields",
    f"{API}/segments/rfm",
    f"{API}/me",
    f"{API}/permissions",
    f"{API}/signup/slug",
    f"{API}/events/stream",
    f"{API}/dev/mailbox",
    f"{API}/dev/sms",
}
# A minimal, valid body per method for routes that take one (else no body is sent).
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    (f"{API}/customers/{{customer_id:uuid}}", "PATCH"): {"name": "B was here"},
    (f"{API}/users/{{user_id:uuid}}", "PATCH"): {"name": "B was here"},
    (f"{API}/roles/{{role_id:uuid}}", "PATCH"): {"name": "B was here"},
    (f"{API}/regions/{{region_id:uuid}}", "PATCH"): {"name": "B was here"},
    (f"{API}/stores/{{store_id:uuid}}", "PATCH"): {"name": "B was here"},
    (f"{API}/product-categories/{{category_id:uuid}}", "PATCH"): {"name": "B was here"},
    (f"{API}/products/{{product_id:uuid}}", "PATCH"): {"name_zh": "B was here"},
    (f"{API}/kb-articles/{{article_id:uuid}}", "PATCH"): {"title_zh": "B was here"},
    (f"{API}/tickets/{{ticket_id:uuid}}", "PATCH"): {"subject": "B was here"},
    (f"{API}/ticket-categories/{{ticket_category_id:uuid}}", "PATCH"): {"name": "B was here"},
    (f"{API}/customers/{{customer_id:uuid}}/activities/{{activity_id:uuid}}", "PATCH"): {"body": "B was here"},
    (f"{API}/custom-fields/{{field_id:uuid}}", "PATCH"): {"label_en": "B was here"},
    (f"{API}/segments/{{segment_id:uuid}}", "PATCH"): {"name": "B was here"},
    (f"{API}/campaigns/{{campaign_id:uuid}}", "PATCH"): {"name": "B was here"},
}
# Staff-only resources: an API key is refused (403 not_a_user) before any id is looked at.
USER_ONLY = (f"{API}/notifications/", f"{API}/jobs/", f"{API}/imports/")
# Bodies of lifecycle actions: schema-valid (else the answer would be 422, not 404), sent by B only;
# A's own lifecycles are covered by the order and transfer suites.
ACTION_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    (f"{API}/orders/{{order_id:uuid}}", "PATCH"): {"note": "B was here"},  # drafts only; A's order is delivered
    (f"{API}/orders/{{order_id:uuid}}/reject", "POST"): {"reason": "B was here"},
    (f"{API}/orders/{{order_id:uuid}}/cancel", "POST"): {"reason": "B was here"},
    (f"{API}/orders/{{order_id:uuid}}/ship", "POST"): {"carrier": "SF", "tracking_number": "SF1"},
    (f"{API}/orders/{{order_id:uuid}}/payments", "POST"): {"method": "cash", "amount": "1.00", "reference": "B"},
    (f"{API}/returns/{{return_id:uuid}}/reject", "POST"): {"reason": "B was here"},
    (f"{API}/returns/{{return_id:uuid}}/receive", "POST"): {},
    (f"{API}/returns/{{return_id:uuid}}/refund", "POST"): {"method": "cash", "amount": "1.00"},
    (f"{API}/tickets/{{ticket_id:uuid}}/assign", "POST"): {"auto": True},
    (f"{API}/tickets/{{ticket_id:uuid}}/comments", "POST"): {"body": "B was here", "public": True},
    (f"{API}/customers/{{customer_id:uuid}}/activities", "POST"): {"kind": "call", "body": "B was here"},
    (f"{API}/customers/{{customer_id:uuid}}/merge", "POST"): {"other_id": "0190f3c2-6b1e-7c4a-9d2e-3f4a5b6c7d8e"},
    (f"{API}/customers/{{customer_id:uuid}}/loyalty/adjustments", "POST"): {"points": 5, "reason": "B was here"},
    (f"{API}/imports/{{import_id:uuid}}/start", "POST"): {"mapping": {"姓名": "name"}},
    (f"{API}/segments/{{segment_id:uuid}}/members", "POST"): {"customer_ids": ["0190f3c2-6b1e-7c4a-9d2e-3f4a5b6c7d8e"]},
    (f"{API}/segments/{{segment_id:uuid}}/members/remove", "POST"): {
        "customer_ids": ["0190f3c2-6b1e-7c4a-9d2e-3f4a5b6c7d8e"]
    },
    (f"{API}/segments/{{segment_id:uuid}}/snapshot", "POST"): {"name": "B was here"},
    (f"{API}/campaigns/{{campaign_id:uuid}}/schedule", "POST"): {},
    (f"{API}/campaigns/{{campaign_id:uuid}}/reject", "POST"): {"reason": "B was here"},
    (f"{API}/campaigns/{{campaign_id:uuid}}/test", "POST"): {"to": "b@example.com"},
    (f"{API}/campaigns/{{campaign_id:uuid}}/render", "POST"): {"customer_id": "0190f3c2-6b1e-7c4a-9d2e-3f4a5b6c7d8e"},
}


@dataclass
class World:
    a: Tenant
    b: Tenant
    b_key: Actor
    ids: dict[str, str]  # path parameter name → A's id
    customer: dict[str, Any]
    line_id: str  # A's order line


def order_bodies(world: World) -> dict[tuple[str, str], dict[str, Any]]:
    """Bodies that name A's own line or product ids (still schema-valid for B's calls)."""
    line = {"product_id": world.ids["product_id"], "quantity": 1}
    return {
        (f"{API}/orders/{{order_id:uuid}}/fulfil", "POST"): {"lines": [{"line_id": world.line_id, "quantity": 1}]},
        (f"{API}/orders/{{order_id:uuid}}/edit", "POST"): {"lines": [line]},
        (f"{API}/orders/{{order_id:uuid}}/lines", "PUT"): {"lines": [line]},
        (f"{API}/orders/{{order_id:uuid}}/customer", "POST"): {"customer_id": world.customer["id"]},
        (f"{API}/orders/{{order_id:uuid}}/returns", "POST"): {
            "lines": [{"line_id": world.line_id, "quantity": 1}],
            "reason": "B was here",
        },
        (f"{API}/tickets/{{ticket_id:uuid}}/returns", "POST"): {
            "lines": [{"line_id": world.line_id, "quantity": 1}],
            "reason": "B was here",
        },
    }


async def add_notification(resources: Resources, tenant_id: str, user_id: str) -> str:
    """A notification for A's owner, written as the worker would (inside A's tenant)."""
    note = Notification(tenant_id=uuid.UUID(tenant_id), user_id=uuid.UUID(user_id), kind="test", title="A only")
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(tenant_id))) as session:
        session.add(note)
        await session.flush()
        return str(note.id)


async def run_export(api: Api, resources: Resources, tenant: Tenant) -> str:
    """An export of A's, run to its end as the worker would: every job route has A's job and file."""
    body = {"resource": "customers"}
    job = expect(await api.client.post(f"{API}/exports", json=body, headers=tenant.owner.headers), 202)
    entry = msgspec.json.encode({"tenant_id": tenant.id, "job_id": job["id"]})
    await jobs.run(resources.sessions, resources.files, build_job_handlers(resources), entry)
    return str(job["id"])


async def run_import(api: Api, resources: Resources, tenant: Tenant) -> str:
    """An import of A's with a bad row, run to its end: every import route has A's import and report."""
    content = "姓名,手机\r\n郭靖,13912340000\r\n坏,123\r\n".encode("gbk")
    response = await api.client.post(
        f"{API}/imports",
        data={"resource": "customers"},
        files={"file": ("a.csv", content, "text/csv")},
        headers=tenant.owner.headers,
    )
    preview = expect(response, 201)
    body = {"mapping": preview["mapping"]}
    started = await api.client.post(f"{API}/imports/{preview['id']}/start", json=body, headers=tenant.owner.headers)
    entry = msgspec.json.encode({"tenant_id": tenant.id, "job_id": expect(started, 202)["job_id"]})
    await jobs.run(resources.sessions, resources.files, build_job_handlers(resources), entry)
    return str(preview["id"])


async def build_world(api: Api, resources: Resources) -> World:
    a = await api.signup()
    region_id = await api.region(a, "华东")
    store_id = await api.store(a, "SH01", "华东")
    role_id = await api.custom_role(a, "night-shift", ["customers:read", "stores:read"])
    user = await api.user(a, "night-shift", scope={"kind": "store", "store_ids": [store_id]})
    _, key = await api.create_api_key(a, ["customers:read"])
    customer = await api.customer(
        a.owner, name="欧阳锋", phone="13912345678", email="ouyang@example.com", home_store_id=store_id
    )
    h = a.owner.headers
    other_store = await api.store(a, "SH02", "华东")
    category = expect(await api.client.post(f"{API}/product-categories", json={"name": "饮料"}, headers=h), 201)
    product = expect(
        await api.client.post(
            f"{API}/products",
            json={
                "sku": "A-TEA",
                "barcode": "6900000000017",
                "name_zh": "乌龙茶",
                "list_price": "12.50",
                "category_id": category["id"],
            },
            headers=h,
        ),
        201,
    )
    expect(
        await api.client.post(
            f"{API}/inventory/adjustments",
            json={
                "store_id": store_id,
                "product_id": product["id"],
                "quantity_delta": 10,
                "reason": "opening",
                "kind": "receipt",
            },
            headers=h,
        ),
        201,
    )
    transfer = expect(
        await api.client.post(
            f"{API}/transfers",
            json={
                "from_store_id": store_id,
                "to_store_id": other_store,
                "lines": [{"product_id": product["id"], "quantity": 2}],
            },
            headers=h,
        ),
        201,
    )
    order = expect(
        await api.client.post(
            f"{API}/orders",
            json={
                "customer_id": customer["id"],
                "store_id": store_id,
                "channel": "store",
                "lines": [{"product_id": product["id"], "quantity": 1}],
            },
            headers=h,
        ),
        201,
    )
    # A's order is delivered, paid in part, invoiced and has a return: every order sub-resource
    # (payments, returns, invoice.pdf) has something of A's to guard.
    oid = order["id"]
    expect(await api.client.post(f"{API}/orders/{oid}/submit", headers=h), 200)
    packed = {"lines": [{"line_id": order["lines"][0]["id"], "quantity": 1}]}
    expect(await api.client.post(f"{API}/orders/{oid}/fulfil", json=packed, headers=h), 200)
    shipment = {"carrier": "SF", "tracking_number": "SF-A"}
    expect(await api.client.post(f"{API}/orders/{oid}/ship", json=shipment, headers=h), 200)
    expect(await api.client.post(f"{API}/orders/{oid}/deliver", headers=h), 200)
    payment = {"method": "cash", "amount": "5.00", "reference": "A"}
    expect(await api.client.post(f"{API}/orders/{oid}/payments", json=payment, headers=h), 201)
    assert (await api.client.get(f"{API}/orders/{oid}/invoice.pdf", headers=h)).status_code == 200
    rma = {"lines": [{"line_id": order["lines"][0]["id"], "quantity": 1}], "reason": "A only"}
    returned = expect(await api.client.post(f"{API}/orders/{oid}/returns", json=rma, headers=h), 201)
    kb_body = {"title_zh": "退货须知", "body_zh": "七天无理由。", "tags": ["退货"], "slug": "a-returns"}
    kb_article = expect(await api.client.post(f"{API}/kb-articles", json=kb_body, headers=h), 201)
    # A's ticket about that order, with a category and a reply: every ticket route has A's data.
    ticket_category = expect(await api.client.post(f"{API}/ticket-categories", json={"name": "售后"}, headers=h), 201)
    ticket = expect(
        await api.client.post(
            f"{API}/tickets",
            json={
                "subject": "A only",
                "customer_id": customer["id"],
                "order_id": oid,
                "category_id": ticket_category["id"],
            },
            headers=h,
        ),
        201,
    )
    reply = {"body": "A only", "public": True}
    expect(await api.client.post(f"{API}/tickets/{ticket['id']}/comments", json=reply, headers=h), 201)
    for _ in range(2):  # a likely duplicate pair of A's (same name and birthday)
        await api.customer(a.owner, name="令狐冲", birthday="1990-05-06")
    call = {"kind": "call", "body": "A only"}
    activity = expect(await api.client.post(f"{API}/customers/{customer['id']}/activities", json=call, headers=h), 201)
    job = await run_export(api, resources, a)
    field = {"entity": "customer", "key": "tier", "type": "select", "label_en": "Tier", "options": [{"value": "gold"}]}
    custom_field = expect(await api.client.post(f"{API}/custom-fields", json=field, headers=h), 201)
    import_id = await run_import(api, resources, a)
    segment = expect(
        await api.client.post(f"{API}/segments", json={"name": "A 名单", "kind": "static"}, headers=h), 201
    )
    members = {"customer_ids": [customer["id"]]}
    expect(await api.client.post(f"{API}/segments/{segment['id']}/members", json=members, headers=h), 200)
    draft = {"name": "A 活动", "channel": "email", "include_segment_ids": [segment["id"]]}
    campaign = expect(await api.client.post(f"{API}/campaigns", json=draft, headers=h), 201)
    b = await api.signup()
    await api.customer(b.owner, name="黄药师", phone="13700001111")
    b_key = await api.api_key(b, sorted(ALL_PERMISSIONS))
    ids = {
        "customer_id": customer["id"],
        "user_id": user.user_id,
        "role_id": role_id,
        "region_id": region_id,
        "store_id": store_id,
        "api_key_id": key["id"],
        "category_id": category["id"],
        "product_id": product["id"],
        "transfer_id": transfer["id"],
        "order_id": order["id"],
        "return_id": returned["id"],
        "article_id": kb_article["id"],
        "ticket_id": ticket["id"],
        "ticket_category_id": ticket_category["id"],
        "activity_id": activity["id"],
        "field_id": custom_field["id"],
        "job_id": job,
        "import_id": import_id,
        "segment_id": segment["id"],
        "campaign_id": campaign["id"],
        "notification_id": await add_notification(resources, a.id, a.owner.user_id),
    }
    return World(a, b, b_key, ids, customer, order["lines"][0]["id"])


def id_routes(app: Litestar) -> list[tuple[str, str, list[str]]]:
    """(path, method, id parameter names) for every /api/v1 handler with an id in its path."""
    out: list[tuple[str, str, list[str]]] = []
    for route in app.routes:
        assert isinstance(route, HTTPRoute)
        if not route.path.startswith(API):
            continue
        params = ID_PARAM.findall(route.path)
        if not params:
            continue
        for method in sorted(route.methods - {"OPTIONS", "HEAD"}):
            out.append((route.path, method, params))
    return out


def row_id(item: dict[str, Any]) -> str:
    """A list row's identity; stock rows are identified by their product, segment members by their
    customer, duplicate pairs by their first customer."""
    if "first" in item:
        return str(item["first"]["id"])
    for key in ("id", "product_id", "customer_id"):
        if key in item:
            return str(item[key])
    raise KeyError(f"no identity in {sorted(item)}")


def list_routes(app: Litestar) -> list[str]:
    out: list[str] = []
    for route in app.routes:
        assert isinstance(route, HTTPRoute)
        if route.path.startswith(API) and "{" not in route.path and "GET" in route.methods:
            out.append(route.path)
    # Settings are one object per tenant, not lists (their isolation: each reads its own tenant row).
    return [p for p in out if p not in NOT_TENANT_LISTS and not p.startswith(f"{API}/settings/")]


async def snapshot(api: Api, world: World) -> dict[str, Any]:
    """Everything A can read about its resources, plus A's audit log."""
    h = world.a.owner.headers
    ids = world.ids
    c = api.client
    customer = await c.get(f"{API}/customers/{ids['customer_id']}", headers=h)
    regions = expect(await c.get(f"{API}/regions", headers=h), 200)["items"]
    audit = expect(await c.get(f"{API}/audit-log", params={"limit": 200}, headers=h), 200)
    return {
        "customer": expect(customer, 200),
        "customer_etag": customer.headers["etag"],
        "loyalty": expect(await c.get(f"{API}/customers/{ids['customer_id']}/loyalty/transactions", headers=h), 200),
        "user": expect(await c.get(f"{API}/users/{ids['user_id']}", headers=h), 200),
        "role": expect(await c.get(f"{API}/roles/{ids['role_id']}", headers=h), 200),
        "region": [r for r in regions if r["id"] == ids["region_id"]],
        "store": expect(await c.get(f"{API}/stores/{ids['store_id']}", headers=h), 200),
        "api_key": expect(await c.get(f"{API}/api-keys/{ids['api_key_id']}", headers=h), 200),
        "categories": expect(await c.get(f"{API}/product-categories", headers=h), 200),
        "product": expect(await c.get(f"{API}/products/{ids['product_id']}", headers=h), 200),
        "stock": expect(await c.get(f"{API}/inventory", headers=h), 200),
        "transfer": expect(await c.get(f"{API}/transfers/{ids['transfer_id']}", headers=h), 200),
        "order": expect(await c.get(f"{API}/orders/{ids['order_id']}", headers=h), 200),
        "payments": expect(await c.get(f"{API}/orders/{ids['order_id']}/payments", headers=h), 200),
        "return": expect(await c.get(f"{API}/returns/{ids['return_id']}", headers=h), 200),
        "notifications": expect(await c.get(f"{API}/notifications", headers=h), 200),
        "kb_article": expect(await c.get(f"{API}/kb-articles/{ids['article_id']}", headers=h), 200),
        "ticket": expect(await c.get(f"{API}/tickets/{ids['ticket_id']}", headers=h), 200),
        "comments": expect(await c.get(f"{API}/tickets/{ids['ticket_id']}/comments", headers=h), 200),
        "ticket_categories": expect(await c.get(f"{API}/ticket-categories", headers=h), 200),
        "custom_field": expect(await c.get(f"{API}/custom-fields/{ids['field_id']}", headers=h), 200),
        "segment": expect(await c.get(f"{API}/segments/{ids['segment_id']}", headers=h), 200),
        "segment_members": expect(await c.get(f"{API}/segments/{ids['segment_id']}/members", headers=h), 200),
        "campaign": expect(await c.get(f"{API}/campaigns/{ids['campaign_id']}", headers=h), 200),
        "audit": audit["items"],
    }


def assert_not_found(response: Any, what: str) -> None:
    assert response.status_code == 404, f"{what}: {response.status_code} {response.text}"
    assert response.headers["content-type"].startswith("application/problem+json"), what
    body = response.json()
    assert body["code"] == "not_found", f"{what}: {body}"
    assert body["status"] == 404


async def test_every_id_route_answers_404_for_another_tenants_id(api: Api, app: Litestar, resources: Resources) -> None:
    world = await build_world(api, resources)
    bodies = {**BODIES, **ACTION_BODIES, **order_bodies(world)}
    routes = id_routes(app)
    assert len(routes) >= 15
    unknown = {p for _, _, params in routes for p in params} - set(world.ids)
    assert not unknown, f"new path parameters {unknown}: add A's resource of that kind to build_world"
    before = await snapshot(api, world)
    assert before["region"]
    callers = {"B owner": world.b.owner, "B full-scope API key": world.b_key}
    calls = 0
    for path, method, params in routes:
        url = path
        for param in params:
            url = url.replace(f"{{{param}:uuid}}", world.ids[param])
        body = bodies.get((path, method))
        if method in {"PATCH", "PUT"}:
            assert body is not None, f"{method} {path}: add a minimal valid body to BODIES"
        for name, caller in callers.items():
            response = await api.client.request(method, url, json=body, headers=caller.headers)
            if caller is world.b_key and path.startswith(USER_ONLY):
                # Staff-only resources refuse every key the same way, whatever the id.
                assert (response.status_code, response.json()["code"]) == (403, "not_a_user"), path
                missing = re.sub(r"\{\w+:uuid\}", str(uuid.uuid4()), path)
                other = await api.client.request(method, missing, json=body, headers=caller.headers)
                assert other.json() == response.json()
                calls += 1
                continue
            assert_not_found(response, f"{name} {method} {path}")
            # The same route with a random id answers the same way: 404 never reveals existence.
            missing = path
            for param in params:
                missing = missing.replace(f"{{{param}:uuid}}", str(uuid.uuid4()))
            other = await api.client.request(method, missing, json=body, headers=caller.headers)
            assert_not_found(other, f"{name} {method} {path} (random id)")
            assert other.json()["detail"] == response.json()["detail"]
            calls += 1
    assert calls == 2 * len(routes)
    after = await snapshot(api, world)
    assert after == before
    # B's own audit log records nothing about A's ids either.
    b_audit = expect(
        await api.client.get(f"{API}/audit-log", params={"limit": 200}, headers=world.b.owner.headers), 200
    )
    assert not {e["target_id"] for e in b_audit["items"]} & set(world.ids.values())


async def test_a_own_calls_succeed_on_the_same_routes(api: Api, app: Litestar, resources: Resources) -> None:
    """Control: the matrix's URLs and bodies are valid, so the 404s above come from isolation."""
    world = await build_world(api, resources)
    h = world.a.owner.headers
    for path, method, params in id_routes(app):
        if method != "GET":
            continue
        url = path
        for param in params:
            url = url.replace(f"{{{param}:uuid}}", world.ids[param])
        response = await api.client.get(url, headers=h)
        assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text[:200]}"
    for (path, method), body in BODIES.items():
        url = path
        for param in ID_PARAM.findall(path):
            url = url.replace(f"{{{param}:uuid}}", world.ids[param])
        expect(await api.client.request(method, url, json=body, headers=h), 200)


async def test_lists_and_search_never_show_another_tenants_rows(api: Api, app: Litestar, resources: Resources) -> None:
    world = await build_world(api, resources)
    paths = list_routes(app)
    assert {f"{API}/customers", f"{API}/users", f"{API}/roles", f"{API}/stores", f"{API}/audit-log"} <= set(paths)
    a_ids: set[str] = set(world.ids.values()) | {world.a.owner.user_id, world.a.id}
    for path in paths:
        listed = expect(await api.client.get(path, params={"limit": 200}, headers=world.a.owner.headers), 200)
        assert listed["items"], f"A's {path} is empty: the check below would be vacuous"
        a_ids |= {row_id(item) for item in listed["items"]}
    for path in paths:
        for caller in (world.b.owner, world.b_key):
            response = await api.client.get(path, params={"limit": 200}, headers=caller.headers)
            if caller is world.b_key and f"{path}/".startswith(USER_ONLY):
                assert expect(response, 403)["code"] == "not_a_user"
                continue
            listed = expect(response, 200)
            seen = {row_id(item) for item in listed["items"]}
            assert not seen & a_ids, f"{path} shows A's rows to B"
            if path == f"{API}/audit-log":
                targets = {item["target_id"] for item in listed["items"]}
                assert not targets & a_ids
    customer = world.customer
    for q in (customer["name"], "欧阳", "oyf", customer["phone"], "5678", "ouyang@example.com"):
        own = expect(await api.client.get(f"{API}/customers", params={"q": q}, headers=world.a.owner.headers), 200)
        assert [c["id"] for c in own["items"]] == [customer["id"]], q
        for caller in (world.b.owner, world.b_key):
            found = expect(await api.client.get(f"{API}/customers", params={"q": q}, headers=caller.headers), 200)
            assert found["items"] == [], f"B finds A's customer by {q!r}"
    for q in ("退货须知", "thxz", "退货"):
        own = expect(await api.client.get(f"{API}/kb-articles", params={"q": q}, headers=world.a.owner.headers), 200)
        assert [a["id"] for a in own["items"]] == [world.ids["article_id"]], q
        for caller in (world.b.owner, world.b_key):
            found = expect(await api.client.get(f"{API}/kb-articles", params={"q": q}, headers=caller.headers), 200)
            assert found["items"] == [], f"B finds A's article by {q!r}"
    # Filtering B's list by A's store id finds nothing either.
    by_store = await api.client.get(
        f"{API}/customers", params={"home_store_id": world.ids["store_id"]}, headers=world.b.owner.headers
    )
    assert expect(by_store, 200)["items"] == []


async def test_uniqueness_and_references_are_per_tenant(api: Api, resources: Resources) -> None:
    world = await build_world(api, resources)
    b = world.b.owner.headers
    # The same phone is free in B (tenant-leading unique index): no existence oracle.
    same_phone = await api.client.post(f"{API}/customers", json={"name": "同号", "phone": "13912345678"}, headers=b)
    assert expect(same_phone, 201)["phone"] == "+8613912345678"
    # B cannot point its rows at A's store, user, role or region.
    home = await api.client.post(
        f"{API}/customers", json={"name": "越界", "home_store_id": world.ids["store_id"]}, headers=b
    )
    assert expect(home, 422)["errors"] == [{"field": "home_store_id", "message": "is not a store you can assign"}]
    assigned = await api.client.post(
        f"{API}/customers", json={"name": "越界", "assigned_to": world.ids["user_id"]}, headers=b
    )
    assert expect(assigned, 422)["errors"][0]["field"] == "assigned_to"
    user = await api.client.post(
        f"{API}/users",
        json={"email": "x@example.com", "name": "X", "role_id": world.ids["role_id"], "password": "Correct-Horse-42"},
        headers=b,
    )
    assert expect(user, 422)["errors"][0]["field"] == "role_id"
    store = await api.client.post(
        f"{API}/stores", json={"code": "BJ01", "name": "北京", "region_id": world.ids["region_id"]}, headers=b
    )
    assert expect(store, 422)["errors"][0]["field"] == "region_id"
    key = await api.client.post(
        f"{API}/api-keys",
        json={"name": "k", "scopes": ["customers:read"], "store_ids": [world.ids["store_id"]]},
        headers=b,
    )
    assert expect(key, 422)["errors"][0]["field"] == "store_ids"
