"""The outbox backlog drains while a producer keeps writing: the worker's relay loops keep up
with a steady stream of committed events, and deliver each once per consumer."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.state import Resources
from api.worker import relay_loops
from domain.integrations.events import Event
from domain.integrations.models import OutboxDelivery, OutboxPending
from domain.integrations.relay import Relay
from tenants.db import TenantScope, platform_session, tenant_session
from tests.events_support import order_data, write_event
from tests.factories import Api

RATE = 50.0  # events/s, one committed transaction each
PRODUCE_SECONDS = 5.0  # 250 events: a relay that stalled would leave about that many
# Idle loops poll once a second, so the backlog saws up to about a second of production (~60
# here); 120 leaves room for a slow machine and is still half of what a stalled relay leaves.
BACKLOG_BOUND = 120
DRAIN_SECONDS = 5.0


class Recorder:
    """A consumer that takes a little time per event and records what it handled."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.topics: frozenset[str] | None = None
        self.handled: list[uuid.UUID] = []

    async def handle(self, session: AsyncSession, event: Event) -> None:
        await asyncio.sleep(0.002)
        self.handled.append(event.id)


async def _backlog(resources: Resources, tenant_id: uuid.UUID) -> int:
    async with platform_session(resources.sessions) as session:
        query = select(func.count()).select_from(OutboxPending).where(OutboxPending.tenant_id == tenant_id)
        return int((await session.execute(query)).scalar_one())


async def _drained(resources: Resources, tenant_id: uuid.UUID, seconds: float) -> int:
    """Wait until nothing of the tenant is pending, or `seconds`; what is left."""
    deadline = time.monotonic() + seconds
    while True:
        left = await _backlog(resources, tenant_id)
        if not left or time.monotonic() > deadline:
            return left
        await asyncio.sleep(0.05)


async def _produce(resources: Resources, tenant_id: uuid.UUID, count: int) -> list[uuid.UUID]:
    """`count` events at RATE, each committed on its own, on a fixed schedule (no drift)."""
    ids: list[uuid.UUID] = []
    started = time.monotonic()
    for n in range(count):
        await asyncio.sleep(max(0.0, started + n / RATE - time.monotonic()))
        async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
            ids.append(write_event(session, tenant_id, order_data(f"SO-2026-{n:06d}")))
    return ids


async def test_the_backlog_drains_while_the_producer_runs(api: Api, resources: Resources) -> None:
    tenant_id = uuid.UUID((await api.signup()).id)
    mail, bell = Recorder("mail"), Recorder("bell")
    # Restricted to this test's tenant, so events other tests left pending stay out of it.
    relay = Relay(resources.sessions, [mail, bell], tenant_id=tenant_id)
    stop = asyncio.Event()
    loops = [asyncio.create_task(loop) for loop in relay_loops(relay, stop, resources.settings.relay_concurrency)]
    try:
        production = asyncio.create_task(_produce(resources, tenant_id, round(RATE * PRODUCE_SECONDS)))
        samples: list[int] = []
        while not production.done():
            samples.append(await _backlog(resources, tenant_id))
            await asyncio.sleep(0.1)
        ids = await production
        at_end = await _backlog(resources, tenant_id)
        left = await _drained(resources, tenant_id, DRAIN_SECONDS)
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*loops), timeout=10)

    assert len(ids) == RATE * PRODUCE_SECONDS
    assert left == 0, f"{left} events still pending {DRAIN_SECONDS:.0f} s after production stopped"
    assert at_end <= BACKLOG_BOUND
    assert max(samples) <= BACKLOG_BOUND, samples
    assert len(samples) >= 30  # the backlog was watched throughout production
    for consumer in (mail, bell):
        assert Counter(consumer.handled) == Counter(ids)  # every event, each once
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        query = select(OutboxDelivery.event_id, OutboxDelivery.consumer).where(OutboxDelivery.tenant_id == tenant_id)
        rows = Counter((await session.execute(query)).all())
    assert rows == Counter({(event_id, name): 1 for event_id in ids for name in ("mail", "bell")})
