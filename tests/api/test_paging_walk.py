"""Every keyset list walked to the end two rows at a time serves exactly the rows, in exactly the
order, of one page holding them all: no duplicates, no gaps, ties broken by id."""

from __future__ import annotations

from typing import Any

from api.state import Resources
from tests.catalog_data import product
from tests.catalog_data import receive as receive_stock
from tests.factories import Actor, Api, expect
from tests.orders_support import API, create_order, shop


async def _walk(api: Api, actor: Actor, path: str, params: dict[str, Any]) -> list[Any]:
    seen: list[Any] = []
    cursor: str | None = None
    for _ in range(200):
        query = {**params, "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = expect(await api.client.get(f"{API}/{path}", params=query, headers=actor.headers), 200)
        assert len(page["items"]) <= 2
        seen.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError(f"{path} did not end")


async def _check(api: Api, actor: Actor, path: str, **params: Any) -> int:
    whole = expect(await api.client.get(f"{API}/{path}", params={**params, "limit": 200}, headers=actor.headers), 200)
    assert whole["next_cursor"] is None
    walked = await _walk(api, actor, path, params)
    key = "id" if whole["items"] and "id" in whole["items"][0] else None
    ids = [item[key] if key else (item["store_id"], item["product_id"]) for item in walked]
    assert len(ids) == len(set(ids)), f"{path} {params}: duplicates"
    assert walked == whole["items"], f"{path} {params}: walk differs from the whole list"
    return len(walked)


async def test_every_list_walks_to_the_end_without_gaps_or_repeats(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    for code in ("HZ01", "SZ01", "BJ01"):
        await api.store(s.tenant, code)
    for i in range(3):
        await api.user(s.tenant, "sales", email=f"sales{i}@example.com")
        await api.customer(owner, name="同名客户")  # equal names: the id breaks the tie
    same_name = [(await product(api, owner, sku=f"TIE-{i}", name_zh="同名商品"))["id"] for i in range(4)]
    for product_id in same_name:
        await receive_stock(api, owner, s.store_id, product_id, 3)
    line = [{"product_id": s.products["A"], "quantity": 1}]
    for _ in range(3):
        await create_order(api, owner, s, line)
    for i in range(3):
        body = {"subject": f"工单{i}", "customer_id": s.customer_id, "priority": "low" if i else "urgent"}
        expect(await api.client.post(f"{API}/tickets", json=body, headers=owner.headers), 201)
    hz = s.tenant.stores["HZ01"]
    for _ in range(3):
        moving = {"from_store_id": s.store_id, "to_store_id": hz, "lines": line}
        expect(await api.client.post(f"{API}/transfers", json=moving, headers=owner.headers), 201)

    lists: list[tuple[str, dict[str, Any]]] = [
        ("stores", {}),
        ("users", {}),
        ("customers", {"sort": "name"}),
        ("customers", {"sort": "-created_at"}),
        ("products", {"sort": "name_zh"}),
        ("products", {"sort": "-sku"}),
        ("products", {"sort": "created_at"}),
        ("inventory", {}),
        ("inventory/movements", {}),
        ("orders", {}),
        ("orders", {"sort": "total"}),
        ("tickets", {"sort": "due"}),
        ("tickets", {"sort": "newest"}),
        ("transfers", {}),
        ("audit-log", {}),
    ]
    for path, params in lists:
        assert await _check(api, owner, path, **params) >= 3, (path, params)
