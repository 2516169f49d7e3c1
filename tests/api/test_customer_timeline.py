"""The customer's timeline: every moment of her orders, tickets, activities and profile once,
newest first; store scope; the kind filter; pages stable while new moments arrive; activities
that only their author may change, for a while."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update

from api.state import Resources
from domain.customers.models import Activity
from tenants.clock import utcnow
from tenants.db import TenantScope, tenant_session
from tests.factories import Actor, Api, expect
from tests.orders_support import API, act, create_order, pay, shop
from tests.service_support import Desk, comment, open_ticket
from tests.service_support import act as ticket_act


async def timeline(api: Api, actor: Actor, customer_id: str, status: int = 200, **params: Any) -> Any:
    response = await api.client.get(f"{API}/customers/{customer_id}/timeline", params=params, headers=actor.headers)
    return expect(response, status)


def kinds(page: dict[str, Any]) -> list[str]:
    return [item["kind"] for item in page["items"]]


async def log(api: Api, actor: Actor, customer_id: str, kind: str, body: str, status: int = 201) -> Any:
    response = await api.client.post(
        f"{API}/customers/{customer_id}/activities", json={"kind": kind, "body": body}, headers=actor.headers
    )
    return expect(response, status)


async def test_every_moment_of_her_orders_tickets_activities_and_profile_appears_once_newest_first(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    await act(api, owner, order["id"], "submit")  # approved automatically: submitted, then approved
    await pay(api, owner, order["id"], "100.00")
    d = Desk(s.tenant, s.store_id, s.customer_id)
    ticket = await open_ticket(api, owner, d, store_id=s.store_id)
    await comment(api, owner, ticket["id"], "已为您安排换货", public=True)
    await comment(api, owner, ticket["id"], "内部：库存已确认", public=False)  # internal: not hers
    await ticket_act(api, owner, ticket["id"], "resolve")
    await log(api, owner, s.customer_id, "call", "回访：对换货满意")
    patched = await api.client.patch(f"{API}/customers/{s.customer_id}", json={"tags": ["VIP"]}, headers=owner.headers)
    expect(patched, 200)

    page = await timeline(api, owner, s.customer_id)

    assert kinds(page) == [
        "customer.updated",
        "activity.call",
        "ticket.resolved",
        "ticket.replied",
        "ticket.created",
        "order.payment_recorded",
        "order.approved",
        "order.submitted",
        "order.created",
        "customer.created",
    ]
    by_kind = {item["kind"]: item for item in page["items"]}
    assert by_kind["order.created"]["subject_label"] == order["number"]
    assert (by_kind["order.created"]["subject_id"], by_kind["order.created"]["store_id"]) == (order["id"], s.store_id)
    assert by_kind["ticket.replied"]["subject_label"] == ticket["number"]
    assert by_kind["activity.call"]["note"] == "回访：对换货满意"
    assert by_kind["activity.call"]["actor_name"] == "Owner"
    assert by_kind["customer.updated"]["data"] == {"fields": ["tags"]}
    assert by_kind["order.approved"]["actor_type"] == "system"
    stamps = [item["occurred_at"] for item in page["items"]]
    assert stamps == sorted(stamps, reverse=True)

    orders_only = await timeline(api, owner, s.customer_id, kind="order")
    assert kinds(orders_only) == ["order.payment_recorded", "order.approved", "order.submitted", "order.created"]
    in_chinese = await api.client.get(
        f"{API}/customers/{s.customer_id}/timeline",
        params={"kind": "order"},
        headers={**owner.headers, "Accept-Language": "zh-CN"},
    )
    approved = next(i for i in expect(in_chinese, 200)["items"] if i["kind"] == "order.approved")
    assert approved["actor_label"] == "审批规则"  # the product's own words, in the reader's language


async def test_a_store_scoped_cashier_sees_only_her_stores_orders_on_a_shared_members_timeline(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    other_store = await api.store(s.tenant, "SH02")
    here = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    await api.client.post(
        f"{API}/inventory/adjustments",
        json={
            "store_id": other_store,
            "product_id": s.products["B"],
            "quantity_delta": 5,
            "reason": "到货",
            "kind": "receipt",
        },
        headers=owner.headers,
    )
    far = await api.client.post(
        f"{API}/orders",
        json={
            "customer_id": s.customer_id,
            "store_id": other_store,
            "channel": "store",
            "lines": [{"product_id": s.products["B"], "quantity": 1}],
        },
        headers=owner.headers,
    )
    far_order = expect(far, 201)
    cashier = await api.user(s.tenant, "sales", scope={"kind": "store", "store_ids": [s.store_id]})

    seen = await timeline(api, cashier, s.customer_id)
    everything = await timeline(api, owner, s.customer_id)

    assert [i["subject_label"] for i in seen["items"] if i["subject_type"] == "order"] == [here["number"]]
    assert {i["subject_label"] for i in everything["items"] if i["subject_type"] == "order"} == {
        here["number"],
        far_order["number"],
    }
    assert "customer.created" in kinds(seen)  # her own moments belong to every store that sees her


async def test_pages_stay_stable_while_new_moments_arrive(api: Api) -> None:
    tenant = await api.signup()
    owner = tenant.owner
    customer = await api.customer(owner, name="李四")
    for n in range(5):
        await log(api, owner, customer["id"], "note", f"第{n}次")

    first = await timeline(api, owner, customer["id"], limit=3)
    await log(api, owner, customer["id"], "visit", "新到店")  # newer than everything paged so far
    rest = await timeline(api, owner, customer["id"], limit=3, cursor=first["next_cursor"])

    notes = [i["note"] for i in first["items"] + rest["items"]]
    assert notes == ["第4次", "第3次", "第2次", "第1次", "第0次", ""]  # then her creation, nothing twice
    assert rest["next_cursor"] is None
    assert kinds(await timeline(api, owner, customer["id"], limit=1))[0] == "activity.visit"


async def test_another_tenants_customer_has_no_timeline(api: Api) -> None:
    mine, theirs = await api.signup(), await api.signup()
    customer = await api.customer(theirs.owner, name="王五")
    assert (await timeline(api, mine.owner, customer["id"], status=404))["code"] == "not_found"
    response = await api.client.post(
        f"{API}/customers/{customer['id']}/activities", json={"kind": "call", "body": "x"}, headers=mine.owner.headers
    )
    assert response.status_code == 404


async def test_only_the_author_changes_or_removes_an_activity_and_only_for_a_day(
    api: Api, resources: Resources
) -> None:
    tenant = await api.signup()
    owner = tenant.owner
    colleague = await api.user(tenant, "store_manager")
    customer = await api.customer(owner, name="赵六")
    activity = await log(api, owner, customer["id"], "call", "约周六到店")
    path = f"{API}/customers/{customer['id']}/activities/{activity['id']}"

    stale = await api.client.patch(path, json={"body": "改"}, headers={**owner.headers, "If-Match": '"7"'})
    assert expect(stale, 412)["code"] == "version_mismatch"
    changed = await api.client.patch(
        path, json={"kind": "visit", "body": "已到店试穿"}, headers={**owner.headers, "If-Match": '"1"'}
    )
    assert (expect(changed, 200)["kind"], changed.json()["version"]) == ("visit", 2)
    entries = (await timeline(api, owner, customer["id"], kind="activity"))["items"]
    assert [(e["kind"], e["note"]) for e in entries] == [("activity.visit", "已到店试穿")]

    theirs = await api.client.patch(path, json={"body": "我来改"}, headers=colleague.headers)
    assert expect(theirs, 403)["code"] == "not_activity_author"
    assert expect(await api.client.delete(path, headers=colleague.headers), 403)["code"] == "not_activity_author"

    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(tenant.id))) as session:
        await session.execute(
            update(Activity)
            .where(Activity.id == uuid.UUID(activity["id"]))
            .values(created_at=utcnow() - timedelta(hours=25))
        )
    late = await api.client.delete(path, headers=owner.headers)
    assert expect(late, 409)["code"] == "activity_locked"

    other = await log(api, owner, customer["id"], "note", "写错了")
    removed = await api.client.delete(
        f"{API}/customers/{customer['id']}/activities/{other['id']}", headers=owner.headers
    )
    assert removed.status_code == 204
    entries = (await timeline(api, owner, customer["id"], kind="activity"))["items"]
    assert [e["note"] for e in entries] == ["已到店试穿"]
    audit = expect(
        await api.client.get(f"{API}/audit-log", params={"target_id": customer["id"]}, headers=owner.headers), 200
    )
    assert [e["action"] for e in audit["items"]][:4] == [
        "customer.activity_removed",
        "customer.activity_logged",
        "customer.activity_changed",
        "customer.activity_logged",
    ]


async def test_an_activity_needs_a_known_kind_and_a_body(api: Api) -> None:
    tenant = await api.signup()
    customer = await api.customer(tenant.owner, name="钱七")
    blank = await log(api, tenant.owner, customer["id"], "call", "", status=422)
    assert blank["errors"][0]["field"] == "body"
    odd = await log(api, tenant.owner, customer["id"], "fax", "x", status=422)
    assert odd["errors"][0]["field"] == "kind"


async def test_the_summary_counts_her_purchases_net_of_refunds_open_tickets_and_consent(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    path = f"{API}/customers/{s.customer_id}/summary"
    before = expect(await api.client.get(path, headers=owner.headers), 200)
    assert (before["orders"], before["lifetime_spend"], before["average_basket"]) == (0, "0.00", None)

    first = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    await act(api, owner, first["id"], "submit")
    second = await create_order(api, owner, s, [{"product_id": s.products["B"], "quantity": 2}])
    await act(api, owner, second["id"], "submit")
    draft = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 3}])  # not bought
    cancelled = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    await act(api, owner, cancelled["id"], "submit")
    await act(api, owner, cancelled["id"], "cancel", body={"reason": "顾客改主意"})
    d = Desk(s.tenant, s.store_id, s.customer_id)
    await open_ticket(api, owner, d, store_id=s.store_id)
    solved = await open_ticket(api, owner, d, store_id=s.store_id, subject="发票")
    await ticket_act(api, owner, solved["id"], "resolve")
    await api.client.patch(
        f"{API}/customers/{s.customer_id}",
        json={"consent": {"sms": {"granted": True, "source": "store"}}},
        headers=owner.headers,
    )

    summary = expect(await api.client.get(path, headers=owner.headers), 200)

    assert (summary["orders"], summary["lifetime_spend"], summary["average_basket"]) == (2, "171.00", "85.50")
    assert summary["currency"] == "CNY"
    bought = [datetime.fromisoformat(o["created_at"]) for o in (first, second)]
    assert datetime.fromisoformat(summary["first_purchase_at"]) == bought[0]
    assert datetime.fromisoformat(summary["last_purchase_at"]) == bought[1]
    assert summary["open_tickets"] == 1
    assert (summary["consent"]["sms"]["granted"], summary["consent"]["email"]["granted"]) == (True, False)
    assert draft["status"] == "draft"
    other_store = await api.store(s.tenant, "SH02")
    cashier = await api.user(s.tenant, "sales", scope={"kind": "store", "store_ids": [other_store]})
    theirs = expect(await api.client.get(path, headers=cashier.headers), 200)
    assert (theirs["orders"], theirs["lifetime_spend"], theirs["open_tickets"]) == (0, "0.00", 0)  # not her stores'
