"""20 captures at once, each redeeming points from one member whose balance covers 5 of them:
exactly 5 succeed, the other 15 are 409 insufficient_points, the balance ends at 0, never below,
and equals the ledger."""

from __future__ import annotations

import asyncio

from api.state import Resources
from tests.api.test_loyalty import account, adjust, ledger_sum, set_program
from tests.factories import Api, expect
from tests.orders_support import API, shop

N = 20
COVERED = 5
POINTS = 300


async def test_concurrent_redemptions_never_overspend(api: Api, resources: Resources) -> None:
    s = await shop(api, resources, {"A": 50, "B": 0})
    owner = s.tenant.owner
    await set_program(api, owner)
    await adjust(api, owner, s.customer_id, COVERED * POINTS, "活动赠送")
    body = {
        "customer_id": s.customer_id,
        "store_id": s.store_id,
        "channel": "store",
        "lines": [{"product_id": s.products["A"], "quantity": 1}],
        "redeem_points": POINTS,
    }

    responses = await asyncio.gather(
        *(api.client.post(f"{API}/orders", json=body, headers=owner.headers) for _ in range(N))
    )

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * COVERED + [409] * (N - COVERED)
    refused = [r.json() for r in responses if r.status_code == 409]
    assert {(p["code"], p["requested"]) for p in refused} == {("insufficient_points", POINTS)}
    made = [r.json() for r in responses if r.status_code == 201]
    assert {(o["total"], o["points_discount"]) for o in made} == {("97.00", "3.00")}
    assert (await account(api, owner, s.customer_id))["balance"] == 0
    assert await ledger_sum(resources, s.tenant.id, s.customer_id) == (0, 0)
    listed = expect(await api.client.get(f"{API}/orders", headers=owner.headers), 200)
    assert len(listed["items"]) == COVERED  # the refused captures left no order behind
