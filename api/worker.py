"""Worker wiring: the outbox relay with its consumers, the tenant sweeper and the long jobs,
in-process (dev) or as `python -m api worker`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Coroutine
from datetime import timedelta
from typing import Any

import asyncpg
from pgqueuer import QueueManager
from pgqueuer.models import Job as QueuedJob
from pgqueuer.queries import Queries
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.settings import Settings
from api.state import Resources
from domain.catalog import imports as product_imports
from domain.custom_fields import indexing as custom_field_indexing
from domain.customers import exports as customer_exports
from domain.customers import imports as customer_imports
from domain.integrations import jobs
from domain.integrations.events import Consumer
from domain.integrations.idempotency import purge_expired
from domain.integrations.relay import Relay
from domain.integrations.stream import LiveStream
from domain.integrations.sweeper import TenantSweeper
from domain.loyalty.public import expire_points, review_tiers
from domain.marketing import actions as segment_actions
from domain.marketing import membership as segment_membership
from domain.marketing import rfm
from domain.marketing.campaign_states import SEND_KIND
from domain.marketing.consumers import CampaignApprovalRequests, SegmentMembership
from domain.marketing.sending import Delivery, sending_job, start_due
from domain.orders import exports as order_exports
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
        CampaignApprovalRequests(),
        SegmentMembership(),
        LiveStream(redis),
        OrderEmails(settings.smtp, settings.public_base_url),
        CsatEmails(settings.smtp, settings.public_base_url),
        TicketReplyEmails(settings.smtp),
    ]


def build_sweeper(sessions: async_sessionmaker[AsyncSession]) -> TenantSweeper:
    """Once a minute, per tenant: SLA breaches and escalation, expired idempotency keys, drafts
    older than the tenant's draft_ttl_hours, loyalty points past their expiry date, and tiers whose
    rolling 12 months no longer reach them (each member judged once a day); once a day in the
    tenant's calendar, the RFM scores and then the segments whose answer moves with the calendar;
    campaigns whose time has come start sending."""
    return TenantSweeper(
        sessions,
        [
            ("sla check", check_sla),
            ("idempotency purge", purge_expired),
            ("draft sweep", sweep_drafts),
            ("points expiry", expire_points),
            ("tier review", review_tiers),
            ("rfm scores", rfm.recompute_daily),
            ("segment sweep", segment_membership.sweep),
            ("campaign start", start_due),
        ],
    )


def build_relay(resources: Resources) -> Relay:
    return Relay(resources.sessions, build_consumers(resources.settings, resources.redis))


def delivery_of(resources: Resources) -> Delivery:
    settings = resources.settings
    return Delivery(
        smtp=settings.smtp,
        sms=resources.sms,
        public_base_url=settings.public_base_url,
        email_per_second=settings.campaign_email_per_second,
        sms_per_second=settings.campaign_sms_per_second,
    )


def build_job_handlers(resources: Resources) -> dict[str, jobs.Handler]:
    """What each kind of long job runs (domain/integrations/jobs.py)."""
    return {
        SEND_KIND: sending_job(delivery_of(resources)),
        customer_exports.KIND: customer_exports.export_customers,
        segment_actions.REBUILD_KIND: segment_actions.rebuild_job,
        custom_field_indexing.KIND: custom_field_indexing.index_terms,
        customer_imports.KIND: customer_imports.import_customers,
        product_imports.KIND: product_imports.import_products,
        order_exports.KIND: order_exports.export_orders,
    }


class JobWorker:
    """PgQueuer's queue manager on a connection of its own (it LISTENs for new entries), running
    each long job to its end; a job whose worker died is picked again once its heartbeat is stale."""

    HEARTBEAT = timedelta(seconds=30)

    def __init__(self, resources: Resources, handlers: dict[str, jobs.Handler] | None = None) -> None:
        self.resources = resources
        self.handlers = handlers if handlers is not None else build_job_handlers(resources)

    async def run(self, stop: asyncio.Event) -> None:
        url = self.resources.engine.url.set(drivername="postgresql")
        connection = await asyncpg.connect(url.render_as_string(hide_password=False))
        manager = QueueManager(Queries.from_asyncpg_connection(connection))
        res = self.resources

        @manager.entrypoint(jobs.ENTRYPOINT)
        async def run_job(job: QueuedJob) -> None:
            await jobs.run(res.sessions, res.files, self.handlers, job.payload or b"")

        async def stop_when_asked() -> None:
            await stop.wait()
            manager.shutdown.set()

        stopper = asyncio.create_task(stop_when_asked())
        try:
            await manager.run(dequeue_timeout=timedelta(seconds=5), heartbeat_timeout=self.HEARTBEAT)
        finally:
            stopper.cancel()
            await connection.close()


def relay_loops(relay: Relay, stop: asyncio.Event, concurrency: int) -> list[Coroutine[Any, Any, None]]:
    """`concurrency` loops of one relay (its consumers hold no per-event state); they share the
    queue through `FOR UPDATE SKIP LOCKED`, each with its own connection and transaction."""
    return [relay.run(stop) for _ in range(max(1, concurrency))]


class InProcessWorker:
    """The relay loops and the periodic tenant sweeper as tasks of the web process (dev: `make run`)."""

    def __init__(
        self,
        relay: Relay,
        sweeper: TenantSweeper | None = None,
        *,
        concurrency: int = 1,
        job_worker: JobWorker | None = None,
    ) -> None:
        self.relay = relay
        self.sweeper = sweeper
        self.job_worker = job_worker
        self.concurrency = concurrency
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        for n, loop in enumerate(relay_loops(self.relay, self._stop, self.concurrency)):
            self._tasks.append(asyncio.create_task(loop, name=f"outbox-relay-{n}"))
        if self.sweeper is not None:
            self._tasks.append(asyncio.create_task(self.sweeper.run(self._stop), name="tenant-sweeper"))
        if self.job_worker is not None:
            self._tasks.append(asyncio.create_task(self.job_worker.run(self._stop), name="long-jobs"))

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
            JobWorker(resources).run(stop),
        )
    finally:
        await resources.redis.aclose()
        await resources.engine.dispose()
