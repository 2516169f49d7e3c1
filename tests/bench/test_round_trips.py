"""CI guard for the benchmark's deterministic figure: round trips of a tenant-scoped read.

No timing: the app's database traffic goes through the harness's counting proxy (tests/bench/
wire.py) and the test asserts the count the benchmark reports, so a regression fails `make test`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.engine import make_url

from api.app import create_app
from api.embedded import EmbeddedUrls
from api.settings import Settings
from api.state import Resources
from tests.bench.wire import Counts, Wire, proxy_thread
from tests.factories import Api, expect
from tests.orders_support import create_order, shop

TARGET_ROUND_TRIPS = 2  # the target for a tenant-scoped read


@dataclasses.dataclass
class Counted:
    client: AsyncTestClient[Litestar]
    wire: Wire


@pytest_asyncio.fixture(loop_scope="session")
async def counted(services: EmbeddedUrls, settings: Settings) -> AsyncIterator[Counted]:
    """The app with its database connections going through the counting proxy."""
    url = make_url(services.database_url)
    wire = Wire(keep_sql=True)
    with proxy_thread(Path(str(url.query["host"])), wire) as (host, port):
        proxied = url.set(host=host, port=port, query={})
        app = create_app(dataclasses.replace(settings, database_url=proxied.render_as_string(hide_password=False)))
        async with AsyncTestClient(app=app) as client:
            yield Counted(client, wire)


async def _steady_cost(counted: Counted, path: str, headers: dict[str, str]) -> tuple[Counts, list[str]]:
    """What the request costs once warm (statements prepared, principal cached)."""
    for _ in range(2):
        expect(await counted.client.get(path, headers=headers), 200)
    counted.wire.sql.clear()
    before = counted.wire.snapshot()
    expect(await counted.client.get(path, headers=headers), 200)
    return counted.wire.since(before), list(counted.wire.sql)


async def test_get_customer_costs_at_most_two_round_trips(api: Api, counted: Counted) -> None:
    tenant = await api.signup()
    customer = await api.customer(tenant.owner, name="张三")
    cost, sql = await _steady_cost(counted, f"/api/v1/customers/{customer['id']}", tenant.owner.headers)
    assert cost.round_trips <= TARGET_ROUND_TRIPS, sql
    assert any("FROM customers" in s for s in sql), sql  # the read itself went through the proxy


async def test_get_customer_with_an_api_key_costs_no_extra_round_trip(api: Api, counted: Counted) -> None:
    tenant = await api.signup()
    customer = await api.customer(tenant.owner, name="李四")
    key = await api.api_key(tenant, scopes=["customers:read"])
    user_cost, _ = await _steady_cost(counted, f"/api/v1/customers/{customer['id']}", tenant.owner.headers)
    key_cost, sql = await _steady_cost(counted, f"/api/v1/customers/{customer['id']}", key.headers)
    assert key_cost.round_trips == user_cost.round_trips, sql


async def test_get_order_page_costs_at_most_two_round_trips(api: Api, resources: Resources, counted: Counted) -> None:
    s = await shop(api, resources)
    order = await create_order(api, s.tenant.owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    cost, sql = await _steady_cost(counted, f"/api/v1/orders/{order['id']}", s.tenant.owner.headers)
    assert cost.round_trips <= TARGET_ROUND_TRIPS, sql


async def test_an_automatic_approval_updates_the_order_row_once(
    api: Api, resources: Resources, counted: Counted
) -> None:
    """Submit reserves stock first and only then changes the order, so the order's status,
    submission and approval go out as one UPDATE (the reservation's statements used to flush a
    first UPDATE of `submitted_at` on their own)."""
    s = await shop(api, resources)
    order = await create_order(api, s.tenant.owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    counted.wire.sql.clear()
    response = await counted.client.post(f"/api/v1/orders/{order['id']}/submit", headers=s.tenant.owner.headers)
    assert expect(response, 200)["status"] == "approved"
    updates = [sql for sql in counted.wire.sql if sql.startswith("UPDATE orders ")]
    assert len(updates) == 1, updates
