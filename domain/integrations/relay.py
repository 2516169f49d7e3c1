"""The outbox relay: delivers committed events to consumers, at least once, with backoff.

Events are taken in batches: one transaction locks up to `batch_size` due `outbox_pending` rows
(`FOR UPDATE SKIP LOCKED`, so any number of relays share the queue without delivering an event
twice) and delivers them tenant by tenant (tenants in the order of their first event, each
tenant's events in `available_at` order). For each tenant of the batch one statement binds that
tenant to the transaction (rule 7: the job carries its tenant; `in_scope`, so the setting lasts
until commit) and reads the tenant's events, each with the consumers already recorded as done,
under row-level security; the consumers run event after event; then one statement records the
deliveries and marks the published events. The published events leave `outbox_pending` in one
statement at the end. The row locks are held until commit, so no other relay can pick an event
of the batch while it is being delivered. (Statements per event used to be a dozen — bind,
load, deliveries, a savepoint plus an insert per consumer, publish, delete — and the relay
drained a quarter of what its consumers alone could do: tests/bench, "outbox relay ÷ consumer
floor".)

Each consumer runs in its own savepoint, and its `outbox_deliveries` row is written in the same
transaction once it succeeded: one failing consumer reschedules its event without undoing, or
repeating on the retry, what the others did, and the other events of the batch are still
published. (A side effect outside the database — an email — can still be repeated if the commit
itself fails, which now repeats the whole batch; its Message-ID is the event id, so receivers
can tell.)

Ordering: within a batch, events of one aggregate are delivered in `available_at` order (events
committed in one transaction share it and come in the order the table returns them), and once
one of them is rescheduled the later ones of that aggregate in the batch are not delivered but
deferred to just after it. That is best effort, not a guarantee: several relays run at once, and
one can deliver a later event of an aggregate while another is still delivering an earlier one,
or before the earlier one is rescheduled. Consumers must not depend on order across events.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row, bindparam, delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.integrations.events import Consumer, Event
from domain.integrations.models import OutboxDelivery, OutboxEvent, OutboxPending
from tenants.db import TenantScope, in_scope, platform_session, scope_params
from tenants.scoping import of_tenant

log = logging.getLogger("domain.integrations.relay")

_PICK = text(
    "SELECT event_id, tenant_id FROM outbox_pending WHERE available_at <= now()"
    " ORDER BY available_at LIMIT :limit FOR UPDATE SKIP LOCKED"
)
_PICK_TENANT = text(
    "SELECT event_id, tenant_id FROM outbox_pending WHERE available_at <= now() AND tenant_id = :tenant_id"
    " ORDER BY available_at LIMIT :limit FOR UPDATE SKIP LOCKED"
)
# The picked events of one tenant, each with the consumers already recorded as done with it.
_LOAD = select(
    OutboxEvent.id,
    OutboxEvent.topic,
    OutboxEvent.aggregate_type,
    OutboxEvent.aggregate_id,
    OutboxEvent.store_id,
    OutboxEvent.payload,
    OutboxEvent.created_at,
    OutboxEvent.published_at,
    OutboxEvent.attempts,
    select(func.array_agg(OutboxDelivery.consumer))
    .where(OutboxDelivery.tenant_id == OutboxEvent.tenant_id, OutboxDelivery.event_id == OutboxEvent.id)
    .scalar_subquery()
    .label("done"),
).where(OutboxEvent.tenant_id == bindparam("tenant_id"), OutboxEvent.id.in_(bindparam("event_ids", expanding=True)))
# The deliveries of one tenant's batch and its published events, in one statement.
_RECORD = text(
    "WITH delivered AS (INSERT INTO outbox_deliveries (tenant_id, event_id, consumer)"
    " SELECT CAST(:tenant_id AS uuid), d.event_id, d.consumer FROM unnest(CAST(:event_ids AS uuid[]), CAST(:consumers AS text[]))"
    " AS d(event_id, consumer))"
    " UPDATE outbox_events SET published_at = now() WHERE tenant_id = :tenant_id AND id = ANY(CAST(:published AS uuid[]))"
)
# Deferred events of a rescheduled aggregate queue up behind it, a millisecond apart, in order.
_DEFER_STEP = timedelta(milliseconds=1)


class QuietLog:
    """At most one warning per (topic, error type) a minute, the rest counted: an outage fails
    every event, and a traceback per event per retry buried the logs (33 MB in 100 s)."""

    WINDOW_SECONDS = 60.0

    def __init__(self) -> None:
        self._last: dict[tuple[str, str], tuple[float, int]] = {}

    def warning(self, event: Event, attempts: int, delay: float, exc: BaseException) -> None:
        key = (event.topic, type(exc).__name__)
        now = time.monotonic()
        last, quiet = self._last.get(key, (-self.WINDOW_SECONDS, 0))
        if now - last < self.WINDOW_SECONDS:
            self._last[key] = (last, quiet + 1)
            return
        self._last[key] = (now, 0)
        also = f"; {quiet} more {key[0]} events failed the same way in the last minute" if quiet else ""
        log.warning(
            "outbox event %s (%s) failed (attempt %d); retry in %.0f s%s",
            event.id,
            event.topic,
            attempts,
            delay,
            also,
            exc_info=exc,
        )


def backoff(attempts: int, base: float = 5.0, cap: float = 3600.0) -> float:
    """Seconds before retry number `attempts` (1, 2, …): 5 s, 10 s, 20 s, … capped at an hour."""
    return float(min(cap, base * 2 ** min(attempts - 1, 30)))


class Relay:
    """Moves events from the outbox to `consumers`. `tenant_id` restricts it to one tenant
    (tests; an operator draining one tenant). `batch_size` events are delivered per transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        consumers: Sequence[Consumer],
        *,
        tenant_id: uuid.UUID | None = None,
        base_delay: float = 5.0,
        max_delay: float = 3600.0,
        give_up_after: timedelta = timedelta(days=3),
        batch_size: int = 50,
    ) -> None:
        self.sessions = sessions
        self.consumers = list(consumers)
        self.tenant_id = tenant_id
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.give_up_after = give_up_after
        self.batch_size = max(1, batch_size)
        self.quiet_log = QuietLog()

    async def run_once(self) -> bool:
        """Deliver (or reschedule) one batch of due events; False when none is due."""
        return await self.run_batch() > 0

    async def run_batch(self, limit: int | None = None) -> int:
        """Deliver (or reschedule) up to `batch_size` (and `limit`) due events in one transaction;
        returns how many were handled (deferred ones are not counted)."""
        size = self.batch_size if limit is None else max(1, min(self.batch_size, limit))
        handled = 0
        async with platform_session(self.sessions) as session:
            if self.tenant_id is None:
                picked = (await session.execute(_PICK, {"limit": size})).all()
            else:
                picked = (await session.execute(_PICK_TENANT, {"limit": size, "tenant_id": self.tenant_id})).all()
            # (tenant, aggregate type, aggregate id) -> (seconds to its retry, events deferred behind it)
            held: dict[tuple[uuid.UUID, str, uuid.UUID], tuple[float, int]] = {}
            finished: list[uuid.UUID] = []  # published or gone: off the queue at the end
            for tenant_id, event_ids in _by_tenant(picked):
                rows = await self._load(session, tenant_id, event_ids)
                delivered: list[tuple[uuid.UUID, str]] = []
                published: list[uuid.UUID] = []
                for event_id in event_ids:
                    row = rows.get(event_id)
                    if row is None or row.published_at is not None:
                        handled += 1
                        finished.append(event_id)
                        continue
                    event = _event(tenant_id, row)
                    aggregate = (tenant_id, event.aggregate_type, event.aggregate_id)
                    if aggregate in held:
                        delay, behind = held[aggregate]
                        held[aggregate] = (delay, behind + 1)
                        await self._defer(session, event_id, timedelta(seconds=delay) + _DEFER_STEP * (behind + 1))
                        continue
                    handled += 1
                    succeeded, failure = await self._dispatch(session, event, set(row.done or ()))
                    delivered += [(event_id, name) for name in succeeded]
                    if failure is not None:
                        if (retry_in := await self._reschedule(session, event, failure)) is not None:
                            held[aggregate] = (retry_in, 0)
                        continue
                    published.append(event_id)
                await self._record(session, tenant_id, delivered, published)
                finished += published
            if finished:
                await session.execute(delete(OutboxPending).where(OutboxPending.event_id.in_(finished)))
        return handled

    async def drain(self, limit: int = 10_000) -> int:
        """Run until nothing is due (or `limit` events); returns how many were handled."""
        handled = 0
        while handled < limit and (batch := await self.run_batch(limit - handled)):
            handled += batch
        return handled

    async def run(self, stop: asyncio.Event, poll_seconds: float = 1.0) -> None:
        """The worker loop: drain, then poll; a failing database only pauses it."""
        log.info("outbox relay started")
        while not stop.is_set():
            try:
                busy = await self.run_once()
            except Exception:
                log.exception("outbox relay iteration failed; retrying")
                busy = False
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=poll_seconds)
        log.info("outbox relay stopped")

    @staticmethod
    async def _load(
        session: AsyncSession, tenant_id: uuid.UUID, event_ids: list[uuid.UUID]
    ) -> dict[uuid.UUID, Row[Any]]:
        """Bind the tenant to the transaction and read its picked events, each with the consumers
        already recorded as done, in one statement (`in_scope`: the setting lasts until commit,
        so the consumers run under it too)."""
        params = {"tenant_id": tenant_id, "event_ids": event_ids, **scope_params(TenantScope(tenant_id))}
        rows = (await session.execute(in_scope(_LOAD), params)).all()
        return {row.id: row for row in rows}

    async def _dispatch(
        self, session: AsyncSession, event: Event, done: set[str]
    ) -> tuple[list[str], Exception | None]:
        """Run every subscribed consumer not yet recorded as done, each in its own savepoint; the
        ones that succeeded, and the first failure, if any."""
        succeeded: list[str] = []
        failure: Exception | None = None
        for consumer in self.consumers:
            if consumer.name in done or (consumer.topics is not None and event.topic not in consumer.topics):
                continue
            try:
                async with session.begin_nested():
                    await consumer.handle(session, event)
            except Exception as exc:
                failure = failure or exc
            else:
                succeeded.append(consumer.name)
        return succeeded, failure

    @staticmethod
    async def _record(
        session: AsyncSession, tenant_id: uuid.UUID, delivered: list[tuple[uuid.UUID, str]], published: list[uuid.UUID]
    ) -> None:
        """Write the tenant's delivery rows and mark its published events, in one statement."""
        if delivered or published:
            await session.execute(
                _RECORD,
                {
                    "tenant_id": tenant_id,
                    "event_ids": [e for e, _ in delivered],
                    "consumers": [c for _, c in delivered],
                    "published": published,
                },
            )

    async def _reschedule(self, session: AsyncSession, event: Event, exc: Exception) -> float | None:
        """Count the failed attempt and push the event back by its backoff (returned, in seconds),
        or forget it (None) once it has failed for `give_up_after`."""
        attempts = event.attempts + 1
        await session.execute(
            update(OutboxEvent)
            .where(of_tenant(event.tenant_id, OutboxEvent), OutboxEvent.id == event.id)
            .values(attempts=attempts)
        )
        if datetime.now(UTC) - event.created_at >= self.give_up_after:
            log.error(
                "outbox event %s (%s, tenant %s) failed %d times since %s; giving up",
                event.id,
                event.topic,
                event.tenant_id,
                attempts,
                event.created_at.isoformat(),
                exc_info=exc,
            )
            await self._forget(session, event.id)
            return None
        delay = backoff(attempts, self.base_delay, self.max_delay)
        self.quiet_log.warning(event, attempts, delay, exc)
        await session.execute(
            update(OutboxPending)
            .where(OutboxPending.event_id == event.id)
            .values(available_at=func.now() + timedelta(seconds=delay))
        )
        return delay

    @staticmethod
    async def _defer(session: AsyncSession, event_id: uuid.UUID, by: timedelta) -> None:
        """Keep an event of a rescheduled aggregate behind it: not an attempt, so not counted."""
        await session.execute(
            update(OutboxPending).where(OutboxPending.event_id == event_id).values(available_at=func.now() + by)
        )

    @staticmethod
    async def _forget(session: AsyncSession, event_id: uuid.UUID) -> None:
        await session.execute(delete(OutboxPending).where(OutboxPending.event_id == event_id))


def _by_tenant(picked: Sequence[Any]) -> list[tuple[uuid.UUID, list[uuid.UUID]]]:
    """The picked (event id, tenant id) rows grouped by tenant, tenants in order of first
    appearance and each tenant's events in picked order (so an aggregate's order is kept)."""
    groups: dict[uuid.UUID, list[uuid.UUID]] = {}
    for event_id, tenant_id in picked:
        groups.setdefault(tenant_id, []).append(event_id)
    return list(groups.items())


def _event(tenant_id: uuid.UUID, row: Row[Any]) -> Event:
    return Event(
        id=row.id,
        tenant_id=tenant_id,
        topic=row.topic,
        aggregate_type=row.aggregate_type,
        aggregate_id=row.aggregate_id,
        store_id=row.store_id,
        payload=dict(row.payload),
        created_at=row.created_at,
        attempts=row.attempts,
    )
