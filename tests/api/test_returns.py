"""Returns (RMA) over HTTP: request → approve → receive (stock back) → refund (negative payment),
quantity limits, refunds capped by what was paid, and store scope."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from api.state import Resources
from tests.factories import Actor, Api, expect
from tests.orders_support import (
    API,
    Shop,
    act,
    create_order,
    deliver_order,
    movements,
    outbox_events,
    pay,
    shop,
    stock_of,
)

YEAR = datetime.now(ZoneInfo("Asia/Shanghai")).year


def lines(s: Shop) -> list[dict[str, Any]]:
    # A: 3 × 100.00 − 10.00 = 290.00; B: 2 × 35.50 = 71.00; total 361.00.
    return [
        {"product_id": s.products["A"], "quantity": 3, "discount": "10.00"},
        {"product_id": s.products["B"], "quantity": 2},
    ]


async def request(api: Api, actor: Actor, order_id: str, body: dict[str, Any], status: int = 201) -> Any:
    return expect(await api.client.post(f"{API}/orders/{order_id}/returns", json=body, headers=actor.headers), status)


async def step(api: Api, actor: Actor, return_id: str, action: str, body: dict[str, Any], status: int = 200) -> Any:
    response = await api.client.post(f"{API}/returns/{return_id}/{action}", json=body, headers=actor.headers)
    return expect(response, status)


async def test_request_approve_receive_refund(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await deliver_order(api, owner, s, lines(s))
    oid = order["id"]
    line_a, line_b = (line["id"] for line in order["lines"])
    await pay(api, owner, oid, "361.00")
    assert await stock_of(resources, s.tenant.id, s.store_id, s.products["A"]) == (7, 0)

    too_many = await request(api, owner, oid, {"lines": [{"line_id": line_a, "quantity": 4}], "reason": "x"}, 422)
    assert too_many["errors"] == [
        {"field": "lines.0.quantity", "message": "exceeds the 3 unit(s) that can be returned"}
    ]
    ret = await request(api, owner, oid, {"lines": [{"line_id": line_a, "quantity": 2}], "reason": "破损"})
    rid = ret["id"]
    assert ret["number"] == f"RMA-{YEAR}-000001"
    assert (ret["status"], ret["reason"], ret["store_id"], ret["order_number"]) == (
        "requested",
        "破损",
        s.store_id,
        order["number"],
    )
    assert ret["lines"] == [
        {"line_id": line_a, "product_id": s.products["A"], "sku": "A-100", "name": "保温杯", "quantity": 2}
    ]
    assert (ret["value"], ret["refund_amount"], ret["allowed_actions"]) == ("193.33", "0.00", ["approve", "reject"])
    # Units held by an open return cannot be requested twice.
    held = await request(api, owner, oid, {"lines": [{"line_id": line_a, "quantity": 2}], "reason": "x"}, 422)
    assert held["errors"][0]["message"] == "exceeds the 1 unit(s) that can be returned"
    # Refund before receipt is an illegal transition.
    early = await step(api, owner, rid, "refund", {"method": "cash"}, 409)
    assert (early["code"], early["action"], early["current_status"]) == ("invalid_transition", "refund", "requested")

    ret = await step(api, owner, rid, "approve", {})
    assert (ret["status"], ret["allowed_actions"]) == ("approved", ["receive"])
    ret = await step(api, owner, rid, "receive", {"store_id": s.store_id})
    assert (ret["status"], ret["allowed_actions"]) == ("received", ["refund"])
    assert await stock_of(resources, s.tenant.id, s.store_id, s.products["A"]) == (9, 0)
    assert (await movements(resources, s.tenant.id, s.store_id, s.products["A"]))[-1] == ("return", 2, "order_return")
    order = expect(await api.client.get(f"{API}/orders/{oid}", headers=owner.headers), 200)
    assert [line["returned_quantity"] for line in order["lines"]] == [2, 0]

    above_value = await step(api, owner, rid, "refund", {"method": "cash", "amount": "200.00"}, 422)
    assert above_value["errors"] == [{"field": "amount", "message": "exceeds the value of the returned goods (193.33)"}]
    ret = await step(api, owner, rid, "refund", {"method": "wechat_pay", "reference": "WX-R1"})
    assert (ret["status"], ret["refund_amount"], ret["value"], ret["allowed_actions"]) == (
        "refunded",
        "193.33",
        "193.33",
        [],
    )
    order = expect(await api.client.get(f"{API}/orders/{oid}", headers=owner.headers), 200)
    assert order["payments"] == {"paid_total": "361.00", "refunded_total": "193.33", "balance_due": "0.00"}
    refund = order["payment_records"][-1]
    assert (refund["method"], refund["amount"], refund["reference"], refund["return_id"]) == (
        "wechat_pay",
        "-193.33",
        "WX-R1",
        rid,
    )
    assert order["returns"] == [
        {
            "id": rid,
            "number": f"RMA-{YEAR}-000001",
            "status": "refunded",
            "refund_amount": "193.33",
            "created_at": ret["created_at"],
        }
    ]
    kinds = [e["kind"] for e in order["events"]]
    assert kinds[-4:] == ["return_requested", "return_approved", "return_received", "return_refunded"]
    topics = [e["topic"] for e in await outbox_events(resources, s.tenant.id, oid)]
    assert topics[-4:] == ["return.requested", "return.approved", "return.received", "return.refunded"]

    # The last unit of A is worth exactly what is left of its line total.
    second = await request(api, owner, oid, {"lines": [{"line_id": line_a, "quantity": 1}], "reason": "不要了"})
    assert (second["number"], second["value"]) == (f"RMA-{YEAR}-000002", "96.67")
    await step(api, owner, second["id"], "approve", {})
    await step(api, owner, second["id"], "receive", {})
    done = await step(api, owner, second["id"], "refund", {"method": "cash"})
    assert done["refund_amount"] == "96.67"
    order = expect(await api.client.get(f"{API}/orders/{oid}", headers=owner.headers), 200)
    assert order["payments"]["refunded_total"] == "290.00"
    nothing_left = await request(api, owner, oid, {"lines": [{"line_id": line_a, "quantity": 1}], "reason": "x"}, 422)
    assert nothing_left["errors"][0]["message"] == "exceeds the 0 unit(s) that can be returned"
    listed = expect(await api.client.get(f"{API}/orders/{oid}/returns", headers=owner.headers), 200)
    assert [(r["number"], r["status"]) for r in listed] == [
        (f"RMA-{YEAR}-000001", "refunded"),
        (f"RMA-{YEAR}-000002", "refunded"),
    ]
    assert line_b  # B was never returned
    assert expect(await api.client.get(f"{API}/returns/{rid}", headers=owner.headers), 200) == listed[0]


async def test_refunds_never_exceed_what_was_paid(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await deliver_order(api, owner, s, lines(s))
    oid = order["id"]
    line_a = order["lines"][0]["id"]
    await pay(api, owner, oid, "50.00")
    ret = await request(api, owner, oid, {"lines": [{"line_id": line_a, "quantity": 1}], "reason": "x"})
    await step(api, owner, ret["id"], "approve", {})
    await step(api, owner, ret["id"], "receive", {})
    over = await step(api, owner, ret["id"], "refund", {"method": "cash", "amount": "60.00"}, 409)
    assert (over["code"], over["refundable"], over["requested"]) == ("refund_exceeds_paid", "50.00", "60.00")
    capped = await step(api, owner, ret["id"], "refund", {"method": "cash"})
    assert capped["refund_amount"] == "50.00"
    # Everything paid is refunded: the next refund has nothing to give back.
    again = await request(api, owner, oid, {"lines": [{"line_id": line_a, "quantity": 1}], "reason": "y"})
    await step(api, owner, again["id"], "approve", {})
    await step(api, owner, again["id"], "receive", {})
    empty = await step(api, owner, again["id"], "refund", {"method": "cash"}, 409)
    assert (empty["code"], empty["refundable"]) == ("refund_exceeds_paid", "0.00")
    order = expect(await api.client.get(f"{API}/orders/{oid}", headers=owner.headers), 200)
    assert order["payments"] == {"paid_total": "50.00", "refunded_total": "50.00", "balance_due": "311.00"}
    assert [p["amount"] for p in order["payment_records"]] == ["50.00", "-50.00"]


async def test_only_delivered_orders_take_returns_and_rejection_frees_the_units(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    approved = await create_order(api, owner, s, lines(s))
    await act(api, owner, approved["id"], "submit")
    body = {"lines": [{"line_id": approved["lines"][0]["id"], "quantity": 1}], "reason": "x"}
    assert (await request(api, owner, approved["id"], body, 409))["code"] == "order_not_returnable"

    order = await deliver_order(api, owner, s, lines(s))
    line_a = order["lines"][0]["id"]
    unknown = await request(
        api, owner, order["id"], {"lines": [{"line_id": approved["lines"][0]["id"], "quantity": 1}], "reason": "x"}, 422
    )
    assert unknown["errors"] == [{"field": "lines.0.line_id", "message": "is not a line of this order"}]
    ret = await request(api, owner, order["id"], {"lines": [{"line_id": line_a, "quantity": 3}], "reason": "x"})
    rejected = await step(api, owner, ret["id"], "reject", {"reason": "超过退货期"})
    assert (rejected["status"], rejected["allowed_actions"]) == ("rejected", [])
    assert (await step(api, owner, ret["id"], "approve", {}, 409))["code"] == "invalid_transition"
    again = await request(api, owner, order["id"], {"lines": [{"line_id": line_a, "quantity": 3}], "reason": "x"})
    assert again["status"] == "requested"


async def test_store_scope_hides_other_stores_returns(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    other_store = await api.store(s.tenant, "BJ01")
    manager = await api.user(s.tenant, "store_manager", scope={"kind": "store", "store_ids": [other_store]})
    theirs = await deliver_order(api, owner, s, lines(s))
    line_a = theirs["lines"][0]["id"]
    body = {"lines": [{"line_id": line_a, "quantity": 1}], "reason": "x"}
    assert (await request(api, manager, theirs["id"], body, 404))["code"] == "not_found"
    hidden_list = await api.client.get(f"{API}/orders/{theirs['id']}/returns", headers=manager.headers)
    assert expect(hidden_list, 404)["code"] == "not_found"
    ret = await request(api, owner, theirs["id"], body)
    assert expect(await api.client.get(f"{API}/returns/{ret['id']}", headers=manager.headers), 404)["code"] == (
        "not_found"
    )
    assert (await step(api, manager, ret["id"], "approve", {}, 404))["code"] == "not_found"
    assert expect(await api.client.get(f"{API}/returns/{ret['id']}", headers=owner.headers), 200)["status"] == (
        "requested"
    )
    # A scoped manager cannot take goods back into a store outside its scope either.
    shop_manager = await api.user(s.tenant, "store_manager", scope={"kind": "store", "store_ids": [s.store_id]})
    await step(api, shop_manager, ret["id"], "approve", {})
    outside = await step(api, shop_manager, ret["id"], "receive", {"store_id": other_store}, 422)
    assert outside["errors"] == [{"field": "store_id", "message": "is not a store you can take goods back into"}]
    assert await stock_of(resources, s.tenant.id, s.store_id, s.products["A"]) == (7, 0)
