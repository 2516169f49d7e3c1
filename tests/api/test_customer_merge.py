"""Duplicates and merge: likely pairs with their reasons; the create form's check; a merge moves
everything to the survivor and loses nothing; the merged id answers 404 with merged_into."""

from __future__ import annotations

import asyncio
from typing import Any

from api.state import Resources
from tests.factories import Actor, Api, expect
from tests.orders_support import API, act, create_order, pay, shop
from tests.service_support import Desk, comment, open_ticket


async def _timeline(api: Api, actor: Actor, customer_id: str) -> list[dict[str, Any]]:
    page = await api.client.get(f"{API}/customers/{customer_id}/timeline", params={"limit": 200}, headers=actor.headers)
    return list(expect(page, 200)["items"])


async def test_likely_duplicates_are_paired_with_their_reasons(api: Api) -> None:
    tenant = await api.signup()
    owner = tenant.owner
    a = await api.customer(owner, name="张三丰", phone="13800138000", birthday="1990-01-02", email="zsf@example.com")
    b = await api.customer(owner, name="张 三丰", birthday="1990-01-02")  # same name and birthday
    c = await api.customer(owner, name="张三峰", phone="13900008000")  # same pinyin, same last 4
    d = await api.customer(owner, name="Zhang", email="zsf@example.com")  # same email
    await api.customer(owner, name="李四", phone="13700001111")

    pairs = expect(await api.client.get(f"{API}/customers/duplicates", headers=owner.headers), 200)["items"]

    found = {frozenset((p["first"]["id"], p["second"]["id"])): (p["reasons"], p["score"]) for p in pairs}
    assert found == {
        frozenset((a["id"], b["id"])): (["same_name_and_birthday"], 0.8),
        frozenset((a["id"], c["id"])): (["same_pinyin_and_last4"], 0.6),
        frozenset((a["id"], d["id"])): (["same_email"], 0.9),
    }
    walked, cursor = [], None  # one pair a page: the same pairs, in the same order, nothing twice
    while True:
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        page = expect(await api.client.get(f"{API}/customers/duplicates", params=params, headers=owner.headers), 200)
        walked += [(p["first"]["id"], p["second"]["id"]) for p in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert walked == [(p["first"]["id"], p["second"]["id"]) for p in pairs]
    forged = await api.client.get(f"{API}/customers/duplicates", params={"cursor": "a.b"}, headers=owner.headers)
    assert expect(forged, 422)["errors"] == [{"field": "cursor", "message": "is not a cursor this API issued"}]

    check = await api.client.post(
        f"{API}/customers/duplicates/check",
        json={"name": "张三丰", "phone": "138 0013 8000", "birthday": "1990-01-02"},
        headers=owner.headers,
    )
    candidates = expect(check, 200)
    assert [(x["id"], x["reasons"]) for x in candidates] == [
        (a["id"], ["same_name_and_birthday", "same_pinyin_and_last4"]),
        (b["id"], ["same_name_and_birthday"]),
        (c["id"], ["same_pinyin_and_last4"]),
    ]
    assert candidates[0]["score"] == 0.92


async def test_a_merge_moves_everything_and_the_merged_id_points_at_the_survivor(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    survivor_id = s.customer_id
    other = await api.customer(
        owner, name="张三丰", phone="13911112222", email="zsf@example.com", tags=["常客"],
        consent={"email": {"granted": False}, "sms": {"granted": True}},
    )  # fmt: skip
    await api.client.patch(
        f"{API}/customers/{survivor_id}",
        json={"tags": ["VIP"], "consent": {"email": {"granted": True}, "sms": {"granted": True}}},
        headers=owner.headers,
    )
    o1 = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}], customer_id=other["id"])
    await act(api, owner, o1["id"], "submit")
    await pay(api, owner, o1["id"], "100.00")
    ticket = await open_ticket(api, owner, Desk(s.tenant, s.store_id, other["id"]), store_id=s.store_id)
    await comment(api, owner, ticket["id"], "已处理", public=True)
    await api.client.post(
        f"{API}/customers/{other['id']}/activities", json={"kind": "call", "body": "回访"}, headers=owner.headers
    )
    before = len(await _timeline(api, owner, survivor_id)) + len(await _timeline(api, owner, other["id"]))

    merged = await api.client.post(
        f"{API}/customers/{survivor_id}/merge",
        json={"other_id": other["id"], "keep": {"phone": "other", "email": "other"}},
        headers=owner.headers,
    )

    body = expect(merged, 200)
    assert (body["phone"], body["email"], body["name"]) == ("+8613911112222", "zsf@example.com", "张三丰")
    assert sorted(body["tags"]) == ["VIP", "常客"]
    assert (body["consent"]["email"]["granted"], body["consent"]["sms"]["granted"]) == (False, True)
    order = expect(await api.client.get(f"{API}/orders/{o1['id']}", headers=owner.headers), 200)
    assert order["customer_id"] == survivor_id
    moved_ticket = expect(await api.client.get(f"{API}/tickets/{ticket['id']}", headers=owner.headers), 200)
    assert moved_ticket["customer_id"] == survivor_id
    after = await _timeline(api, owner, survivor_id)
    assert len(after) == before + 1  # everything of both, and the merge itself
    assert after[0]["kind"] == "customer.merged"
    assert after[0]["data"]["merged_id"] == other["id"]
    assert {e["kind"] for e in after} >= {"order.payment_recorded", "ticket.replied", "activity.call"}
    summary = expect(await api.client.get(f"{API}/customers/{survivor_id}/summary", headers=owner.headers), 200)
    assert (summary["orders"], summary["lifetime_spend"], summary["open_tickets"]) == (1, "100.00", 1)

    gone = await api.client.get(f"{API}/customers/{other['id']}", headers=owner.headers)
    assert expect(gone, 404)["merged_into"] == survivor_id
    again = await api.client.post(
        f"{API}/customers/{survivor_id}/merge", json={"other_id": other["id"]}, headers=owner.headers
    )
    assert again.status_code == 404
    itself = await api.client.post(
        f"{API}/customers/{survivor_id}/merge", json={"other_id": survivor_id}, headers=owner.headers
    )
    assert expect(itself, 422)["errors"][0]["field"] == "other_id"
    search = expect(await api.client.get(f"{API}/customers", params={"q": "13911112222"}, headers=owner.headers), 200)
    assert [c["id"] for c in search["items"]] == [survivor_id]


async def test_merging_another_tenants_customer_is_404_and_sales_may_not_merge(api: Api) -> None:
    mine, theirs = await api.signup(), await api.signup()
    here = await api.customer(mine.owner, name="王一")
    there = await api.customer(theirs.owner, name="王一")
    cross = await api.client.post(
        f"{API}/customers/{here['id']}/merge", json={"other_id": there["id"]}, headers=mine.owner.headers
    )
    assert expect(cross, 404)["code"] == "not_found"
    sales = await api.user(mine, "sales")
    other = await api.customer(mine.owner, name="王二")
    refused = await api.client.post(
        f"{API}/customers/{here['id']}/merge", json={"other_id": other["id"]}, headers=sales.headers
    )
    assert expect(refused, 403)["permission"] == "customers:merge"


async def test_an_order_captured_while_the_merge_runs_ends_on_the_survivor_or_is_refused(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    other = await api.customer(owner, name="张三丰")
    line = [{"product_id": s.products["A"], "quantity": 1}]
    body = {"customer_id": other["id"], "store_id": s.store_id, "channel": "store", "lines": line}

    merged, captured = await asyncio.gather(
        api.client.post(
            f"{API}/customers/{s.customer_id}/merge", json={"other_id": other["id"]}, headers=owner.headers
        ),
        api.client.post(f"{API}/orders", json=body, headers=owner.headers),
    )

    assert merged.status_code == 200
    if captured.status_code == 201:  # before the merge: it moved with the rest
        order = expect(await api.client.get(f"{API}/orders/{captured.json()['id']}", headers=owner.headers), 200)
        assert order["customer_id"] == s.customer_id
    else:  # after it: the merged record is no customer any more
        assert expect(captured, 422)["errors"][0]["field"] == "customer_id"
