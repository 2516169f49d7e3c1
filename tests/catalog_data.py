"""Catalog and stock helpers for the tests (over HTTP, as the given actor)."""

from __future__ import annotations

import uuid
from typing import Any

from tests.factories import Actor, Api, expect

API = "/api/v1"


async def product(api: Api, actor: Actor, **fields: Any) -> dict[str, Any]:
    payload = {"sku": f"SKU-{uuid.uuid4().hex[:8]}", "name_zh": "可口可乐", "list_price": "3.50", **fields}
    return dict(expect(await api.client.post(f"{API}/products", json=payload, headers=actor.headers), 201))


async def adjust(
    api: Api,
    actor: Actor,
    store_id: str,
    product_id: str,
    delta: int,
    *,
    kind: str = "adjustment",
    reason: str = "盘点",
) -> Any:
    return await api.client.post(
        f"{API}/inventory/adjustments",
        json={"store_id": store_id, "product_id": product_id, "quantity_delta": delta, "reason": reason, "kind": kind},
        headers=actor.headers,
    )


async def receive(api: Api, actor: Actor, store_id: str, product_id: str, quantity: int) -> dict[str, Any]:
    return dict(expect(await adjust(api, actor, store_id, product_id, quantity, kind="receipt", reason="到货"), 201))


async def stock(api: Api, actor: Actor, **params: Any) -> list[dict[str, Any]]:
    body = expect(await api.client.get(f"{API}/inventory", params={"limit": 200, **params}, headers=actor.headers), 200)
    return list(body["items"])


async def movements(api: Api, actor: Actor, **params: Any) -> list[dict[str, Any]]:
    body = expect(
        await api.client.get(f"{API}/inventory/movements", params={"limit": 200, **params}, headers=actor.headers),
        200,
    )
    return list(body["items"])
