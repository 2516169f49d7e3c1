"""Worker wiring: the outbox relay with its consumers, in-process (dev) or as `python -m api worker`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from redis.asyncio import Redis

from api.settings import Settings
from api.state import Resources
from domain.integrations.events import Consumer
from domain.integrations.mailer import OrderEmails
from domain.integrations.notifications import ApprovalRequests
from domain.integrations.relay import Relay
from domain.integrations.stream import LiveStream
from domain.service.breaches import SlaMonitor
from domain.service.csat import CsatEmails
from domain.service.notifications import AssignmentNotices

log = logging.getLogger("api.worker")


def build_consumers(settings: Settings, redis: Redis) -> list[Consumer]:
    """Transactional consumers first (their writes roll back with a later failure), then side effects."""
    return [
        ApprovalRequests(),
        AssignmentNotices(),
        LiveStream(redis),
        OrderEmails(settings.smtp, settings.public_base_url),
        CsatEmails(settings.smtp, settings.public_base_url),
    ]


def build_relay(resources: Resources) -> Relay:
    return Relay(resources.sessions, resources.redis, build_consumers(resources.settings, resources.redis))


class InProcessWorker:
    """The relay and the periodic SLA check as tasks of the web process (dev: `make run`)."""

    def __init__(self, relay: Relay, monitor: SlaMonitor | None = None) -> None:
        self.relay = relay
        self.monitor = monitor
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks.append(asyncio.create_task(self.relay.run(self._stop), name="outbox-relay"))
        if self.monitor is not None:
            self._tasks.append(asyncio.create_task(self.monitor.run(self._stop), name="sla-monitor"))

    async def stop(self) -> None:
        self._stop.set()
        for task in self._tasks:
            await task
        self._tasks = []


async def run_worker(settings: Settings) -> None:
    """The production worker process: the relay until SIGTERM/SIGINT."""
    from api.app import build_resources

    resources = build_resources(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await asyncio.gather(build_relay(resources).run(stop), SlaMonitor(resources.sessions).run(stop))
    finally:
        await resources.redis.aclose()
        await resources.engine.dispose()
