"""The outbox relay: committed events are delivered once, rolled-back ones never, failures retry
with backoff, and concurrent relays never deliver an event twice (SKIP LOCKED)."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.state import Resources
from domain.integrations.events import Event
from domain.integrations.models import OutboxDelivery, OutboxEvent, OutboxPending
from domain.integrations.relay import Relay, backoff
from tenants.db import TenantScope, platform_session, tenant_session
from tests.events_support import order_data, write_event
from tests.factories import Api


class Recorder:
    """A consumer that records the events it handled; fails its first `failures` calls."""

    def __init__(self, name: str = "record", *, failures: int = 0, delay: float = 0) -> None:
        self.name = name
        self.topics: frozenset[str] | None = None
        self.failures = failures
        self.delay = delay
        self.calls = 0
        self.handled: list[uuid.UUID] = []

    async def handle(self, session: AsyncSession, event: Event) -> None:
        self.calls += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.calls <= self.failures:
            raise RuntimeError("consumer down")
        self.handled.append(event.id)


async def _emit(resources: Resources, tenant_id: uuid.UUID, count: int = 1) -> list[uuid.UUID]:
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        return [write_event(session, tenant_id, order_data(f"SO-2026-{n:06d}")) for n in range(count)]


async def _deliveries(resources: Resources, tenant_id: uuid.UUID, event_id: uuid.UUID) -> set[str]:
    """The consumers recorded as done with the event (in the database, not in Redis)."""
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        query = select(OutboxDelivery.consumer).where(
            OutboxDelivery.tenant_id == tenant_id, OutboxDelivery.event_id == event_id
        )
        return set((await session.execute(query)).scalars())


async def _event(resources: Resources, tenant_id: uuid.UUID, event_id: uuid.UUID) -> OutboxEvent | None:
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        return (
            await session.execute(
                select(OutboxEvent).where(OutboxEvent.tenant_id == tenant_id, OutboxEvent.id == event_id)
            )
        ).scalar_one_or_none()


async def _pending(resources: Resources, event_id: uuid.UUID) -> OutboxPending | None:
    async with platform_session(resources.sessions) as session:
        return (
            await session.execute(select(OutboxPending).where(OutboxPending.event_id == event_id))
        ).scalar_one_or_none()


async def _make_due(resources: Resources, event_id: uuid.UUID) -> None:
    async with platform_session(resources.sessions) as session:
        await session.execute(
            update(OutboxPending).where(OutboxPending.event_id == event_id).values(available_at=func.now())
        )


async def _tenant(api: Api) -> uuid.UUID:
    return uuid.UUID((await api.signup()).id)


async def test_committed_events_are_delivered_once_in_order(api: Api, resources: Resources) -> None:
    tenant_id = await _tenant(api)
    ids = await _emit(resources, tenant_id, 3)
    recorder = Recorder()
    relay = Relay(resources.sessions, [recorder], tenant_id=tenant_id)

    assert await relay.drain() == 3
    assert await relay.drain() == 0

    assert recorder.handled == ids
    for event_id in ids:
        row = await _event(resources, tenant_id, event_id)
        assert row is not None
        assert row.published_at is not None
        assert row.attempts == 0
        assert await _pending(resources, event_id) is None


async def test_a_rolled_back_transaction_never_delivers_its_event(api: Api, resources: Resources) -> None:
    tenant_id = await _tenant(api)
    emitted: list[uuid.UUID] = []

    async def write_then_fail() -> None:
        async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
            emitted.append(write_event(session, tenant_id, order_data("SO-2026-000001")))
            await session.flush()
            raise RuntimeError("abort")

    with pytest.raises(RuntimeError, match="abort"):
        await write_then_fail()
    recorder = Recorder()

    assert await Relay(resources.sessions, [recorder], tenant_id=tenant_id).drain() == 0

    assert recorder.handled == []
    assert await _event(resources, tenant_id, emitted[0]) is None
    assert await _pending(resources, emitted[0]) is None


async def test_a_failing_consumer_is_retried_with_backoff(api: Api, resources: Resources) -> None:
    tenant_id = await _tenant(api)
    [event_id] = await _emit(resources, tenant_id)
    side_effect = Recorder("mail")  # succeeds at once: must not run again on the retries
    flaky = Recorder("flaky", failures=2)
    relay = Relay(resources.sessions, [side_effect, flaky], tenant_id=tenant_id, base_delay=5)

    for attempt, delay in ((1, 5), (2, 10)):
        assert await relay.run_once() is True
        row = await _event(resources, tenant_id, event_id)
        pending = await _pending(resources, event_id)
        assert row is not None
        assert pending is not None
        assert row.published_at is None
        assert row.attempts == attempt
        assert await _deliveries(resources, tenant_id, event_id) == {"mail"}  # kept through the failures
        assert row.created_at + timedelta(seconds=delay - 1) < pending.available_at
        assert pending.available_at < row.created_at + timedelta(seconds=delay + 30)
        assert await relay.run_once() is False  # not due yet
        await _make_due(resources, event_id)

    assert await relay.run_once() is True
    row = await _event(resources, tenant_id, event_id)
    assert row is not None
    assert row.published_at is not None
    assert row.attempts == 2
    assert await _pending(resources, event_id) is None
    assert flaky.calls == 3
    assert flaky.handled == [event_id]
    assert side_effect.calls == 1
    assert side_effect.handled == [event_id]
    assert await _deliveries(resources, tenant_id, event_id) == {"mail", "flaky"}


def test_backoff_doubles_and_caps_at_an_hour() -> None:
    assert [backoff(n) for n in (1, 2, 3, 4)] == [5.0, 10.0, 20.0, 40.0]
    assert backoff(11) == 3600.0
    assert backoff(500) == 3600.0


async def test_an_event_failing_for_days_is_given_up(api: Api, resources: Resources) -> None:
    tenant_id = await _tenant(api)
    [event_id] = await _emit(resources, tenant_id)
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        await session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.tenant_id == tenant_id, OutboxEvent.id == event_id)
            .values(created_at=func.now() - timedelta(days=4))
        )
    broken = Recorder(failures=1_000)

    assert await Relay(resources.sessions, [broken], tenant_id=tenant_id).run_once() is True

    row = await _event(resources, tenant_id, event_id)
    assert row is not None
    assert row.published_at is None
    assert row.attempts == 1
    assert await _pending(resources, event_id) is None


async def _delivery_rows(resources: Resources, tenant_id: uuid.UUID) -> list[uuid.UUID]:
    """Every `outbox_deliveries` row of the tenant, as its event id (duplicates kept)."""
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        query = select(OutboxDelivery.event_id).where(OutboxDelivery.tenant_id == tenant_id)
        return list((await session.execute(query)).scalars())


async def test_two_relays_deliver_each_event_exactly_once(api: Api, resources: Resources) -> None:
    tenant_id = await _tenant(api)
    ids = await _emit(resources, tenant_id, 60)
    first = Recorder(delay=0.005)
    second = Recorder(delay=0.005)
    relays = [Relay(resources.sessions, [c], tenant_id=tenant_id, batch_size=10) for c in (first, second)]

    counts = await asyncio.wait_for(asyncio.gather(*(r.drain() for r in relays)), timeout=30)

    delivered = Counter(first.handled + second.handled)
    assert sum(counts) == 60
    assert set(delivered) == set(ids)
    assert set(delivered.values()) == {1}
    assert first.handled
    assert second.handled
    rows = Counter(await _delivery_rows(resources, tenant_id))
    assert set(rows) == set(ids)
    assert set(rows.values()) == {1}
    for event_id in ids:
        assert await _pending(resources, event_id) is None


async def test_a_batch_delivers_many_events_per_transaction(api: Api, resources: Resources) -> None:
    tenant_id = await _tenant(api)
    ids = await _emit(resources, tenant_id, 120)
    recorder = Recorder()
    relay = Relay(resources.sessions, [recorder], tenant_id=tenant_id, batch_size=50)

    transactions = 0
    while await relay.run_once():
        transactions += 1
        assert transactions <= 3

    assert transactions == 3
    assert sorted(recorder.handled) == sorted(ids)
    assert len(recorder.handled) == 120
    assert Counter(await _delivery_rows(resources, tenant_id)) == Counter(ids)


class FailsOn(Recorder):
    """Fails every call for the given events, handles the rest."""

    def __init__(self, failing: set[uuid.UUID]) -> None:
        super().__init__("fails-on")
        self.failing = failing

    async def handle(self, session: AsyncSession, event: Event) -> None:
        self.calls += 1
        if event.id in self.failing:
            raise RuntimeError("consumer down")
        self.handled.append(event.id)


async def test_a_failing_event_does_not_hold_up_or_repeat_its_batch(api: Api, resources: Resources) -> None:
    tenant_id = await _tenant(api)
    ids = await _emit(resources, tenant_id, 10)
    bad = ids[3]
    mail = Recorder("mail")
    consumer = FailsOn({bad})
    relay = Relay(resources.sessions, [mail, consumer], tenant_id=tenant_id, batch_size=50)

    assert await relay.run_batch() == 10
    assert await relay.run_batch() == 0  # the failed one is not due yet

    others = [i for i in ids if i != bad]
    assert consumer.handled == others  # in order, each once
    assert mail.handled == ids
    for event_id in others:
        row = await _event(resources, tenant_id, event_id)
        assert row is not None
        assert row.published_at is not None
        assert row.attempts == 0
        assert await _pending(resources, event_id) is None
    row = await _event(resources, tenant_id, bad)
    assert row is not None
    assert row.published_at is None
    assert row.attempts == 1
    assert await _pending(resources, bad) is not None
    assert await _deliveries(resources, tenant_id, bad) == {"mail"}

    await _make_due(resources, bad)
    consumer.failing.clear()
    assert await relay.drain() == 1
    assert consumer.handled == [*others, bad]
    assert mail.handled == ids  # not repeated on the retry


async def test_later_events_of_a_rescheduled_aggregate_wait_behind_it(api: Api, resources: Resources) -> None:
    tenant_id = await _tenant(api)
    order_id, other_id = uuid.uuid4(), uuid.uuid4()
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        first = write_event(session, tenant_id, order_data("SO-2026-000001"), aggregate_id=order_id)
        unrelated = write_event(session, tenant_id, order_data("SO-2026-000002"), aggregate_id=other_id)
        second = write_event(session, tenant_id, order_data("SO-2026-000001"), aggregate_id=order_id)
    consumer = FailsOn({first})
    relay = Relay(resources.sessions, [consumer], tenant_id=tenant_id)

    assert await relay.run_batch() == 2  # the failure and the unrelated event; the second waits

    assert consumer.handled == [unrelated]
    first_pending, second_pending = await _pending(resources, first), await _pending(resources, second)
    assert first_pending is not None
    assert second_pending is not None
    assert first_pending.available_at < second_pending.available_at
    later = await _event(resources, tenant_id, second)
    assert later is not None
    assert later.attempts == 0  # deferred, not failed
    assert await relay.run_batch() == 0

    consumer.failing.clear()
    await _make_due(resources, first)
    await _make_due(resources, second)
    assert await relay.drain() == 2
    assert consumer.handled == [unrelated, first, second]


async def test_an_outage_is_logged_once_not_per_event(
    api: Api, resources: Resources, caplog: pytest.LogCaptureFixture
) -> None:
    tenant_id = await _tenant(api)
    await _emit(resources, tenant_id, count=30)
    relay = Relay(resources.sessions, [Recorder("down", failures=1_000)], tenant_id=tenant_id)
    with caplog.at_level("WARNING", logger="domain.integrations.relay"):
        assert await relay.drain() == 30
    warnings = [r for r in caplog.records if r.name == "domain.integrations.relay"]
    assert len(warnings) == 1
    assert warnings[0].exc_info is not None  # the one line carries the traceback
