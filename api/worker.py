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

log = logging.getLogger("api.worker")


def build_consumers(settings: Settings, redis: Redis) -> list[Consumer]:
    """Transactional consumers first (their writes roll back with a later failure), then side effects."""
    return [
        ApprovalRequests(),
        LiveStream(redis),
        OrderEmails(settings.smtp, settings.public_base_url),
    ]


def build_relay(resources: Resources) -> Relay:
    return Relay(resources.sessions, resources.redis, build_consumers(resources.settings, resources.redis))


class InProcessWorker:
    """The relay as a task of the web process (dev: `make run`)."""

    def __init__(self, relay: Relay) -> None:
        self.relay = relay
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self.relay.run(self._stop), name="outbox-relay")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None


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
        await build_relay(resources).run(stop)
    finally:
        await resources.redis.aclose()
        await resources.engine.dispose()
