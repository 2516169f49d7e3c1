"""Transfers between stores over HTTP: the lifecycle, stock through "in transit", scope, errors."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tests.catalog_data import API, movements, product, receive, stock
from tests.factories import Actor, Api, Tenant, expect


@dataclass
class Chain:
    tenant: Tenant
    sh: str
    hz: str
    sz: str
    sh_manager: Actor
    hz_manager: Actor
    sz_manager: Actor
    milk: str
    rice: str


async def build_chain(api: Api) -> Chain:
    t = await api.signup()
    await api.region(t, "华东")
    await api.region(t, "华南")
    sh = await api.store(t, "SH01", "华东")
    hz = await api.store(t, "HZ01", "华东")
    sz = await api.store(t, "SZ01", "华南")
    managers = [
        await api.user(t, "store_manager", scope={"kind": "store", "store_ids": [store]}) for store in (sh, hz, sz)
    ]
    milk = (await product(api, t.owner, sku="MILK-1", name_zh="纯牛奶"))["id"]
    rice = (await product(api, t.owner, sku="RICE-1", name_zh="大米"))["id"]
    for store, quantity in ((hz, 10), (sh, 1)):
        await receive(api, t.owner, store, milk, quantity)
        await receive(api, t.owner, store, rice, quantity)
    return Chain(t, sh, hz, sz, *managers, milk, rice)


async def request(api: Api, actor: Actor, source: str, target: str, lines: list[tuple[str, int]]) -> Any:
    return await api.client.post(
        f"{API}/transfers",
        json={
            "from_store_id": source,
            "to_store_id": target,
            "lines": [{"product_id": p, "quantity": q} for p, q in lines],
            "note": "补货",
        },
        headers=actor.headers,
    )


async def act(api: Api, actor: Actor, transfer_id: str, action: str) -> Any:
    return await api.client.post(f"{API}/transfers/{transfer_id}/{action}", headers=actor.headers)


def levels(items: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[int, int]]:
    return {(i["store_id"], i["sku"]): (i["on_hand"], i["in_transit"]) for i in items}


async def test_request_ship_receive_moves_stock_through_in_transit(api: Api) -> None:
    c = await build_chain(api)
    owner = c.tenant.owner
    created = expect(await request(api, c.sh_manager, c.hz, c.sh, [(c.milk, 4), (c.rice, 2)]), 201)
    year = datetime.now(UTC).year
    assert created["number"] == f"TR-{year}-000001"
    assert (created["status"], created["in_transit"], created["note"]) == ("requested", 0, "补货")
    assert created["lines"] == [
        {"product_id": c.milk, "sku": "MILK-1", "name": "纯牛奶", "quantity": 4},
        {"product_id": c.rice, "sku": "RICE-1", "name": "大米", "quantity": 2},
    ]
    assert created["created_by"] == c.sh_manager.user_id
    # The requesting store cannot ship another store's stock; the source store can.
    assert created["allowed_actions"] == ["cancel"]
    seen_by_source = expect(await api.client.get(f"{API}/transfers/{created['id']}", headers=c.hz_manager.headers), 200)
    assert seen_by_source["allowed_actions"] == ["ship", "cancel"]
    refused = await act(api, c.sh_manager, created["id"], "ship")
    assert expect(refused, 403)["code"] == "store_out_of_scope"

    shipped = expect(await act(api, c.hz_manager, created["id"], "ship"), 200)
    assert (shipped["status"], shipped["in_transit"], shipped["version"]) == ("shipped", 6, 2)
    assert shipped["shipped_at"] is not None
    assert shipped["allowed_actions"] == []
    after_ship = levels(await stock(api, owner))
    assert after_ship[(c.hz, "MILK-1")] == (6, 0)
    assert after_ship[(c.sh, "MILK-1")] == (1, 4)
    assert after_ship[(c.sh, "RICE-1")] == (1, 2)

    received = expect(await act(api, c.sh_manager, created["id"], "receive"), 200)
    assert (received["status"], received["in_transit"], received["allowed_actions"]) == ("received", 0, [])
    after_receive = levels(await stock(api, owner))
    assert after_receive[(c.sh, "MILK-1")] == (5, 0)
    assert after_receive[(c.hz, "RICE-1")] == (8, 0)
    assert after_receive[(c.sh, "RICE-1")] == (3, 0)

    moved = [
        (m["store_id"], m["product_id"], m["kind"], m["on_hand_delta"], m["reason"])
        for m in await movements(api, owner, product_id=c.milk)
        if m["reference_id"] == created["id"]
    ]
    assert sorted(moved) == sorted(
        [
            (c.hz, c.milk, "transfer_out", -4, created["number"]),
            (c.sh, c.milk, "transfer_in", 4, created["number"]),
        ]
    )
    again = await act(api, c.sh_manager, created["id"], "receive")
    body = expect(again, 409)
    assert (body["code"], body["current_status"], body["allowed_actions"]) == ("invalid_transition", "received", [])
    assert expect(await act(api, owner, created["id"], "cancel"), 409)["code"] == "invalid_transition"
    audit = expect(
        await api.client.get(f"{API}/audit-log", params={"target_id": created["id"]}, headers=owner.headers), 200
    )
    assert [e["action"] for e in audit["items"]] == ["transfer.received", "transfer.shipped", "transfer.requested"]


async def test_shipping_more_than_available_is_409_and_changes_nothing(api: Api) -> None:
    c = await build_chain(api)
    owner = c.tenant.owner
    created = expect(await request(api, owner, c.sh, c.hz, [(c.milk, 1), (c.rice, 3)]), 201)
    before = await stock(api, owner)
    refused = await act(api, c.sh_manager, created["id"], "ship")
    body = expect(refused, 409)
    assert body["code"] == "insufficient_stock"
    assert body["short_lines"] == [{"product_id": c.rice, "requested": 3, "available": 1}]
    assert await stock(api, owner) == before
    assert [m for m in await movements(api, owner) if m["reference_id"] == created["id"]] == []
    current = expect(await api.client.get(f"{API}/transfers/{created['id']}", headers=owner.headers), 200)
    assert (current["status"], current["version"]) == ("requested", 1)


async def test_cancel_only_while_requested(api: Api) -> None:
    c = await build_chain(api)
    created = expect(await request(api, c.sh_manager, c.hz, c.sh, [(c.milk, 1)]), 201)
    cancelled = expect(await act(api, c.sh_manager, created["id"], "cancel"), 200)
    assert (cancelled["status"], cancelled["allowed_actions"]) == ("cancelled", [])
    late = await act(api, c.hz_manager, created["id"], "ship")
    body = expect(late, 409)
    assert (body["code"], body["detail"]) == ("invalid_transition", "Cannot ship a transfer that is cancelled.")
    assert (body["entity"], body["action"], body["current_status"], body["allowed_actions"]) == (
        "transfer",
        "ship",
        "cancelled",
        [],
    )
    assert [m for m in await movements(api, c.tenant.owner) if m["reference_id"] == created["id"]] == []


async def test_other_stores_see_nothing_and_get_404(api: Api) -> None:
    c = await build_chain(api)
    owner = c.tenant.owner
    east = expect(await request(api, owner, c.hz, c.sh, [(c.milk, 1)]), 201)
    south = expect(await request(api, owner, c.sz, c.hz, [(c.milk, 1)]), 201)
    for action in ("ship", "receive", "cancel"):
        response = await act(api, c.sz_manager, east["id"], action)
        assert expect(response, 404)["detail"] == "No such transfer."
    expect(await api.client.get(f"{API}/transfers/{east['id']}", headers=c.sz_manager.headers), 404)
    listed = expect(await api.client.get(f"{API}/transfers", headers=c.sh_manager.headers), 200)
    assert [t["id"] for t in listed["items"]] == [east["id"]]
    by_store = expect(await api.client.get(f"{API}/transfers", params={"store_id": c.hz}, headers=owner.headers), 200)
    assert [t["id"] for t in by_store["items"]] == [south["id"], east["id"]]
    requested = expect(
        await api.client.get(f"{API}/transfers", params={"status": "shipped"}, headers=owner.headers), 200
    )
    assert requested["items"] == []
    # Stores named in the body are fields: a 422 names the one that cannot be used.
    outside = await request(api, c.sh_manager, c.hz, c.sz, [(c.milk, 1)])
    assert expect(outside, 422)["errors"] == [
        {"field": "from_store_id", "message": "one of the two stores must be in your scope"}
    ]
    unknown = await request(api, c.sh_manager, str(uuid.uuid4()), c.sh, [(c.milk, 1)])
    assert expect(unknown, 422)["errors"] == [{"field": "from_store_id", "message": "is not a store of this tenant"}]


async def test_invalid_requests_are_422(api: Api) -> None:
    c = await build_chain(api)
    owner = c.tenant.owner
    same = await request(api, owner, c.sh, c.sh, [(c.milk, 1)])
    assert expect(same, 422)["errors"] == [{"field": "to_store_id", "message": "must differ from from_store_id"}]
    lines = await request(api, owner, c.sh, c.hz, [(c.milk, 1), (c.milk, 2), (str(uuid.uuid4()), 1)])
    assert expect(lines, 422)["errors"] == [
        {"field": "lines.1.product_id", "message": "appears on more than one line"},
        {"field": "lines.2.product_id", "message": "is not a product of this tenant"},
    ]
    zero = await request(api, owner, c.sh, c.hz, [(c.milk, 0)])
    assert expect(zero, 422)["code"] == "validation_failed"
    listed = expect(await api.client.get(f"{API}/transfers", headers=owner.headers), 200)
    assert listed["items"] == []
