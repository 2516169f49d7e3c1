"""Long jobs (DESIGN "Long jobs"): exports now, imports and campaign sends next.

A job is a row of the tenant's (`Job`): kind, state, progress, result, error. `enqueue` writes it
and puts a PgQueuer entry on the same connection, in the request's transaction, so a job exists
exactly when the request that asked for it committed. The worker's queue manager hands the entry
to `run`, which claims the row, runs the kind's handler as the user who asked (her permissions and
store scope, loaded again: a deactivated user's job fails) and records how it ended. A handler
reports progress in transactions of its own and stops when the job is cancelled; a worker killed
mid-job leaves the row `running` and PgQueuer gives the entry to another worker once its heartbeat
is stale, so the job runs again from the start (handlers write their file anew; nothing half-done
is ever published).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

import msgspec
from pgqueuer.queries import Queries
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.integrations.models import Job as JobRow
from tenants.auth import load_user_principal
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.db import TenantScope, tenant_session
from tenants.errors import Conflict, NotFound
from tenants.files import FileStore
from tenants.ids import uuid7
from tenants.pagination import keyset_page
from tenants.principal import RequestMeta
from tenants.scoping import of_tenant

log = logging.getLogger("domain.jobs")

ENTRYPOINT = "crm.job"  # the one PgQueuer entrypoint: the job row says what to run
FILE_TTL = timedelta(hours=24)  # how long a job's file may be downloaded


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINAL = frozenset({JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED})


class Cancelled(Exception):
    """Raised inside a handler by `JobRun.progress` once the job's cancellation was asked for."""


class JobFailed(Exception):
    """A handler's own refusal, with the message its user reads (an English msgid)."""


class _Entry(msgspec.Struct):
    tenant_id: uuid.UUID
    job_id: uuid.UUID


@dataclass
class JobRun:
    """What a handler gets: its job's parameters, the files, progress reporting, and a unit of
    work as the user who asked for it."""

    tenant_id: uuid.UUID
    job_id: uuid.UUID
    params: dict[str, Any]
    created_by: uuid.UUID | None  # None: asked for by an API key (the kind runs as the tenant)
    lang: str
    files: FileStore
    sessions: async_sessionmaker[AsyncSession]

    @asynccontextmanager
    async def ctx(self) -> AsyncIterator[Ctx]:
        """One transaction as the job's user (her current permissions and store scope)."""
        principal = None
        if self.created_by is not None:
            async with tenant_session(self.sessions, TenantScope(self.tenant_id)) as session:
                principal = await load_user_principal(session, self.tenant_id, self.created_by)
        if principal is None:
            raise JobFailed("The user who started this job can no longer sign in.")
        meta = RequestMeta(request_id=f"job:{self.job_id}", lang=self.lang)
        async with tenant_session(self.sessions, principal.scope) as session:
            yield Ctx(session=session, actor=principal, meta=meta)

    async def progress(self, done: int, total: int | None = None) -> None:
        """Record how far the job got; raises Cancelled once its user asked to stop it."""
        async with tenant_session(self.sessions, TenantScope(self.tenant_id)) as session:
            row = await _row(session, self.tenant_id, self.job_id)
            row.progress = {"done": done, "total": total if total is not None else row.progress.get("total")}
            if row.cancel_requested:
                raise Cancelled


Handler = Callable[[JobRun], Awaitable[dict[str, Any]]]


async def _row(session: AsyncSession, tenant_id: uuid.UUID, job_id: uuid.UUID, *, lock: bool = False) -> JobRow:
    query = select(JobRow).where(of_tenant(tenant_id, JobRow), JobRow.id == job_id)
    row = (await session.execute(query.with_for_update() if lock else query)).scalar_one_or_none()
    if row is None:
        raise NotFound("No such job.")
    return row


async def enqueue(ctx: Ctx, kind: str, params: Mapping[str, Any]) -> JobRow:
    """A new job of `kind`, queued with the caller's transaction (it runs only if that commits)."""
    row = JobRow(
        tenant_id=ctx.tenant_id,
        id=uuid7(),
        kind=kind,
        state=JobState.QUEUED.value,
        params={**params, "lang": ctx.meta.lang},
        progress={"done": 0, "total": None},
        created_by=ctx.actor.user_id,  # None: an API key or the product itself (the kind runs as the tenant)
        created_at=utcnow(),
    )
    ctx.session.add(row)
    await ctx.session.flush()
    connection = await (await ctx.session.connection()).get_raw_connection()
    entry = msgspec.json.encode(_Entry(ctx.tenant_id, row.id))
    await Queries.from_asyncpg_connection(connection.driver_connection).enqueue(ENTRYPOINT, entry)
    return row


async def cancel(ctx: Ctx, job_id: uuid.UUID) -> JobRow:
    """Stop the caller's job: a queued one at once, a running one at its next progress report."""
    row = await _own(ctx, job_id, lock=True)
    if row.state in FINAL:
        raise Conflict("The job has already ended.", code="job_ended")
    row.cancel_requested = True
    if row.state == JobState.QUEUED:
        row.state, row.finished_at = JobState.CANCELLED.value, utcnow()
    return row


async def _own(ctx: Ctx, job_id: uuid.UUID, *, lock: bool = False) -> JobRow:
    """The caller's job; another user's (or tenant's) is a 404 like a missing one."""
    row = await _row(ctx.session, ctx.tenant_id, job_id, lock=lock)
    if row.created_by != ctx.actor.user_id:
        raise NotFound("No such job.")
    return row


async def get_job(ctx: Ctx, job_id: uuid.UUID) -> JobRow:
    return await _own(ctx, job_id)


async def my_jobs(ctx: Ctx, limit: int, cursor: str | None) -> tuple[list[JobRow], str | None]:
    query = select(JobRow).where(of_tenant(ctx.tenant_id, JobRow), JobRow.created_by == ctx.actor.user_id)
    return await keyset_page(ctx.session, query, JobRow.created_at, JobRow.id, limit, cursor)


async def _claim(sessions: async_sessionmaker[AsyncSession], entry: _Entry) -> JobRow | None:
    """Mark the job running (again, after a crash); None when it has ended or was cancelled."""
    async with tenant_session(sessions, TenantScope(entry.tenant_id)) as session:
        row = await _row(session, entry.tenant_id, entry.job_id, lock=True)
        if row.state in FINAL:
            return None
        if row.cancel_requested:
            row.state, row.finished_at = JobState.CANCELLED.value, utcnow()
            return None
        row.state, row.started_at, row.attempts = JobState.RUNNING.value, utcnow(), row.attempts + 1
        row.progress = {"done": 0, "total": None}
        return row


async def _finish(sessions: async_sessionmaker[AsyncSession], entry: _Entry, state: JobState, **values: Any) -> None:
    async with tenant_session(sessions, TenantScope(entry.tenant_id)) as session:
        row = await _row(session, entry.tenant_id, entry.job_id, lock=True)
        row.state, row.finished_at = state.value, utcnow()
        for key, value in values.items():
            setattr(row, key, value)


async def run(
    sessions: async_sessionmaker[AsyncSession], files: FileStore, handlers: Mapping[str, Handler], payload: bytes
) -> None:
    """Run one queued job to its end (what the worker's PgQueuer entrypoint calls)."""
    entry = msgspec.json.decode(payload, type=_Entry)
    row = await _claim(sessions, entry)
    if row is None:
        return
    handler = handlers.get(row.kind)
    if handler is None:
        await _finish(sessions, entry, JobState.FAILED, error="This kind of job cannot run here.")
        return
    job = JobRun(
        entry.tenant_id, entry.job_id, row.params, row.created_by, str(row.params.get("lang", "en")), files, sessions
    )
    try:
        result = await handler(job)
    except Cancelled:
        await _finish(sessions, entry, JobState.CANCELLED)
    except JobFailed as refused:
        await _finish(sessions, entry, JobState.FAILED, error=str(refused))
    except Exception:
        log.exception("job %s (%s) failed", entry.job_id, row.kind)
        await _finish(sessions, entry, JobState.FAILED, error="The job failed unexpectedly; start it again.")
    else:
        await _finish(sessions, entry, JobState.SUCCEEDED, result=result, expires_at=utcnow() + FILE_TTL)
