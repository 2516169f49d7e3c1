"""N approvals at once, each in its own request and transaction, competing for S < N units:
exactly S succeed, the rest are 409 insufficient_stock, and stock never goes negative."""

from __future__ import annotations

import asyncio

from api.state import Resources
from tests.factories import Api, expect
from tests.orders_support import API, act, create_order, shop, stock_of

N = 8
S = 5


async def test_concurrent_approvals_never_oversell(api: Api, resources: Resources) -> None:
    s = await shop(api, resources, {"A": S, "B": 0})
    owner = s.tenant.owner
    rules = {"approval_amount_threshold": "0.00", "approval_discount_percent": None}
    expect(await api.client.put(f"{API}/settings/orders", json=rules, headers=owner.headers), 200)
    orders = []
    for _ in range(N):
        order = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
        assert (await act(api, owner, order["id"], "submit"))["status"] == "pending_approval"
        orders.append(order)

    responses = await asyncio.gather(
        *(api.client.post(f"{API}/orders/{o['id']}/approve", headers=owner.headers) for o in orders)
    )

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * S + [409] * (N - S)
    refused = [r.json() for r in responses if r.status_code == 409]
    assert {r["code"] for r in refused} == {"insufficient_stock"}
    assert all(r["short_lines"][0]["requested"] == 1 and r["short_lines"][0]["available"] == 0 for r in refused)
    on_hand, reserved = await stock_of(resources, s.tenant.id, s.store_id, s.products["A"])
    assert (on_hand, reserved) == (S, S)
    listed = expect(await api.client.get(f"{API}/orders", params={"status": "approved"}, headers=owner.headers), 200)
    assert len(listed["items"]) == S  # reserved equals the units of the approved orders
    waiting = await api.client.get(f"{API}/orders", params={"status": "pending_approval"}, headers=owner.headers)
    assert len(expect(waiting, 200)["items"]) == N - S
