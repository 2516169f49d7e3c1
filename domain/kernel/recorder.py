"""The change recorder: one call writes everything a change of an aggregate leaves behind, in the
caller's transaction and with one time stamp — the version bump, the timeline row (where the
aggregate keeps one), the rows of the read models it feeds (the customer's timeline), the audit
entry (one diff shape) and the outbox event (a registered topic, a typed payload, the one
envelope).

Each aggregate type is described once by an `AggregateKind`; its context calls
`record(ctx, KIND, row, "approved", topic=ORDER_APPROVED, from_status=before, data=...)`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Generic, TypeVar

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from domain.integrations.models import OutboxEvent, OutboxPending
from domain.kernel.events import CATALOGUE, Actor, AggregateRef, Envelope, Topic, UnknownTopic
from tenants.clock import stamp
from tenants.context import Ctx
from tenants.ids import uuid7
from tenants.principal import SYSTEM_META, Principal

SYSTEM = "system"


# An aggregate row: a mapped class with `id`, `version` and `updated_at` (ORM attributes do not
# satisfy a Protocol of plain attributes, so the bound is by convention, checked by the tests).
R = TypeVar("R")


def plain(value: Any) -> Any:
    """JSON-ready: ids and money as strings, times as RFC 3339, enums as values, containers
    recursively (what the timeline and audit columns store)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


def actor_of(principal: Principal) -> Actor:
    """The caller as events name it (a system principal has no id)."""
    system = principal.kind == SYSTEM
    return Actor(type=principal.kind, id=None if system else principal.actor_id, label=principal.label)


def system_actor(label: str) -> Actor:
    """A change the product made by itself (the approval rules, the SLA monitor)."""
    return Actor(type=SYSTEM, id=None, label=label)


def system_ctx(session: AsyncSession, tenant_id: uuid.UUID, label: str) -> Ctx:
    """The unit of work of a job the product runs by itself (the SLA monitor, the draft sweep):
    no user, every store, attributed to `label`."""
    actor = Principal(kind=SYSTEM, tenant_id=tenant_id, actor_id=uuid.UUID(int=0), label=label, permissions=frozenset())
    return Ctx(session=session, actor=actor, meta=SYSTEM_META)


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded change as a timeline row needs it."""

    kind: str
    from_status: str
    to_status: str
    actor: Actor
    note: str
    data: dict[str, Any] | None
    at: datetime


@dataclass(frozen=True, slots=True)
class AggregateKind(Generic[R]):
    """How the recorder sees one aggregate type, declared once by its context."""

    name: str  # "order": the aggregate type of its events and the prefix of its audit actions
    snapshot: Callable[[R], dict[str, Any]]  # the fields every payload of this aggregate carries
    store_of: Callable[[R], uuid.UUID | None]  # the store its events belong to (stream scope)
    timeline: Callable[[R, Change], Any] | None = None  # the timeline row, where one is kept
    # Read models fed by the same change in the same transaction (e.g. the customer's timeline):
    # each gives the row to add for a change, or None when the change is not its business.
    projections: tuple[Callable[[R, Change], Any | None], ...] = ()


def record(
    ctx: Ctx,
    kind: AggregateKind[R],
    row: R,
    change: str,
    *,
    topic: Topic[Any] | None = None,
    from_status: str | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    event: dict[str, Any] | None = None,
    audit: dict[str, Any] | None = None,
    by: Actor | None = None,
) -> None:
    """Record one change of `row`.

    - `from_status`: the status before a status change ("" at creation); the new one is read
      from the row.
    - `data`: the change's own facts, kept on the timeline and in the audit entry.
    - `event`: the facts the topic's payload adds to the aggregate's snapshot (default: `data`).
    - `audit`: the audit changes when they differ from status + data + note (a field diff).
    - `by`: the actor when the product acted by itself (default: the caller).
    """
    at = stamp()
    aggregate: Any = row
    aggregate.version += 1
    aggregate.updated_at = at
    actor = by or actor_of(ctx.actor)
    facts = plain(data) if data else None
    status = str(getattr(row, "status", "")) if from_status is not None else ""
    entry = Change(change, from_status or "", status, actor, note, facts, at)
    if kind.timeline is not None:
        ctx.session.add(kind.timeline(row, entry))
    for project in kind.projections:
        if (projected := project(row, entry)) is not None:
            ctx.session.add(projected)
    if topic is not None:
        _emit(ctx, kind, row, topic, {**kind.snapshot(row), **(event if event is not None else data or {})}, actor, at)
    changes: dict[str, Any] = {}
    if from_status is not None:
        changes["status"] = {"from": from_status, "to": status}
    changes.update(audit if audit is not None else facts or {})
    if note:
        changes["note"] = note
    ctx.audit(f"{kind.name}.{change}", kind.name, aggregate.id, plain(changes) or None)


def _emit(
    ctx: Ctx, kind: AggregateKind[R], row: R, topic: Topic[Any], values: dict[str, Any], actor: Actor, at: datetime
) -> None:
    aggregate: Any = row
    ref = AggregateRef(type=kind.name, id=aggregate.id, version=aggregate.version)
    emit(ctx.session, ctx.tenant_id, topic, ref, kind.store_of(row), actor, values, at)


def emit(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    topic: Topic[Any],
    aggregate: AggregateRef,
    store_id: uuid.UUID | None,
    actor: Actor,
    data: dict[str, Any],
    at: datetime,
) -> uuid.UUID:
    """Write one event in its envelope to the outbox: it commits or rolls back with the change,
    and the relay delivers it. A topic outside the catalogue, or data that does not fit the
    topic's payload, raises. Returns the event id (consumers dedupe on it)."""
    if topic not in CATALOGUE:
        raise UnknownTopic(topic.name)
    envelope = Envelope(
        id=uuid7(),
        type=topic.name,
        occurred_at=at,
        aggregate=aggregate,
        store_id=store_id,
        actor=actor,
        data=topic.build(data),
    )
    session.add(
        OutboxEvent(
            tenant_id=tenant_id,
            id=envelope.id,
            topic=topic.name,
            aggregate_type=aggregate.type,
            aggregate_id=aggregate.id,
            store_id=store_id,
            payload=msgspec.to_builtins(envelope),
            created_at=at,
        )
    )
    session.add(OutboxPending(event_id=envelope.id, tenant_id=tenant_id))
    return envelope.id
