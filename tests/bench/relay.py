"""The outbox relay cases: the relay as the worker runs it, and a floor doing the same consumer
work without the queue.

Both sides get the same kind of backlog, the events an order's capture and submission emit
(`order.created`, `order.submitted`, and `order.approved` unless the order waits for approval;
every fourth one does), for orders and customers of the benchmark data, tenants picked with the
data's 1/rank skew. Both run the worker's consumer set (`api.worker.build_consumers`): the bell
notices for approvers, the Redis live stream, and the order emails over SMTP to the product's mail
sink in a process of its own; the ticket consumers are registered too and skip order events.

- *outbox relay*: the backlog is written in advance through the kernel's one outbox writer, then
  `RELAY_CONCURRENCY` loops of the worker's relay (`build_relay`, `relay_loops`) drain it; the
  time runs from their start until the batch that handles the last event has committed.
- *consumer floor*: the same number of events, as `Event` values in memory, handed to the same
  consumers by as many tasks, `batch_size` events per transaction with the tenant bound once per
  tenant of the batch, as the relay binds it (the consumers read under row-level security), and
  nothing else: no claiming, no event read, no savepoints, no delivery rows, no publishing.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import asyncpg
import msgspec

from api.state import Resources
from api.worker import build_consumers, build_relay, relay_loops
from domain.integrations.events import Consumer, Event
from domain.integrations.relay import Relay
from domain.kernel.events import Actor, AggregateRef, Envelope, Topic
from domain.kernel.recorder import emit
from domain.orders import events as order_events
from tenants.clock import stamp
from tenants.db import TenantScope, bind_tenant, platform_session, tenant_session
from tenants.ids import uuid7
from tests.bench import workload
from tests.bench.datagen import TenantPlan
from tests.bench.wire import Counts, Wire

MIN_EVENTS = 200  # the smallest backlog, so a slow first estimate still measures something
FIRST_GUESS = 300.0  # events/s, to size the very first (warm-up) backlog


@dataclass(frozen=True, slots=True)
class Spec:
    """One event to deliver: what the kernel's writer needs."""

    tenant_id: uuid.UUID
    topic: Topic[Any]
    aggregate: AggregateRef
    store_id: uuid.UUID
    actor: Actor
    data: dict[str, Any]


def order_specs(plan: TenantPlan, k: int) -> list[Spec]:
    """The events of capturing and submitting order k of the tenant (a data order, so the email
    consumer finds its customer and tracking token); every fourth waits for approval."""
    tenant = workload.tenant_id(plan.no)
    aggregate = AggregateRef(type="order", id=workload.order_id(plan.no, k), version=1)
    store = workload.store_id(plan.no, 1 + k % plan.stores)
    actor = Actor(type="user", id=workload.owner_id(plan.no), label="bench")
    waits = k % 4 == 0
    base = {
        "number": f"SO-2025-{k:08d}",
        "customer_id": str(workload.customer_id(plan.no, 1 + (k * 7) % plan.customers)),
        "total": Decimal("128.00"),
        "currency": "CNY",
        "requires_approval": waits,
    }
    specs = [
        Spec(tenant, order_events.ORDER_CREATED, aggregate, store, actor, {**base, "status": "draft"}),
        Spec(
            tenant,
            order_events.ORDER_SUBMITTED,
            aggregate,
            store,
            actor,
            {
                **base,
                "status": "pending_approval" if waits else "approved",
                "approval_reasons": ["total"] if waits else [],
            },
        ),
    ]
    if not waits:
        data = {**base, "status": "approved", "automatic": True}
        specs.append(Spec(tenant, order_events.ORDER_APPROVED, aggregate, store, actor, data))
    return specs


class Backlogs:
    """An endless, seeded stream of order event sets, tenants picked with the data's skew."""

    def __init__(self, plans: list[TenantPlan], seed: int = 12) -> None:
        self.plans = plans
        self.weights = [1 / p.no for p in plans]
        self.rng = random.Random(seed)

    def take(self, count: int) -> list[Spec]:
        specs: list[Spec] = []
        while len(specs) < count:
            [plan] = self.rng.choices(self.plans, weights=self.weights)
            specs += order_specs(plan, self.rng.randint(1, plan.orders))
        return specs


def in_memory(spec: Spec, at: datetime) -> Event:
    """The event the relay would hand the consumers, built as the kernel's writer builds it."""
    envelope = Envelope(
        id=uuid7(),
        type=spec.topic.name,
        occurred_at=at,
        aggregate=spec.aggregate,
        store_id=spec.store_id,
        actor=spec.actor,
        data=spec.topic.build(spec.data),
    )
    return Event(
        id=envelope.id,
        tenant_id=spec.tenant_id,
        topic=spec.topic.name,
        aggregate_type=spec.aggregate.type,
        aggregate_id=spec.aggregate.id,
        store_id=spec.store_id,
        payload=msgspec.to_builtins(envelope),
        created_at=at,
        attempts=0,
    )


async def write_backlog(resources: Resources, specs: list[Spec]) -> list[uuid.UUID]:
    """Commit the events to the outbox, one transaction per run of one tenant's events."""
    ids: list[uuid.UUID] = []
    runs: list[list[Spec]] = []
    for spec in specs:
        if runs and runs[-1][0].tenant_id == spec.tenant_id:
            runs[-1].append(spec)
        else:
            runs.append([spec])
    for run in runs:
        async with tenant_session(resources.sessions, TenantScope(run[0].tenant_id)) as session:
            at = stamp()
            ids += [emit(session, s.tenant_id, s.topic, s.aggregate, s.store_id, s.actor, s.data, at) for s in run]
    return ids


Measure = Callable[[float], Awaitable[dict[str, Any]]]


def _count_batches(relay: Relay, events: int) -> asyncio.Event:
    """An event set when the relay's committed batches have handled `events` events: the drain is
    timed in-process, since polling the queue would load the database the relay is using."""
    drained = asyncio.Event()
    handled = [0]
    run_batch = relay.run_batch

    async def counted(limit: int | None = None) -> int:
        n = await run_batch(limit)
        handled[0] += n
        if handled[0] >= events:
            drained.set()
        return n

    relay.run_batch = counted  # type: ignore[method-assign]
    return drained


@dataclass(slots=True)
class RelayCases:
    """The two measured cases over one set of resources; each sizes its backlog from its own
    last rate, so a measurement lasts about the requested time."""

    resources: Resources
    superuser_dsn: str
    backlogs: Backlogs
    wire: Wire | None = None  # when the resources talk through the counting proxy
    estimates: dict[str, float] = dataclasses.field(default_factory=dict)

    @property
    def concurrency(self) -> int:
        return self.resources.settings.relay_concurrency

    def _size(self, case: str, seconds: float) -> int:
        return max(MIN_EVENTS, round(self.estimates.get(case, FIRST_GUESS) * seconds))

    def _snapshot(self) -> Counts:
        return self.wire.snapshot() if self.wire else Counts(0, 0)

    def _result(self, case: str, events: int, seconds: float, traffic: Counts) -> dict[str, Any]:
        rate = events / seconds
        self.estimates[case] = rate
        result = {"rate": rate, "p50_us": 0.0, "p99_us": 0.0, "requests": events, "seconds": seconds}
        if self.wire:
            # Batches fall a little differently each time, so these are averages, to one place.
            result |= {
                "round_trips": round(traffic.round_trips / events, 1),
                "statements": round(traffic.statements / events, 1),
            }
        return result

    async def relay(self, seconds: float) -> dict[str, Any]:
        """Write a backlog, then drain it with the worker's relay loops; events/s."""
        specs = self.backlogs.take(self._size("relay", seconds))
        conn = await asyncpg.connect(self.superuser_dsn)
        try:
            # The bench runs no worker: the write cases' events would otherwise wait here forever
            # and be drained too. Dropped from the queue only (their rows stay).
            await conn.execute("DELETE FROM outbox_pending")
            ids = await write_backlog(self.resources, specs)
            relay = build_relay(self.resources)
            drained = _count_batches(relay, len(ids))
            stop = asyncio.Event()
            before = self._snapshot()
            started = time.perf_counter()
            tasks = [asyncio.create_task(loop) for loop in relay_loops(relay, stop, self.concurrency)]
            try:
                try:
                    await asyncio.wait_for(drained.wait(), timeout=max(60.0, 20 * seconds))
                except TimeoutError:
                    raise RuntimeError("the relay did not drain its backlog in time") from None
                elapsed = time.perf_counter() - started
                traffic = self._snapshot() - before
            finally:
                stop.set()
                await asyncio.gather(*tasks)
            pending = await conn.fetchval("SELECT count(*) FROM outbox_pending")
            if pending:
                raise RuntimeError(f"{pending} events still pending after the drain")
            unpublished = await conn.fetchval(
                "SELECT count(*) FROM outbox_events WHERE id = ANY($1::uuid[]) AND published_at IS NULL", ids
            )
            if unpublished:
                raise RuntimeError(f"{unpublished} of {len(ids)} events were not delivered")
        finally:
            await conn.close()
        return self._result("relay", len(ids), elapsed, traffic)

    async def floor(self, seconds: float) -> dict[str, Any]:
        """The same consumer work for as many events, straight from memory; events/s."""
        at = stamp()
        events = [in_memory(s, at) for s in self.backlogs.take(self._size("floor", seconds))]
        consumers = build_consumers(self.resources.settings, self.resources.redis)
        batch = build_relay(self.resources).batch_size
        chunks = iter([events[i : i + batch] for i in range(0, len(events), batch)])
        before = self._snapshot()
        started = time.perf_counter()
        await asyncio.gather(*(self._consume(chunks, consumers) for _ in range(self.concurrency)))
        elapsed = time.perf_counter() - started
        return self._result("floor", len(events), elapsed, self._snapshot() - before)

    async def _consume(self, chunks: Iterator[list[Event]], consumers: list[Consumer]) -> None:
        for chunk in chunks:
            async with platform_session(self.resources.sessions) as session:
                by_tenant: dict[uuid.UUID, list[Event]] = {}
                for event in chunk:
                    by_tenant.setdefault(event.tenant_id, []).append(event)
                for tenant_id, events in by_tenant.items():  # bound once per tenant, as the relay does
                    await bind_tenant(session, TenantScope(tenant_id))
                    for event in events:
                        for consumer in consumers:
                            if consumer.topics is None or event.topic in consumer.topics:
                                await consumer.handle(session, event)

    def cases(self) -> dict[str, Measure]:
        return {"outbox relay (events)": self.relay, "relay consumer floor (events)": self.floor}
