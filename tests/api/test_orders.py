"""Orders over HTTP: capture, the lifecycle with stock at every step, approval, scope, errors."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from api.state import Resources
from tenants.decimals import MONEY, PERCENT
from tests.factories import Api, expect
from tests.orders_support import API, Shop, act, create_order, product, receive, shop, stock_of


def two_lines(s: Shop) -> list[dict[str, Any]]:
    return [
        {"product_id": s.products["A"], "quantity": 3, "discount": "10.00"},
        {"product_id": s.products["B"], "quantity": 2},
    ]


def kinds(order: dict[str, Any]) -> list[str]:
    return [e["kind"] for e in order["events"]]


async def levels(resources: Resources, s: Shop) -> dict[str, tuple[int, int]]:
    """(on_hand, reserved) of both products at the shop's store."""
    return {sku: await stock_of(resources, s.tenant.id, s.store_id, pid) for sku, pid in s.products.items()}


async def test_capture_prices_from_the_catalog_with_totals_and_a_number(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, two_lines(s), discount="5.00", note="VIP")
    year = datetime.now(ZoneInfo("Asia/Shanghai")).year
    assert re.fullmatch(rf"SO-{year}-\d{{6}}", order["number"])
    assert order["status"] == "draft"
    assert order["allowed_actions"] == ["update_lines", "submit", "cancel", "discard"]
    a, b = order["lines"]
    assert (a["sku"], a["name"], a["unit_price"], a["discount"], a["tax_rate"]) == (
        "A-100",
        "保温杯",
        "100.00",
        "10.00",
        "0.1300",
    )
    assert (a["line_total"], a["tax_amount"]) == ("285.98", "32.90")
    assert (b["unit_price"], b["discount"], b["line_total"], b["tax_amount"]) == ("35.50", "0.00", "70.02", "3.96")
    assert (order["subtotal"], order["discount"], order["discount_total"], order["tax_total"], order["total"]) == (
        "371.00",
        "5.00",
        "15.00",
        "36.86",
        "356.00",
    )
    assert order["payments"] == {"paid_total": "0.00", "refunded_total": "0.00", "balance_due": "356.00"}
    assert order["version"] == 1
    assert order["created_by"] == owner.user_id
    assert kinds(order) == ["created"]
    assert order["events"][0]["to_status"] == "draft"
    assert len(order["tracking_token"]) == 43
    # Nothing is reserved for a draft.
    assert await stock_of(resources, s.tenant.id, s.store_id, s.products["A"]) == (10, 0)
    fetched = await api.client.get(f"{API}/orders/{order['id']}", headers=owner.headers)
    assert expect(fetched, 200) == order
    assert fetched.headers["etag"] == '"1"'


async def test_the_client_cannot_send_a_price(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    lines = [{"product_id": s.products["A"], "quantity": 1, "unit_price": "0.01"}]
    body = await create_order(api, s.tenant.owner, s, lines, status=422)
    assert body["code"] == "validation_failed"
    assert body["errors"] == [{"field": "lines.0.unit_price", "message": "is not a known field"}]
    one = [{"product_id": s.products["A"], "quantity": 1}]
    body = await create_order(api, s.tenant.owner, s, one, status=422, total="1.00")
    assert body["code"] == "validation_failed"
    assert body["errors"] == [{"field": "total", "message": "is not a known field"}]
    listed = expect(await api.client.get(f"{API}/orders", headers=s.tenant.owner.headers), 200)
    assert listed["items"] == []


async def test_lifecycle_capture_to_completion_with_stock_at_every_step(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, two_lines(s))
    oid = order["id"]
    line_a, line_b = (line["id"] for line in order["lines"])

    order = await act(api, owner, oid, "submit")
    assert order["status"] == "approved"
    assert order["requires_approval"] is False
    assert order["allowed_actions"] == ["fulfil", "cancel", "edit"]
    assert kinds(order) == ["created", "submitted", "approved"]
    approved = order["events"][2]
    assert (approved["from_status"], approved["to_status"], approved["actor_type"]) == ("draft", "approved", "system")
    assert await levels(resources, s) == {"A": (10, 3), "B": (5, 2)}

    order = await act(api, owner, oid, "fulfil", body={"lines": [{"line_id": line_a, "quantity": 1}]})
    assert order["status"] == "processing"
    assert order["allowed_actions"] == ["fulfil", "ship", "cancel", "edit"]
    assert [(f["status"], f["lines"]) for f in order["fulfilments"]] == [
        ("packed", [{"line_id": line_a, "quantity": 1}])
    ]
    assert await levels(resources, s) == {"A": (10, 3), "B": (5, 2)}

    # Never above ordered − packed: 2 units of A are left.
    too_many = await act(api, owner, oid, "fulfil", 422, {"lines": [{"line_id": line_a, "quantity": 3}]})
    assert too_many["errors"] == [{"field": "lines.0.quantity", "message": "exceeds the 2 unit(s) left to pack"}]

    order = await act(
        api,
        owner,
        oid,
        "fulfil",
        body={"lines": [{"line_id": line_a, "quantity": 2}, {"line_id": line_b, "quantity": 2}]},
    )
    assert order["status"] == "fulfilled"
    assert order["allowed_actions"] == ["ship", "cancel", "edit"]
    assert [(line["fulfilled_quantity"], line["shipped_quantity"]) for line in order["lines"]] == [(3, 0), (2, 0)]
    refused = await act(api, owner, oid, "fulfil", 409, {"lines": [{"line_id": line_a, "quantity": 1}]})
    assert (refused["code"], refused["action"], refused["current_status"]) == (
        "invalid_transition",
        "fulfil",
        "fulfilled",
    )

    order = await act(api, owner, oid, "ship", body={"carrier": "顺丰", "tracking_number": "SF1234567890"})
    assert order["status"] == "shipped"
    assert order["allowed_actions"] == ["deliver"]
    assert [(f["status"], f["carrier"], f["tracking_number"]) for f in order["fulfilments"]] == [
        ("shipped", "顺丰", "SF1234567890"),
        ("shipped", "顺丰", "SF1234567890"),
    ]
    assert order["shipped_at"] is not None
    assert await levels(resources, s) == {"A": (7, 0), "B": (3, 0)}

    order = await act(api, owner, oid, "deliver")
    assert order["status"] == "delivered"
    assert order["allowed_actions"] == ["complete"]
    assert [f["status"] for f in order["fulfilments"]] == ["delivered", "delivered"]

    order = await act(api, owner, oid, "complete")
    assert order["status"] == "completed"
    assert order["allowed_actions"] == []
    assert kinds(order) == [
        "created",
        "submitted",
        "approved",
        "fulfilled",
        "fulfilled",
        "shipped",
        "delivered",
        "completed",
    ]
    assert [(e["from_status"], e["to_status"]) for e in order["events"][3:]] == [
        ("approved", "processing"),
        ("processing", "fulfilled"),
        ("fulfilled", "shipped"),
        ("shipped", "delivered"),
        ("delivered", "completed"),
    ]
    assert all(e["actor_id"] == owner.user_id for e in order["events"] if e["actor_type"] == "user")
    assert order["version"] == 8
    assert await levels(resources, s) == {"A": (7, 0), "B": (3, 0)}
    audit = expect(await api.client.get(f"{API}/audit-log", params={"target_id": oid}, headers=owner.headers), 200)
    assert sorted(e["action"] for e in audit["items"]) == sorted(
        f"order.{k}"
        for k in ["created", "submitted", "approved", "fulfilled", "fulfilled", "shipped", "delivered", "completed"]
    )


async def test_one_fulfilment_ships_at_a_time_and_consumes_only_its_units(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, two_lines(s))
    await act(api, owner, order["id"], "submit")
    line_a, line_b = (line["id"] for line in order["lines"])
    first = await act(api, owner, order["id"], "fulfil", body={"lines": [{"line_id": line_a, "quantity": 2}]})
    first_id = first["fulfilments"][0]["id"]
    shipped = await act(
        api, owner, order["id"], "ship", body={"fulfilment_id": first_id, "carrier": "EMS", "tracking_number": "E1"}
    )
    assert shipped["status"] == "processing"
    assert [(line["fulfilled_quantity"], line["shipped_quantity"]) for line in shipped["lines"]] == [(2, 2), (0, 0)]
    assert await levels(resources, s) == {"A": (8, 1), "B": (5, 2)}
    # Nothing packed is waiting: ship is refused, and so is cancel (part of the order has left).
    assert shipped["allowed_actions"] == ["fulfil"]
    refused = await act(api, owner, order["id"], "ship", 409, {"carrier": "EMS", "tracking_number": "E2"})
    assert refused["code"] == "invalid_transition"
    again = await act(
        api, owner, order["id"], "ship", 409, {"fulfilment_id": first_id, "carrier": "EMS", "tracking_number": "E3"}
    )
    assert again["code"] == "invalid_transition"
    cancel = await act(api, owner, order["id"], "cancel", 409, {"reason": "changed mind"})
    assert cancel["detail"] == "Cannot cancel an order that is processing: part of the order has already shipped."
    rest = [{"line_id": line_a, "quantity": 1}, {"line_id": line_b, "quantity": 2}]
    second = await act(api, owner, order["id"], "fulfil", body={"lines": rest})
    assert second["status"] == "processing"  # all packed, part shipped
    done = await act(api, owner, order["id"], "ship", body={"carrier": "EMS", "tracking_number": "E4"})
    assert done["status"] == "shipped"
    assert [f["tracking_number"] for f in done["fulfilments"]] == ["E1", "E4"]
    assert await levels(resources, s) == {"A": (7, 0), "B": (3, 0)}


async def test_cancel_releases_the_reservations(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, two_lines(s))
    await act(api, owner, order["id"], "submit")
    line_a = order["lines"][0]["id"]
    await act(api, owner, order["id"], "fulfil", body={"lines": [{"line_id": line_a, "quantity": 1}]})
    assert await levels(resources, s) == {"A": (10, 3), "B": (5, 2)}
    cancelled = await act(api, owner, order["id"], "cancel", body={"reason": "客户取消"})
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancel_reason"] == "客户取消"
    assert cancelled["allowed_actions"] == []
    assert [f["status"] for f in cancelled["fulfilments"]] == ["cancelled"]
    assert cancelled["events"][-1]["kind"] == "cancelled"
    assert cancelled["events"][-1]["note"] == "客户取消"
    assert await levels(resources, s) == {"A": (10, 0), "B": (5, 0)}
    again = await act(api, owner, order["id"], "cancel", 409, {"reason": "twice"})
    assert (again["code"], again["action"], again["current_status"]) == ("invalid_transition", "cancel", "cancelled")
    # A draft has nothing reserved: cancelling it touches no stock.
    draft = await create_order(api, owner, s, two_lines(s))
    assert (await act(api, owner, draft["id"], "cancel", body={"reason": "test"}))["status"] == "cancelled"
    assert await levels(resources, s) == {"A": (10, 0), "B": (5, 0)}
    missing_reason = await act(api, owner, draft["id"], "cancel", 422, {})
    assert missing_reason["code"] == "validation_failed"


async def test_approval_rules_hold_the_order_for_a_manager_who_approves_or_rejects(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    sales = await api.user(s.tenant, "sales", scope={"kind": "store", "store_ids": [s.store_id]})
    manager = await api.user(s.tenant, "store_manager", scope={"kind": "store", "store_ids": [s.store_id]})
    rules = {"approval_amount_threshold": "300.00", "approval_discount_percent": "20"}
    expect(await api.client.put(f"{API}/settings/orders", json=rules, headers=owner.headers), 200)

    big = await create_order(api, sales, s, two_lines(s))  # 361.00 > 300.00
    pending = await act(api, sales, big["id"], "submit")
    assert pending["status"] == "pending_approval"
    assert pending["requires_approval"] is True
    assert pending["allowed_actions"] == []  # a cashier may neither approve nor cancel
    assert pending["events"][-1]["data"] == {"approval_reasons": ["amount_above_threshold"]}
    assert await levels(resources, s) == {"A": (10, 0), "B": (5, 0)}
    denied = await act(api, sales, big["id"], "approve", 403)
    assert (denied["code"], denied["permission"]) == ("permission_denied", "orders:approve")

    seen_by_manager = expect(await api.client.get(f"{API}/orders/{big['id']}", headers=manager.headers), 200)
    assert seen_by_manager["allowed_actions"] == ["approve", "reject", "cancel"]
    approved = await act(api, manager, big["id"], "approve")
    assert approved["status"] == "approved"
    assert approved["events"][-1]["actor_id"] == manager.user_id
    assert approved["events"][-1]["data"] == {"automatic": False}
    assert await levels(resources, s) == {"A": (10, 3), "B": (5, 2)}

    discounted = [{"product_id": s.products["B"], "quantity": 1, "discount": "7.11"}]  # 20.03 %
    second = await act(api, sales, (await create_order(api, sales, s, discounted))["id"], "submit")
    assert second["status"] == "pending_approval"
    assert second["events"][-1]["data"] == {"approval_reasons": ["discount_above_limit"]}
    rejected = await act(api, manager, second["id"], "reject", body={"reason": "折扣过高"})
    assert (rejected["status"], rejected["reject_reason"]) == ("rejected", "折扣过高")
    assert rejected["allowed_actions"] == []
    late = await act(api, manager, second["id"], "approve", 409)
    assert (late["code"], late["action"], late["current_status"]) == ("invalid_transition", "approve", "rejected")
    assert await levels(resources, s) == {"A": (10, 3), "B": (5, 2)}

    small = [{"product_id": s.products["B"], "quantity": 1, "discount": "7.10"}]  # 20.00 %: not above
    assert (await act(api, sales, (await create_order(api, sales, s, small))["id"], "submit"))["status"] == "approved"


async def test_short_stock_is_409_with_the_short_lines_and_changes_nothing(api: Api, resources: Resources) -> None:
    s = await shop(api, resources, {"A": 2, "B": 5})
    owner = s.tenant.owner
    order = await create_order(api, owner, s, two_lines(s))
    short = await act(api, owner, order["id"], "submit", 409)
    assert short["code"] == "insufficient_stock"
    assert short["short_lines"] == [
        {
            "product_id": s.products["A"],
            "requested": 3,
            "available": 2,
            "sku": "A-100",
            "line_id": order["lines"][0]["id"],
        }
    ]
    after = expect(await api.client.get(f"{API}/orders/{order['id']}", headers=owner.headers), 200)
    assert (after["status"], after["version"], kinds(after)) == ("draft", 1, ["created"])
    assert await levels(resources, s) == {"A": (2, 0), "B": (5, 0)}
    await receive(resources, s.tenant.id, s.store_id, s.products["A"], 1)
    assert (await act(api, owner, order["id"], "submit"))["status"] == "approved"
    assert await levels(resources, s) == {"A": (3, 3), "B": (5, 2)}


async def test_illegal_transitions_are_409_invalid_transition(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, two_lines(s))
    oid = order["id"]
    for action, body in (
        ("approve", None),
        ("reject", {"reason": "no"}),
        ("ship", {"carrier": "SF", "tracking_number": "1"}),
        ("deliver", None),
        ("complete", None),
        ("fulfil", {"lines": [{"line_id": order["lines"][0]["id"], "quantity": 1}]}),
        ("edit", {"lines": [{"product_id": s.products["A"], "quantity": 1}]}),
    ):
        refused = await act(api, owner, oid, action, 409, body)
        assert (refused["code"], refused["action"], refused["current_status"]) == (
            "invalid_transition",
            action,
            "draft",
        )
        assert refused["detail"] == f"Cannot {action} an order that is draft."
    await act(api, owner, oid, "submit")
    again = await act(api, owner, oid, "submit", 409)
    assert (again["code"], again["current_status"]) == ("invalid_transition", "approved")
    lines = await api.client.put(
        f"{API}/orders/{oid}/lines",
        json={"lines": [{"product_id": s.products["A"], "quantity": 1}]},
        headers=owner.headers,
    )
    assert (expect(lines, 409)["code"], lines.json()["action"]) == ("invalid_transition", "update_lines")
    after = expect(await api.client.get(f"{API}/orders/{oid}", headers=owner.headers), 200)
    assert kinds(after) == ["created", "submitted", "approved"]


async def test_draft_lines_are_replaced_and_repriced_with_if_match(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, two_lines(s), discount="5.00")
    url = f"{API}/orders/{order['id']}/lines"
    body = {"lines": [{"product_id": s.products["B"], "quantity": 4, "discount": "2.00"}]}
    replaced = expect(await api.client.put(url, json=body, headers={**owner.headers, "If-Match": '"1"'}), 200)
    assert [(line["line_no"], line["sku"], line["quantity"]) for line in replaced["lines"]] == [(1, "B-355", 4)]
    # 142.00 − 2.00 − 5.00 (the order discount is kept) = 135.00; tax 135 × 0.06 / 1.06 = 7.64
    assert (replaced["subtotal"], replaced["discount_total"], replaced["total"], replaced["tax_total"]) == (
        "142.00",
        "7.00",
        "135.00",
        "7.64",
    )
    assert replaced["version"] == 2
    assert replaced["events"][-1]["kind"] == "lines_updated"
    stale = await api.client.put(url, json=body, headers={**owner.headers, "If-Match": '"1"'})
    assert expect(stale, 412)["code"] == "version_mismatch"
    no_discount = {"lines": body["lines"], "discount": "0"}
    cleared = expect(await api.client.put(url, json=no_discount, headers=owner.headers), 200)
    assert (cleared["discount"], cleared["total"]) == ("0.00", "140.00")


async def test_capture_validation(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    archived = await product(resources, s.tenant.id, "OLD-1", "9.90", status="archived")
    body = await create_order(api, owner, s, [{"product_id": archived, "quantity": 1}], status=422)
    assert body["errors"] == [{"field": "lines.0.product_id", "message": "is not an active product of the catalog"}]
    over = [{"product_id": s.products["A"], "quantity": 1, "discount": "100.01"}]
    body = await create_order(api, owner, s, over, status=422)
    assert body["errors"] == [{"field": "lines.0.discount", "message": "must not exceed the line amount 100.00"}]
    twice = [{"product_id": s.products["A"], "quantity": 1}, {"product_id": s.products["A"], "quantity": 2}]
    body = await create_order(api, owner, s, twice, status=422)
    assert body["errors"] == [{"field": "lines.1.product_id", "message": "appears on more than one line"}]
    body = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 0}], status=422)
    assert body["errors"][0]["field"] == "lines.0.quantity"
    body = await create_order(api, owner, s, [], status=422)
    assert body["errors"][0]["field"] == "lines"
    body = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}], 422, discount="-1")
    assert body["errors"] == [{"field": "discount", "message": MONEY.message}]
    other = await api.signup()
    stranger = await api.customer(other.owner, name="外人")
    body = await create_order(
        api, owner, s, [{"product_id": s.products["A"], "quantity": 1}], 422, customer_id=stranger["id"]
    )
    assert body["errors"] == [{"field": "customer_id", "message": "is not a customer you can see"}]


async def test_numbers_are_sequential_without_gaps_or_duplicates(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    one = [{"product_id": s.products["B"], "quantity": 1}]
    first = await create_order(api, owner, s, one)
    await create_order(api, owner, s, [{"product_id": s.products["B"], "quantity": 1, "discount": "99"}], status=422)
    rest = await asyncio.gather(*(create_order(api, owner, s, one) for _ in range(5)))
    numbers = sorted([first["number"], *(o["number"] for o in rest)])
    year = datetime.now(ZoneInfo("Asia/Shanghai")).year
    assert numbers == [f"SO-{year}-{n:06d}" for n in range(1, 7)]
    # Another tenant counts on its own.
    t = await shop(api, resources)
    other_line = [{"product_id": t.products["B"], "quantity": 1}]
    assert (await create_order(api, t.tenant.owner, t, other_line))["number"] == f"SO-{year}-000001"


async def test_store_scoped_sales_see_and_sell_only_in_their_stores(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    other_store = await api.store(s.tenant, "BJ01")
    await receive(resources, s.tenant.id, other_store, s.products["A"], 5)
    sales = await api.user(s.tenant, "sales", scope={"kind": "store", "store_ids": [s.store_id]})
    theirs = await create_order(api, owner, s, two_lines(s), store_id=other_store)
    mine = await create_order(api, sales, s, two_lines(s))

    assert expect(await api.client.get(f"{API}/orders/{theirs['id']}", headers=sales.headers), 404)["code"] == (
        "not_found"
    )
    assert (await act(api, sales, theirs["id"], "submit", 404))["code"] == "not_found"
    cancel = await act(api, sales, theirs["id"], "cancel", 403, {"reason": "x"})
    assert cancel["code"] == "permission_denied"  # sales lack orders:cancel: refused before any lookup
    listed = expect(await api.client.get(f"{API}/orders", headers=sales.headers), 200)
    assert [o["id"] for o in listed["items"]] == [mine["id"]]
    filtered = await api.client.get(f"{API}/orders", params={"store_id": other_store}, headers=sales.headers)
    assert expect(filtered, 200)["items"] == []
    body = await create_order(api, sales, s, two_lines(s), status=422, store_id=other_store)
    assert body["errors"] == [{"field": "store_id", "message": "is not a store you can sell from"}]
    # The owner sees both.
    everything = expect(await api.client.get(f"{API}/orders", headers=owner.headers), 200)
    assert [o["id"] for o in everything["items"]] == [mine["id"], theirs["id"]]


async def test_list_filters_and_keyset_pages_newest_first(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    one = [{"product_id": s.products["B"], "quantity": 1}]
    created = [await create_order(api, owner, s, one, channel=c) for c in ("store", "phone", "online", "store", "api")]
    await act(api, owner, created[1]["id"], "submit")

    async def ids(**params: Any) -> list[str]:
        body = expect(await api.client.get(f"{API}/orders", params=params, headers=owner.headers), 200)
        return [o["id"] for o in body["items"]]

    newest_first = [o["id"] for o in reversed(created)]
    assert await ids() == newest_first
    assert await ids(status="approved") == [created[1]["id"]]
    assert await ids(channel="store") == [created[3]["id"], created[0]["id"]]
    assert await ids(customer_id=s.customer_id) == newest_first
    assert await ids(q=created[2]["number"]) == [created[2]["id"]]
    assert await ids(q=created[2]["number"].lower()) == [created[2]["id"]]
    assert await ids(q="SO-") == newest_first
    assert await ids(q="XX") == []
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = expect(await api.client.get(f"{API}/orders", params=params, headers=owner.headers), 200)
        seen += [o["id"] for o in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == newest_first
    bad = await api.client.get(f"{API}/orders", params={"cursor": "nonsense"}, headers=owner.headers)
    assert expect(bad, 422)["code"] == "validation_failed"


async def test_edit_after_approval_rereserves_the_difference_and_records_the_diff(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    s.products["C"] = await product(resources, s.tenant.id, "C-10", "10.00", name="纸巾")
    await receive(resources, s.tenant.id, s.store_id, s.products["C"], 4)
    order = await create_order(api, owner, s, two_lines(s))
    await act(api, owner, order["id"], "submit")
    line_a = order["lines"][0]["id"]
    await act(api, owner, order["id"], "fulfil", body={"lines": [{"line_id": line_a, "quantity": 2}]})
    assert await stock_of(resources, s.tenant.id, s.store_id, s.products["C"]) == (4, 0)

    below_packed = {"lines": [{"product_id": s.products["A"], "quantity": 1}]}
    refused = await act(api, owner, order["id"], "edit", 422, below_packed)
    assert refused["errors"] == [{"field": "lines.0.quantity", "message": "must not be below the 2 packed unit(s)"}]
    short = {"lines": [{"product_id": s.products["A"], "quantity": 3}, {"product_id": s.products["C"], "quantity": 5}]}
    assert (await act(api, owner, order["id"], "edit", 409, short))["code"] == "insufficient_stock"
    assert await levels(resources, s) == {"A": (10, 3), "B": (5, 2), "C": (4, 0)}

    edit = {
        "lines": [
            {"product_id": s.products["A"], "quantity": 5, "discount": "10.00"},
            {"product_id": s.products["C"], "quantity": 2},
        ],
        "note": "客户加购纸巾，不要绿茶",
    }
    edited = await act(api, owner, order["id"], "edit", body=edit)
    assert [(line["sku"], line["quantity"], line["fulfilled_quantity"]) for line in edited["lines"]] == [
        ("A-100", 5, 2),
        ("C-10", 2, 0),
    ]
    assert (edited["subtotal"], edited["total"]) == ("520.00", "510.00")
    assert edited["status"] == "processing"
    event = edited["events"][-1]
    assert (event["kind"], event["note"]) == ("edited", "客户加购纸巾，不要绿茶")
    assert event["data"] == {
        "added": [{"product_id": s.products["C"], "sku": "C-10", "quantity": 2}],
        "removed": [{"product_id": s.products["B"], "sku": "B-355", "quantity": 2}],
        "changed": [
            {
                "product_id": s.products["A"],
                "sku": "A-100",
                "quantity": {"from": 3, "to": 5},
                "discount": {"from": "10.00", "to": "10.00"},
            }
        ],
        "total": {"from": "361.00", "to": "510.00"},
    }
    assert await levels(resources, s) == {"A": (10, 5), "B": (5, 0), "C": (4, 2)}
    # The manager-level permission is required.
    sales = await api.user(s.tenant, "sales")
    assert (await act(api, sales, order["id"], "edit", 403, edit))["permission"] == "orders:update"


async def test_order_settings_read_and_replace(api: Api) -> None:
    tenant = await api.signup()
    url = f"{API}/settings/orders"
    assert expect(await api.client.get(url, headers=tenant.owner.headers), 200) == {
        "approval_amount_threshold": None,
        "approval_discount_percent": None,
        "draft_ttl_hours": 72,
        "updated_at": None,
    }
    body = expect(
        await api.client.put(
            url,
            json={"approval_amount_threshold": "5000", "approval_discount_percent": "15.5"},
            headers=tenant.owner.headers,
        ),
        200,
    )
    assert (body["approval_amount_threshold"], body["approval_discount_percent"]) == ("5000.00", "15.50")
    sales = await api.user(tenant, "sales")
    assert expect(await api.client.get(url, headers=sales.headers), 200)["approval_amount_threshold"] == "5000.00"
    denied = await api.client.put(
        url, json={"approval_amount_threshold": None, "approval_discount_percent": None}, headers=sales.headers
    )
    assert expect(denied, 403)["permission"] == "tenant:manage"
    bad = await api.client.put(
        url, json={"approval_amount_threshold": "-1", "approval_discount_percent": "100"}, headers=tenant.owner.headers
    )
    assert expect(bad, 422)["errors"] == [
        {"field": "approval_amount_threshold", "message": MONEY.message},
        {"field": "approval_discount_percent", "message": PERCENT.message},
    ]
    off = expect(
        await api.client.put(
            url,
            json={"approval_amount_threshold": None, "approval_discount_percent": None},
            headers=tenant.owner.headers,
        ),
        200,
    )
    assert (off["approval_amount_threshold"], off["approval_discount_percent"]) == (None, None)


async def test_a_draft_header_changes_with_if_match_and_is_recorded(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    other_store = await api.store(s.tenant, "BJ01")
    other_customer = await api.customer(owner, name="李四")
    order = await create_order(api, owner, s, two_lines(s), note="first")
    url = f"{API}/orders/{order['id']}"
    body = {"customer_id": other_customer["id"], "store_id": other_store, "channel": "phone", "note": "call back"}
    updated = expect(await api.client.patch(url, json=body, headers={**owner.headers, "If-Match": '"1"'}), 200)
    assert (updated["customer_id"], updated["store_id"], updated["channel"], updated["note"]) == (
        other_customer["id"],
        other_store,
        "phone",
        "call back",
    )
    assert updated["total"] == order["total"]
    assert updated["version"] == 2
    event = updated["events"][-1]
    assert event["kind"] == "updated"
    assert event["data"]["channel"] == {"from": "store", "to": "phone"}
    assert event["data"]["note"] == {"from": "first", "to": "call back"}
    stale = await api.client.patch(url, json={"note": "x"}, headers={**owner.headers, "If-Match": '"1"'})
    assert expect(stale, 412)["code"] == "version_mismatch"
    # Nothing changes on bad input: a status cannot be set, a stranger's customer is refused.
    body = expect(await api.client.patch(url, json={"status": "approved"}, headers=owner.headers), 422)
    assert body["errors"] == [{"field": "status", "message": "is not a known field"}]
    other = await api.signup()
    stranger = await api.customer(other.owner, name="外人")
    body = expect(await api.client.patch(url, json={"customer_id": stranger["id"]}, headers=owner.headers), 422)
    assert body["errors"] == [{"field": "customer_id", "message": "is not a customer you can see"}]
    same = expect(await api.client.get(url, headers=owner.headers), 200)
    assert (same["customer_id"], same["version"]) == (other_customer["id"], 2)
    # Only drafts: once submitted the header is fixed.
    await act(api, owner, order["id"], "submit", 409)  # its new store has no stock
    await api.client.patch(url, json={"store_id": s.store_id}, headers=owner.headers)
    await act(api, owner, order["id"], "submit")
    late = expect(await api.client.patch(url, json={"note": "late"}, headers=owner.headers), 409)
    assert late["code"] == "invalid_transition"


async def test_list_sorts_by_total_with_keyset_pages_and_names_customers(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    totals = []
    for quantity in (2, 1, 3, 1):
        order = await create_order(api, owner, s, [{"product_id": s.products["B"], "quantity": quantity}])
        totals.append((order["total"], order["id"]))

    async def listed(sort: str) -> list[tuple[str, str]]:
        seen: list[tuple[str, str]] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"sort": sort, "limit": 3, **({"cursor": cursor} if cursor else {})}
            body = expect(await api.client.get(f"{API}/orders", params=params, headers=owner.headers), 200)
            assert {o["customer_name"] for o in body["items"]} == {"张三丰"}
            seen += [(o["total"], o["id"]) for o in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                return seen

    by_total = sorted(totals, key=lambda t: (float(t[0]), t[1]))
    assert await listed("total") == by_total
    assert await listed("-total") == list(reversed(by_total))
    bad = await api.client.get(f"{API}/orders", params={"sort": "customer_id"}, headers=owner.headers)
    assert expect(bad, 422)["errors"][0]["field"] == "sort"
