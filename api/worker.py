"""Worker wiring: the outbox relay with its consumers, in-process (dev) or as `python -m api worker`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Coroutine
from typing import Any

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.settings import Settings
from api.state import Resources
from domain.integrations.events import Consumer
from domain.integrations.idempotency import purge_expired
from domain.integrations.relay import Relay
from domain.integrations.stream import LiveStream
from domain.integrations.sweeper import TenantSweeper
from domain.orders.consumers import ApprovalRequests, OrderEmails
from domain.orders.walkin import sweep_drafts
from domain.service.breaches import check_tenant as check_sla
from domain.service.consumers import AssignmentNotices, CsatEmails, TicketReplyEmails

log = logging.getLogger("api.worker")


def build_consumers(settings: Settings, redis: Redis) -> list[Consumer]:
    """Transactional consumers first (their writes roll back with a later failure), then side effects."""
    return [
        ApprovalRequests(),
        AssignmentNotices(),
        LiveStream(redis),
        OrderEmails(settings.smtp, settings.public_base_url),
        CsatEmails(settings.smtp, settings.public_base_url),
        TicketReplyEmails(settings.smtp),
    ]


def build_sweeper(sessions: async_sessionmaker[AsyncSession]) -> TenantSweeper:
    """Once a minute, per tenant: SLA breaches and escalation, expired idempotency keys, and drafts
    older than the tenant's draft_ttl_hours."""
    return TenantSweeper(
        sessions,
        [("sla check", check_sla), ("idempotency purge", purge_expired), ("draft sweep", sweep_drafts)],
    )


def build_relay(resources: Resources) -> Relay:
    return Relay(resources.sessions, build_consumers(resources.settings, resources.redis))


def relay_loops(relay: Relay, stop: asyncio.Event, concurrency: int) -> list[Coroutine[Any, Any, None]]:
    """`concurrency` loops of one relay (its consumers hold no per-event state); they share the
    queue through `FOR UPDATE SKIP LOCKED`, each with its own connection and transaction."""
    return [relay.run(stop) for _ in range(max(1, concurrency))]


class InProcessWorker:
    """The relay loops and the periodic tenant sweeper as tasks of the web process (dev: `make run`)."""

    def __init__(self, relay: Relay, sweeper: TenantSweeper | None = None, *, concurrency: int = 1) -> None:
        self.relay = relay
        self.sweeper = sweeper
        self.concurrency = concurrency
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        for n, loop in enumerate(relay_loops(self.relay, self._stop, self.concurrency)):
            self._tasks.append(asyncio.create_task(loop, name=f"outbox-relay-{n}"))
        if self.sweeper is not None:
            self._tasks.append(asyncio.create_task(self.sweeper.run(self._stop), name="tenant-sweeper"))

    async def stop(self) -> None:
        self._stop.set()
        for task in self._tasks:
            await task
        self._tasks = []


async def run_worker(settings: Settings) -> None:
    """The production worker process: `RELAY_CONCURRENCY` relay loops and the sweeper until SIGTERM/SIGINT."""
    from api.app import build_resources

    resources = build_resources(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await asyncio.gather(
            *relay_loops(build_relay(resources), stop, settings.relay_concurrency),
            build_sweeper(resources.sessions).run(stop),
        )
    finally:
        await resources.redis.aclose()
        await resources.engine.dispose()
