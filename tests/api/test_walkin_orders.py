"""Walk-in sales at the till: orders without a customer, attaching a member before payment,
discarding parked carts (by hand and by the sweep), payment state, phone search, why an order
needed approval, and what the tracking page shows of a shipment."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from typing import Any

from pypdf import PdfReader

from api.state import Resources
from domain.orders.walkin import sweep_drafts
from tenants.clock import utcnow
from tenants.db import TenantScope, tenant_session
from tests.factories import Actor, Api, expect
from tests.orders_support import API, Shop, act, deliver_order, outbox_events, pay, shop, stock_of


async def walk_in(api: Api, actor: Actor, s: Shop, lines: list[dict[str, Any]], status: int = 201) -> dict[str, Any]:
    body = {"store_id": s.store_id, "channel": "store", "lines": lines}
    return dict(expect(await api.client.post(f"{API}/orders", json=body, headers=actor.headers), status))


async def attach(api: Api, actor: Actor, order: dict[str, Any], customer_id: str, status: int = 200) -> dict[str, Any]:
    response = await api.client.post(
        f"{API}/orders/{order['id']}/customer",
        json={"customer_id": customer_id},
        headers={**actor.headers, "If-Match": f'"{order["version"]}"'},
    )
    return dict(expect(response, status))


def one_cup(s: Shop, quantity: int = 1) -> list[dict[str, Any]]:
    return [{"product_id": s.products["A"], "quantity": quantity}]


async def test_a_walk_in_sale_is_captured_paid_invoiced_and_listed(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    sales = await api.user(s.tenant, "sales", scope={"kind": "store", "store_ids": [s.store_id]})
    order = await walk_in(api, sales, s, [*one_cup(s, 2), {"product_id": s.products["B"], "quantity": 1}])
    assert (order["customer_id"], order["status"], order["total"]) == (None, "draft", "235.50")
    assert order["payment_state"] == "unpaid"
    order = await act(api, sales, order["id"], "submit")
    assert order["status"] == "approved"
    assert order["approval_reasons"] == []
    assert await stock_of(resources, s.tenant.id, s.store_id, s.products["A"]) == (10, 2)
    await pay(api, sales, order["id"], "200.00")
    listed = expect(await api.client.get(f"{API}/orders", headers=sales.headers), 200)["items"]
    assert [(o["customer_id"], o["customer_name"], o["payment_state"]) for o in listed] == [
        (None, None, "partially_paid")
    ]
    await pay(api, sales, order["id"], "35.50")
    fetched = expect(await api.client.get(f"{API}/orders/{order['id']}", headers=sales.headers), 200)
    assert fetched["payment_state"] == "paid"
    # Every event of a walk-in sale says it has no customer.
    assert {e["customer_id"] for e in await outbox_events(resources, s.tenant.id, order["id"])} == {None}

    response = await api.client.get(f"{API}/orders/{order['id']}/invoice.pdf", headers=s.tenant.owner.headers)
    assert response.status_code == 200, response.text
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "散客 / Walk-in customer" in text
    assert "张三丰" not in text


async def test_a_member_is_attached_before_payment_and_not_after(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await act(api, owner, (await walk_in(api, owner, s, one_cup(s)))["id"], "submit")
    assert "attach_customer" in order["allowed_actions"]
    stale = await api.client.post(
        f"{API}/orders/{order['id']}/customer",
        json={"customer_id": s.customer_id},
        headers={**owner.headers, "If-Match": '"1"'},
    )
    assert expect(stale, 412)["code"] == "version_mismatch"

    attached = await attach(api, owner, order, s.customer_id)
    assert attached["customer_id"] == s.customer_id
    assert attached["version"] == order["version"] + 1
    event = attached["events"][-1]
    assert (event["kind"], event["note"]) == ("customer_attached", "张三丰")
    assert event["data"] == {"customer_id": {"from": None, "to": s.customer_id}}
    edited = (await outbox_events(resources, s.tenant.id, order["id"]))[-1]
    assert (edited["topic"], edited["customer_id"]) == ("order.edited", s.customer_id)
    listed = expect(await api.client.get(f"{API}/orders", headers=owner.headers), 200)["items"]
    assert [o["customer_name"] for o in listed] == ["张三丰"]

    await pay(api, owner, order["id"], "10.00")
    paid = expect(await api.client.get(f"{API}/orders/{order['id']}", headers=owner.headers), 200)
    assert "attach_customer" not in paid["allowed_actions"]
    other = await api.customer(owner, name="李四", phone="13900001111")
    refused = await attach(api, owner, paid, other["id"], 409)
    assert (refused["code"], refused["paid_total"]) == ("order_has_payments", "10.00")
    unchanged = expect(await api.client.get(f"{API}/orders/{order['id']}", headers=owner.headers), 200)
    assert (unchanged["customer_id"], unchanged["version"]) == (s.customer_id, paid["version"])


async def test_another_tenants_customer_cannot_be_attached(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    other = await api.signup()
    stranger = await api.customer(other.owner, name="王五")
    order = await walk_in(api, s.tenant.owner, s, one_cup(s))
    refused = await attach(api, s.tenant.owner, order, stranger["id"], 422)
    assert refused["errors"] == [{"field": "customer_id", "message": "is not a customer you can see"}]
    missing = await attach(api, s.tenant.owner, order, str(uuid.uuid4()), 422)
    assert missing["errors"] == [{"field": "customer_id", "message": "is not a customer you can see"}]
    # ... and B cannot reach A's order at all.
    across = await api.client.post(
        f"{API}/orders/{order['id']}/customer", json={"customer_id": stranger["id"]}, headers=other.owner.headers
    )
    assert expect(across, 404)["code"] == "not_found"
    fetched = expect(await api.client.get(f"{API}/orders/{order['id']}", headers=s.tenant.owner.headers), 200)
    assert (fetched["customer_id"], fetched["version"]) == (None, 1)


async def test_a_cancelled_order_takes_no_member(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await act(api, owner, (await walk_in(api, owner, s, one_cup(s)))["id"], "discard")
    assert order["status"] == "cancelled"
    refused = await attach(api, owner, order, s.customer_id, 409)
    assert (refused["code"], refused["current_status"]) == ("invalid_transition", "cancelled")


async def test_a_parked_draft_is_discarded_by_hand(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    draft = await walk_in(api, owner, s, one_cup(s))
    assert draft["allowed_actions"] == ["update_lines", "submit", "cancel", "attach_customer", "discard"]
    discarded = await act(api, owner, draft["id"], "discard")
    assert (discarded["status"], discarded["cancel_reason"]) == ("cancelled", "Discarded: the cart was abandoned.")
    assert discarded["events"][-1]["kind"] == "discarded"
    assert discarded["events"][-1]["data"] == {"automatic": False}
    assert discarded["allowed_actions"] == []
    assert (await outbox_events(resources, s.tenant.id, draft["id"]))[-1]["topic"] == "order.cancelled"
    submitted = await act(api, owner, (await walk_in(api, owner, s, one_cup(s)))["id"], "submit")
    refused = await act(api, owner, submitted["id"], "discard", 409)
    assert (refused["code"], refused["current_status"]) == ("invalid_transition", "approved")


async def test_the_sweep_discards_drafts_older_than_the_tenant_setting(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    url = f"{API}/settings/orders"
    assert expect(await api.client.get(url, headers=owner.headers), 200)["draft_ttl_hours"] == 72
    old = await walk_in(api, owner, s, one_cup(s))
    kept = await act(api, owner, (await walk_in(api, owner, s, one_cup(s)))["id"], "submit")
    tenant_id = uuid.UUID(s.tenant.id)

    async def sweep(at_hours: float) -> int:
        async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
            return await sweep_drafts(session, tenant_id, utcnow() + timedelta(hours=at_hours))

    assert await sweep(71) == 0
    assert await sweep(73) == 1
    swept = expect(await api.client.get(f"{API}/orders/{old['id']}", headers=owner.headers), 200)
    assert swept["status"] == "cancelled"
    assert swept["cancel_reason"] == "Discarded automatically: the draft was left untouched for 72 hours."
    last = swept["events"][-1]
    assert (last["kind"], last["actor_type"], last["actor_label"]) == ("discarded", "system", "draft sweep")
    still = expect(await api.client.get(f"{API}/orders/{kept['id']}", headers=owner.headers), 200)
    assert still["status"] == "approved"
    assert await sweep(1000) == 0

    rules = {"approval_amount_threshold": None, "approval_discount_percent": None, "draft_ttl_hours": 2}
    assert expect(await api.client.put(url, json=rules, headers=owner.headers), 200)["draft_ttl_hours"] == 2
    fresh = await walk_in(api, owner, s, one_cup(s))
    assert await sweep(1) == 0
    assert await sweep(3) == 1
    gone = expect(await api.client.get(f"{API}/orders/{fresh['id']}", headers=owner.headers), 200)
    assert gone["status"] == "cancelled"
    bad = expect(await api.client.put(url, json={**rules, "draft_ttl_hours": 0}, headers=owner.headers), 422)
    assert bad["errors"] == [{"field": "draft_ttl_hours", "message": "Expected `int` >= 1"}]
    assert expect(await api.client.get(url, headers=owner.headers), 200)["draft_ttl_hours"] == 2


async def test_payment_state_follows_payments_and_refunds(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await deliver_order(api, owner, s, one_cup(s))
    assert order["payment_state"] == "unpaid"
    await pay(api, owner, order["id"], "100.00")
    line = order["lines"][0]
    rma = expect(
        await api.client.post(
            f"{API}/orders/{order['id']}/returns",
            json={"lines": [{"line_id": line["id"], "quantity": 1}], "reason": "坏了"},
            headers=owner.headers,
        ),
        201,
    )
    for step, body in (("approve", None), ("receive", {}), ("refund", {"method": "cash"})):
        expect(await api.client.post(f"{API}/returns/{rma['id']}/{step}", json=body, headers=owner.headers), 200)
    refunded = expect(await api.client.get(f"{API}/orders/{order['id']}", headers=owner.headers), 200)
    assert (refunded["payments"]["refunded_total"], refunded["payment_state"]) == ("100.00", "refunded")


async def test_orders_are_found_by_the_customers_phone(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    ana = await api.customer(owner, name="安娜", phone="13812345678")
    bo = await api.customer(owner, name="博文", phone="13987655678")
    ana_order = await walk_in(api, owner, s, one_cup(s))
    ana_order = await attach(api, owner, ana_order, ana["id"])
    bo_order = await attach(api, owner, await walk_in(api, owner, s, one_cup(s)), bo["id"])
    await walk_in(api, owner, s, one_cup(s))

    async def numbers(phone: str) -> list[str]:
        body = expect(await api.client.get(f"{API}/orders", params={"phone": phone}, headers=owner.headers), 200)
        return [o["number"] for o in body["items"]]

    assert await numbers("13812345678") == [ana_order["number"]]
    assert await numbers("1381") == [ana_order["number"]]
    assert await numbers("5678") == [bo_order["number"], ana_order["number"]]
    assert await numbers("0000") == []
    bad = await api.client.get(f"{API}/orders", params={"phone": "abcd"}, headers=owner.headers)
    assert expect(bad, 422)["errors"] == [
        {"field": "phone", "message": "must be digits (the whole number or its last 4 digits)"}
    ]


async def test_the_order_says_which_approval_rule_fired(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    rules = {"approval_amount_threshold": "150.00", "approval_discount_percent": "10"}
    expect(await api.client.put(f"{API}/settings/orders", json=rules, headers=owner.headers), 200)
    lines = [{"product_id": s.products["A"], "quantity": 2, "discount": "30.00"}]
    order = await act(api, owner, (await walk_in(api, owner, s, lines))["id"], "submit")
    assert order["status"] == "pending_approval"
    assert order["approval_reasons"] == [
        {"code": "amount_above_threshold", "limit": "150.00", "value": "170.00"},
        {"code": "discount_above_limit", "limit": "10.00", "value": "15.00"},
    ]


async def test_tracking_shows_the_carrier_and_waybill_and_no_name_for_walk_ins(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await act(api, owner, (await walk_in(api, owner, s, one_cup(s)))["id"], "submit")
    packed = [{"line_id": order["lines"][0]["id"], "quantity": 1}]
    await act(api, owner, order["id"], "fulfil", body={"lines": packed})
    before = expect(await api.client.get(f"{API}/public/orders/{order['tracking_token']}"), 200)
    assert (before["customer_name"], before["shipments"]) == ("", [])
    await act(api, owner, order["id"], "ship", body={"carrier": "顺丰", "tracking_number": "SF123456"})
    after = expect(await api.client.get(f"{API}/public/orders/{order['tracking_token']}"), 200)
    assert [(x["carrier"], x["tracking_number"]) for x in after["shipments"]] == [("顺丰", "SF123456")]
    assert after["shipments"][0]["shipped_at"] is not None


async def test_a_cart_is_priced_with_its_stock_without_saving_anything(api: Api, resources: Resources) -> None:
    s = await shop(api, resources, {"A": 2})
    sales = await api.user(s.tenant, "sales", scope={"kind": "store", "store_ids": [s.store_id]})
    body = {
        "store_id": s.store_id,
        "lines": [
            {"product_id": s.products["A"], "quantity": 3, "discount": "10.00"},
            {"product_id": s.products["B"], "quantity": 2},
        ],
        "discount": "5.00",
    }
    quote = expect(await api.client.post(f"{API}/orders/quote", json=body, headers=sales.headers), 200)
    assert [(x["sku"], x["line_total"], x["available"]) for x in quote["lines"]] == [
        ("A-100", "285.98", 2),
        ("B-355", "70.02", 0),
    ]
    assert (quote["subtotal"], quote["discount_total"], quote["tax_total"], quote["total"]) == (
        "371.00",
        "15.00",
        "36.86",
        "356.00",
    )
    without_store = expect(
        await api.client.post(f"{API}/orders/quote", json={"lines": body["lines"]}, headers=sales.headers), 200
    )
    assert [x["available"] for x in without_store["lines"]] == [None, None]
    assert expect(await api.client.get(f"{API}/orders", headers=sales.headers), 200)["items"] == []
    other_store = await api.store(s.tenant, "SH09")
    refused = await api.client.post(
        f"{API}/orders/quote", json={**body, "store_id": other_store}, headers=sales.headers
    )
    assert expect(refused, 422)["errors"] == [{"field": "store_id", "message": "is not a store you can sell from"}]


async def test_a_draft_becomes_a_walk_in_and_a_members_order_takes_no_second_member(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    body = {"customer_id": s.customer_id, "store_id": s.store_id, "channel": "store", "lines": one_cup(s)}
    draft = expect(await api.client.post(f"{API}/orders", json=body, headers=owner.headers), 201)
    assert "attach_customer" not in draft["allowed_actions"]
    other = await api.customer(owner, name="李四")
    refused = await attach(api, owner, draft, other["id"], 409)
    assert refused["code"] == "order_has_customer"
    same = await attach(api, owner, draft, s.customer_id)
    assert same["version"] == draft["version"]  # attaching the customer it has changes nothing

    cleared = await api.client.patch(
        f"{API}/orders/{draft['id']}",
        json={"customer_id": None},
        headers={**owner.headers, "If-Match": f'"{draft["version"]}"'},
    )
    walk_in_draft = expect(cleared, 200)
    assert walk_in_draft["customer_id"] is None
    assert walk_in_draft["events"][-1]["data"] == {"customer_id": {"from": s.customer_id, "to": None}}
    assert "attach_customer" in walk_in_draft["allowed_actions"]
