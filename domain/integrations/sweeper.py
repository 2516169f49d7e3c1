"""Periodic housekeeping, tenant by tenant, as a task of the outbox worker: each job runs in its
own tenant session (so one tenant's or one job's failure rolls back only itself and is retried
on the next pass)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tenants import clock
from tenants.db import TenantScope, platform_session, tenant_session
from tenants.models import Tenant

log = logging.getLogger("domain.integrations.sweeper")

# A job gets the tenant's session, the tenant and the moment of the pass; it returns how many
# things it handled (for logs and tests).
TenantJob = Callable[[AsyncSession, uuid.UUID, datetime], Awaitable[int]]


class TenantSweeper:
    """Runs every job for every active tenant, once per interval."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        jobs: Sequence[tuple[str, TenantJob]],
        interval_seconds: float = 60.0,
    ) -> None:
        self.sessions = sessions
        self.jobs = list(jobs)
        self.interval = interval_seconds

    async def run_once(self, now: datetime | None = None) -> dict[str, int]:
        """One pass over every active tenant; what each job handled in total."""
        moment = now or clock.utcnow()
        async with platform_session(self.sessions) as session:
            tenant_ids = list((await session.execute(select(Tenant.id).where(Tenant.status == "active"))).scalars())
        handled = {name: 0 for name, _ in self.jobs}
        for tenant_id in tenant_ids:
            for name, job in self.jobs:
                try:
                    async with tenant_session(self.sessions, TenantScope(tenant_id)) as session:
                        handled[name] += await job(session, tenant_id, moment)
                except Exception:
                    log.exception("%s failed for tenant %s; the next pass retries", name, tenant_id)
        return handled

    async def run(self, stop: asyncio.Event) -> None:
        log.info("tenant sweeper started: %s", ", ".join(name for name, _ in self.jobs))
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:
                log.exception("tenant sweeper pass failed; retrying")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval)
        log.info("tenant sweeper stopped")
