"""Stock per store over HTTP: receipts, adjustments, movements, low stock, store scope."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from api.state import Resources
from domain.catalog import stock as stock_ops
from tenants.db import TenantScope, tenant_session
from tests.catalog_data import API, adjust, movements, product, receive, stock
from tests.factories import Actor, Api, Tenant, expect


@dataclass
class Shop:
    tenant: Tenant
    sh: str
    hz: str
    manager: Actor  # store_manager scoped to SH01
    product: dict[str, str]


async def build_shop(api: Api) -> Shop:
    tenant = await api.signup()
    await api.region(tenant, "华东")
    sh = await api.store(tenant, "SH01", "华东")
    hz = await api.store(tenant, "HZ01", "华东")
    manager = await api.user(tenant, "store_manager", scope={"kind": "store", "store_ids": [sh]})
    item = await product(api, tenant.owner, sku="MILK-1", name_zh="纯牛奶", low_stock_threshold=5)
    return Shop(tenant, sh, hz, manager, item)


def _deltas(items: list[dict[str, object]]) -> list[tuple[object, object, object, object]]:
    return [(m["kind"], m["on_hand_delta"], m["reserved_delta"], m["reason"]) for m in items]


async def test_receipt_and_adjustments_write_one_movement_each(api: Api) -> None:
    shop = await build_shop(api)
    owner, pid = shop.tenant.owner, shop.product["id"]
    received = await receive(api, owner, shop.sh, pid, 20)
    assert (received["stock"]["on_hand"], received["stock"]["available"]) == (20, 20)
    assert received["movement"]["kind"] == "receipt"
    assert received["movement"]["created_by"] == owner.user_id
    down = expect(await adjust(api, owner, shop.sh, pid, -3, reason="破损"), 201)
    assert down["stock"] == {
        "store_id": shop.sh,
        "product_id": pid,
        "sku": "MILK-1",
        "name": "纯牛奶",
        "on_hand": 17,
        "reserved": 0,
        "available": 17,
        "in_transit": 0,
        "low_stock_threshold": 5,
        "is_low": False,
        "updated_at": down["stock"]["updated_at"],
    }
    expect(await adjust(api, owner, shop.sh, pid, 2, reason="盘盈"), 201)
    history = await movements(api, owner, store_id=shop.sh, product_id=pid)
    assert _deltas(history) == [
        ("adjustment", 2, 0, "盘盈"),
        ("adjustment", -3, 0, "破损"),
        ("receipt", 20, 0, "到货"),
    ]
    assert sum(m["on_hand_delta"] for m in history) == 19
    assert {(m["sku"], m["name"]) for m in history} == {("MILK-1", "纯牛奶")}
    assert (down["movement"]["sku"], down["movement"]["name"]) == ("MILK-1", "纯牛奶")
    assert [m["kind"] for m in await movements(api, owner, kind="receipt")] == ["receipt"]
    audit = expect(
        await api.client.get(f"{API}/audit-log", params={"action": "inventory.adjusted"}, headers=owner.headers), 200
    )
    assert len(audit["items"]) == 3
    assert audit["items"][0]["changes"]["quantity_delta"] == 2


async def test_movement_history_pages_newest_first(api: Api) -> None:
    shop = await build_shop(api)
    for quantity in range(1, 6):
        await receive(api, shop.tenant.owner, shop.sh, shop.product["id"], quantity)
    seen: list[int] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = expect(
            await api.client.get(f"{API}/inventory/movements", params=params, headers=shop.tenant.owner.headers), 200
        )
        seen += [m["on_hand_delta"] for m in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [5, 4, 3, 2, 1]


async def test_removing_more_than_available_is_409_and_changes_nothing(api: Api, resources: Resources) -> None:
    shop = await build_shop(api)
    owner, pid = shop.tenant.owner, shop.product["id"]
    await receive(api, owner, shop.sh, pid, 10)
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(shop.tenant.id))) as session:
        await stock_ops.reserve(
            session,
            uuid.UUID(shop.tenant.id),
            uuid.UUID(shop.sh),
            [stock_ops.StockLine(uuid.UUID(pid), 4)],
            stock_ops.Reference("order", uuid.uuid4(), None),
        )
    refused = await adjust(api, owner, shop.sh, pid, -7)
    body = expect(refused, 409)
    assert body["code"] == "insufficient_stock"
    assert body["short_lines"] == [{"product_id": pid, "requested": 7, "available": 6}]
    never_stocked = await adjust(api, owner, shop.hz, pid, -1)
    assert expect(never_stocked, 409)["short_lines"] == [{"product_id": pid, "requested": 1, "available": 0}]
    [level] = await stock(api, owner, store_id=shop.sh)
    assert (level["on_hand"], level["reserved"], level["available"]) == (10, 4, 6)
    assert _deltas(await movements(api, owner, store_id=shop.sh)) == [
        ("reserve", 0, 4, ""),
        ("receipt", 10, 0, "到货"),
    ]
    taken = expect(await adjust(api, owner, shop.sh, pid, -6, reason="报损"), 201)
    assert (taken["stock"]["on_hand"], taken["stock"]["reserved"], taken["stock"]["available"]) == (4, 4, 0)


async def test_invalid_adjustments_are_422(api: Api) -> None:
    shop = await build_shop(api)
    owner, pid = shop.tenant.owner, shop.product["id"]
    zero = await adjust(api, owner, shop.sh, pid, 0)
    assert expect(zero, 422)["errors"] == [{"field": "quantity_delta", "message": "must not be zero"}]
    negative_receipt = await adjust(api, owner, shop.sh, pid, -2, kind="receipt")
    assert expect(negative_receipt, 422)["errors"] == [
        {"field": "quantity_delta", "message": "a receipt adds stock: must be positive"}
    ]
    no_reason = await api.client.post(
        f"{API}/inventory/adjustments",
        json={"store_id": shop.sh, "product_id": pid, "quantity_delta": 1},
        headers=owner.headers,
    )
    assert expect(no_reason, 422)["errors"] == [{"field": "reason", "message": "is required"}]
    blank = await adjust(api, owner, shop.sh, pid, 1, reason="   ")
    assert expect(blank, 422)["errors"] == [{"field": "reason", "message": "must not be blank"}]
    missing = await adjust(api, owner, shop.sh, str(uuid.uuid4()), 1)
    assert expect(missing, 422)["errors"] == [{"field": "product_id", "message": "is not a product of this tenant"}]
    assert await movements(api, owner) == []


async def test_low_stock_lists_rows_at_or_below_the_threshold(api: Api) -> None:
    shop = await build_shop(api)
    owner = shop.tenant.owner
    plenty = await product(api, owner, sku="RICE-1", name_zh="大米", low_stock_threshold=5)
    await receive(api, owner, shop.sh, shop.product["id"], 5)
    await receive(api, owner, shop.sh, plenty["id"], 50)
    await receive(api, owner, shop.hz, shop.product["id"], 6)
    low = await stock(api, owner, low_stock="true")
    assert [(i["sku"], i["store_id"], i["available"], i["is_low"]) for i in low] == [("MILK-1", shop.sh, 5, True)]
    every = await stock(api, owner)
    assert [(i["sku"], i["store_id"], i["is_low"]) for i in every] == sorted(
        [("MILK-1", shop.sh, True), ("MILK-1", shop.hz, False), ("RICE-1", shop.sh, False)]
    )
    by_product = await stock(api, owner, product_id=plenty["id"])
    assert [i["on_hand"] for i in by_product] == [50]


async def test_store_scoped_staff_see_and_adjust_only_their_stores(api: Api) -> None:
    shop = await build_shop(api)
    owner, manager, pid = shop.tenant.owner, shop.manager, shop.product["id"]
    await receive(api, owner, shop.sh, pid, 8)
    await receive(api, owner, shop.hz, pid, 9)
    assert [i["store_id"] for i in await stock(api, manager)] == [shop.sh]
    assert await stock(api, manager, store_id=shop.hz) == []
    assert {m["store_id"] for m in await movements(api, manager)} == {shop.sh}
    assert await movements(api, manager, store_id=shop.hz) == []
    # A store out of scope is refused exactly like one that does not exist.
    not_yours = [{"field": "store_id", "message": "is not a store whose stock you can change"}]
    elsewhere = await adjust(api, manager, shop.hz, pid, -1)
    assert expect(elsewhere, 422)["errors"] == not_yours
    unknown = await adjust(api, manager, str(uuid.uuid4()), pid, -1)
    assert expect(unknown, 422)["errors"] == not_yours
    own = expect(await adjust(api, manager, shop.sh, pid, -1, reason="试吃"), 201)
    assert own["movement"]["created_by"] == manager.user_id
    [hz_level] = await stock(api, owner, store_id=shop.hz)
    assert hz_level["on_hand"] == 9
    analyst = await api.user(shop.tenant, "analyst")
    denied = await adjust(api, analyst, shop.sh, pid, 1)
    assert expect(denied, 403)["permission"] == "inventory:adjust"
    assert len(await stock(api, analyst)) == 2


async def test_an_api_key_limited_to_a_store_is_scoped_too(api: Api) -> None:
    shop = await build_shop(api)
    await receive(api, shop.tenant.owner, shop.hz, shop.product["id"], 3)
    key = await api.api_key(shop.tenant, ["inventory:read", "inventory:adjust"], store_ids=[shop.sh])
    assert await stock(api, key) == []
    outside = expect(await adjust(api, key, shop.hz, shop.product["id"], 1), 422)
    assert outside["errors"] == [{"field": "store_id", "message": "is not a store whose stock you can change"}]
    made = expect(await adjust(api, key, shop.sh, shop.product["id"], 2, kind="receipt"), 201)
    assert made["movement"]["created_by"] is None
    assert [i["store_id"] for i in await stock(api, key)] == [shop.sh]
