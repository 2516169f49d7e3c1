"""A till under faults: several clients sell at once over HTTP, each sale three POSTs with an
Idempotency-Key (capture, submit, pay) and a read, retrying what did not get an answer (a cut
connection, a 503, a key still in flight) with the same key, as a POS should. While they sell,
the test injects its fault; afterwards `check_books` compares what the clients were told with
the database: every sale exactly once, one payment each, stock exact, one event per transition.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tests.catalog_data import API, product, receive
from tests.factories import Actor, Api

PRICE = "12.50"
RETRY_SECONDS = 0.2


@dataclass
class Tally:
    """What the clients saw: answers by status, and any that broke the rules."""

    statuses: Counter[int] = field(default_factory=Counter)
    dropped: int = 0  # requests that got no answer (connection refused or cut)
    broken: list[str] = field(default_factory=list)
    done: int = 0  # sales completed
    advanced: asyncio.Event = field(default_factory=asyncio.Event)

    def sold(self) -> None:
        self.done += 1
        self.advanced.set()

    def note(self, response: httpx.Response) -> None:
        self.statuses[response.status_code] += 1
        kind = response.headers.get("content-type", "")
        if response.status_code >= 400 and kind != "application/problem+json":
            self.broken.append(f"{response.status_code} {kind}: {response.text[:200]}")
        elif response.status_code == 503 and int(response.headers.get("retry-after", "0")) < 1:
            self.broken.append(f"503 without Retry-After: {response.text[:200]}")
        elif response.status_code >= 500 and response.status_code != 503:
            self.broken.append(f"{response.status_code}: {response.text[:200]}")


@dataclass
class Till:
    http: httpx.AsyncClient
    actor: Actor
    store_id: str
    product_id: str
    tally: Tally = field(default_factory=Tally)
    deadline: float = 0.0

    def _retryable(self, response: httpx.Response) -> bool:
        if response.status_code == 503:
            return True
        return response.status_code == 409 and response.json().get("code") == "idempotency_in_flight"

    async def post(self, path: str, body: dict[str, Any], key: str, expected: int) -> dict[str, Any]:
        """POST until it gets a final answer, always with the same key; that answer must be `expected`."""
        headers = {**self.actor.headers, "Idempotency-Key": key}
        while True:
            if time.monotonic() > self.deadline:
                raise AssertionError(f"POST {path} ({key}) got no final answer in time; {self.tally}")
            try:
                response = await self.http.post(path, json=body, headers=headers)
            except httpx.TransportError:
                self.tally.dropped += 1
                await asyncio.sleep(RETRY_SECONDS)
                continue
            self.tally.note(response)
            if self._retryable(response):
                await asyncio.sleep(RETRY_SECONDS)
                continue
            assert response.status_code == expected, f"POST {path}: {response.status_code} {response.text}"
            return cast(dict[str, Any], response.json())

    async def read(self, path: str) -> None:
        try:
            self.tally.note(await self.http.get(path, headers=self.actor.headers))
        except httpx.TransportError:
            self.tally.dropped += 1

    async def sell(self, sale: str) -> None:
        line = [{"product_id": self.product_id, "quantity": 1}]
        order = await self.post(
            f"{API}/orders", {"store_id": self.store_id, "channel": "store", "lines": line}, f"{sale}-capture", 201
        )
        await self.post(f"{API}/orders/{order['id']}/submit", {}, f"{sale}-submit", 200)
        await self.post(
            f"{API}/orders/{order['id']}/payments",
            {"method": "cash", "amount": PRICE, "reference": sale},
            f"{sale}-pay",
            201,
        )
        await self.read(f"{API}/orders/{order['id']}")
        self.tally.sold()


async def open_shop(http: httpx.AsyncClient, stock: int) -> tuple[Actor, str, str]:
    """A new tenant over HTTP with one store and one product with `stock` units: (owner, store, product)."""
    api = Api(http)  # type: ignore[arg-type]  # the helpers only call .post/.get on it
    tenant = await api.signup()
    store_id = await api.store(tenant, "SH01")
    item = await product(api, tenant.owner, list_price=PRICE, tax_rate="0")
    await receive(api, tenant.owner, store_id, item["id"], stock)
    return tenant.owner, store_id, str(item["id"])


async def sell_through(
    tills: list[Till], sales_each: int, faults: list[tuple[int, Callable[[], Awaitable[None]]]], seconds: float = 90
) -> Tally:
    """Every till makes `sales_each` sales; each fault runs once that many sales are done in all."""
    tally = tills[0].tally
    deadline = time.monotonic() + seconds
    for till in tills:
        till.tally, till.deadline = tally, deadline
    run = uuid.uuid4().hex[:8]

    async def till_loop(index: int, till: Till) -> None:
        for n in range(sales_each):
            await till.sell(f"{run}-{index}-{n}")

    async def injector() -> None:
        for after, fault in faults:
            while tally.done < after:
                tally.advanced.clear()
                await tally.advanced.wait()
            await fault()

    await asyncio.gather(injector(), *(till_loop(i, t) for i, t in enumerate(tills)))
    return tally


async def check_books(owner_url: str, tenant_id: str, product_id: str, sales: int, stocked: int) -> None:
    """The database agrees with what the tills were told: read as the owner role, outside RLS."""
    engine = create_async_engine(owner_url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            # The owner role is subject to RLS too (FORCE): scope the reads to the tenant.
            await conn.execute(text("SELECT set_config('app.tenant_id', :t, false)"), {"t": tenant_id})
            await conn.execute(text("SELECT set_config('app.store_ids', '*', false)"))
            orders = (await conn.execute(text("SELECT status, count(*) FROM orders GROUP BY status"))).all()
            payments = (
                await conn.execute(
                    text("SELECT order_id, count(*) FROM payments GROUP BY order_id HAVING count(*) > 1")
                )
            ).all()
            paid = (await conn.execute(text("SELECT count(*), coalesce(sum(amount), 0) FROM payments"))).one()
            stock = (
                await conn.execute(
                    text("SELECT sum(on_hand), sum(reserved) FROM stock_levels WHERE product_id = :p"),
                    {"p": product_id},
                )
            ).one()
            events = (
                await conn.execute(
                    text(
                        "SELECT topic, aggregate_id, count(*) FROM outbox_events WHERE aggregate_type = 'order' "
                        "GROUP BY topic, aggregate_id"
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    assert dict(orders) == {"approved": sales}, orders
    assert payments == [], "an order was paid twice"
    assert (paid[0], str(paid[1])) == (sales, f"{float(PRICE) * sales:.2f}")
    assert (int(stock[0]), int(stock[1])) == (stocked, sales), "stock drifted"
    per_topic = Counter(topic for topic, _, _ in events)
    assert {topic for topic, _, count in events if count > 1} == set(), "a transition was published twice"
    assert all(n == sales for n in per_topic.values()), per_topic
