"""CI guards for the benchmark's deterministic figures: round trips of a tenant-scoped read, and
the statements of an outbox relay batch.

No timing: the app's database traffic goes through the harness's counting proxy (tests/bench/
wire.py) and the test asserts the count the benchmark reports, so a regression fails `make test`.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from api.app import create_app
from api.embedded import EmbeddedUrls
from api.settings import Settings
from api.state import Resources
from domain.integrations.events import Event
from domain.integrations.relay import Relay
from tenants.db import TenantScope, create_engine, session_factory, tenant_session
from tests.bench.wire import Counts, Wire, proxy_thread
from tests.events_support import order_data, write_event
from tests.factories import Api, expect
from tests.orders_support import create_order, shop

TARGET_ROUND_TRIPS = 2  # the target for a tenant-scoped read
EVENTS = 20  # one relay batch of one tenant


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


class _Noop:
    """A consumer that does nothing, so what is counted is the relay's own traffic."""

    name = "noop"
    topics = None

    async def handle(self, session: AsyncSession, event: Event) -> None:
        return None


async def test_a_relay_batch_costs_a_savepoint_per_consumer_and_a_few_statements_more(
    api: Api, services: EmbeddedUrls, resources: Resources
) -> None:
    """The relay reads, records, publishes and dequeues a tenant's events of a batch in one
    statement each; per event only the consumers' savepoints remain (it used to send about eight
    statements per event of its own)."""
    tenant_id = uuid.UUID((await api.signup()).id)
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        for n in range(EVENTS):
            write_event(session, tenant_id, order_data(f"SO-2026-{n:06d}"))
    url = make_url(services.database_url)
    wire = Wire(keep_sql=True)
    with proxy_thread(Path(str(url.query["host"])), wire) as (host, port):
        engine = create_engine(url.set(host=host, port=port, query={}).render_as_string(hide_password=False))
        try:
            relay = Relay(session_factory(engine), [_Noop()], tenant_id=tenant_id, batch_size=EVENTS)
            assert await relay.run_batch() == EVENTS
        finally:
            await engine.dispose()
    savepoints = 2 * EVENTS  # SAVEPOINT and RELEASE around the one consumer, per event
    assert wire.statements <= savepoints + 10, wire.sql


async def test_a_customer_timeline_page_costs_at_most_two_round_trips(
    api: Api, resources: Resources, counted: Counted
) -> None:
    """Her first page on the 360 page: the customer (in sight or 404), then the page itself."""
    s = await shop(api, resources)
    order = await create_order(api, s.tenant.owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    path = f"/api/v1/customers/{order['customer_id']}/timeline"
    cost, sql = await _steady_cost(counted, path, s.tenant.owner.headers)
    assert cost.round_trips <= TARGET_ROUND_TRIPS, sql
    assert any("FROM customer_timeline" in statement for statement in sql), sql


async def test_a_customer_summary_costs_one_round_trip(api: Api, resources: Resources, counted: Counted) -> None:
    """The 360 header: her consent, purchases, open tickets, points and the currency, read
    together (tenants.figures) where they used to cost a BEGIN, six statements and a COMMIT."""
    s = await shop(api, resources)
    order = await create_order(api, s.tenant.owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    path = f"/api/v1/customers/{order['customer_id']}/summary"
    cost, sql = await _steady_cost(counted, path, s.tenant.owner.headers)
    assert cost.round_trips == 1, sql
