"""Payments over HTTP: partial payments, balance due, over-payment 422, unpayable orders 409."""

from __future__ import annotations

from typing import Any

from api.state import Resources
from tenants.decimals import MONEY
from tests.factories import Api, expect
from tests.orders_support import API, Shop, act, create_order, outbox_events, pay, shop


def lines(s: Shop) -> list[dict[str, Any]]:
    # A: 3 × 100.00 − 10.00 = 290.00; B: 2 × 35.50 = 71.00; total 361.00.
    return [
        {"product_id": s.products["A"], "quantity": 3, "discount": "10.00"},
        {"product_id": s.products["B"], "quantity": 2},
    ]


async def test_partial_payments_bring_the_balance_due_to_zero(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, lines(s))
    oid = order["id"]
    assert order["total"] == "361.00"
    draft = await pay(api, owner, oid, "10.00", status=409)
    assert draft["code"] == "order_not_payable"
    await act(api, owner, oid, "submit")

    first = await pay(api, owner, oid, "100.00")
    assert (first["method"], first["amount"], first["reference"], first["return_id"]) == (
        "cash",
        "100.00",
        "POS-100.00",
        None,
    )
    assert first["recorded_by"] == owner.user_id
    order = expect(await api.client.get(f"{API}/orders/{oid}", headers=owner.headers), 200)
    assert order["payments"] == {"paid_total": "100.00", "refunded_total": "0.00", "balance_due": "261.00"}

    over = await pay(api, owner, oid, "261.01", status=422)
    assert over["errors"] == [{"field": "amount", "message": "exceeds the balance due of 261.00"}]
    for amount, message in (
        ("0", "must be positive"),
        ("-5.00", MONEY.message),
        ("1.001", MONEY.message),
    ):
        refused = await pay(api, owner, oid, amount, status=422)
        assert refused["errors"] == [{"field": "amount", "message": message}], amount
    unknown = await api.client.post(
        f"{API}/orders/{oid}/payments", json={"method": "bitcoin", "amount": "1.00"}, headers=owner.headers
    )
    assert expect(unknown, 422)["errors"][0]["field"] == "method"

    second = await pay(api, owner, oid, "261.00", method="wechat_pay")
    assert (second["method"], second["amount"]) == ("wechat_pay", "261.00")
    order = expect(await api.client.get(f"{API}/orders/{oid}", headers=owner.headers), 200)
    assert order["payments"] == {"paid_total": "361.00", "refunded_total": "0.00", "balance_due": "0.00"}
    assert [(p["id"], p["amount"]) for p in order["payment_records"]] == [
        (first["id"], "100.00"),
        (second["id"], "261.00"),
    ]
    assert [e["kind"] for e in order["events"]][-2:] == ["payment_recorded", "payment_recorded"]
    assert order["events"][-1]["data"]["balance_due"] == "0.00"
    # Nothing is owed any more: even one cent is refused.
    assert (await pay(api, owner, oid, "0.01", status=422))["errors"][0]["message"] == (
        "exceeds the balance due of 0.00"
    )

    listed = expect(await api.client.get(f"{API}/orders/{oid}/payments", headers=owner.headers), 200)
    assert [(p["method"], p["amount"]) for p in listed] == [("cash", "100.00"), ("wechat_pay", "261.00")]
    recorded = [e for e in await outbox_events(resources, s.tenant.id, oid) if e["topic"] == "order.payment_recorded"]
    assert [(e["amount"], e["paid_total"], e["balance_due"]) for e in recorded] == [
        ("100.00", "100.00", "261.00"),
        ("261.00", "361.00", "0.00"),
    ]
    audit = expect(await api.client.get(f"{API}/audit-log", params={"limit": 200}, headers=owner.headers), 200)
    assert [e["action"] for e in audit["items"]].count("order.payment_recorded") == 2


async def test_cancelled_orders_take_no_payment_and_scope_hides_other_stores(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, lines(s))
    await act(api, owner, order["id"], "cancel", body={"reason": "客户取消"})
    assert (await pay(api, owner, order["id"], "1.00", status=409))["code"] == "order_not_payable"

    other_store = await api.store(s.tenant, "BJ01")
    sales = await api.user(s.tenant, "sales", scope={"kind": "store", "store_ids": [other_store]})
    theirs = await create_order(api, owner, s, lines(s))
    await act(api, owner, theirs["id"], "submit")
    assert (await pay(api, sales, theirs["id"], "1.00", status=404))["code"] == "not_found"
    hidden = await api.client.get(f"{API}/orders/{theirs['id']}/payments", headers=sales.headers)
    assert expect(hidden, 404)["code"] == "not_found"
    # Nothing was recorded by the refused call.
    listed = expect(await api.client.get(f"{API}/orders/{theirs['id']}/payments", headers=owner.headers), 200)
    assert listed == []
