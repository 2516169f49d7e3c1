"""What the relay hands to consumers: one committed outbox event (its payload is the event's
envelope, see domain/kernel/events.py), and the consumer protocol."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from domain.integrations.models import OutboxEvent


@dataclass(frozen=True, slots=True)
class Event:
    id: uuid.UUID
    tenant_id: uuid.UUID
    topic: str
    aggregate_type: str
    aggregate_id: uuid.UUID
    store_id: uuid.UUID | None
    payload: dict[str, Any]
    created_at: datetime
    attempts: int

    @property
    def data(self) -> dict[str, Any]:
        """The envelope's `data`: the topic's payload (decode it with the topic's `decode`)."""
        data = self.payload.get("data")
        return data if isinstance(data, dict) else {}

    @property
    def actor_id(self) -> uuid.UUID | None:
        """The staff user or API key that made the change (None for the system)."""
        actor = self.payload.get("actor")
        raw = actor.get("id") if isinstance(actor, dict) else None
        return uuid.UUID(str(raw)) if raw else None

    @classmethod
    def of(cls, row: OutboxEvent) -> Event:
        return cls(
            id=row.id,
            tenant_id=row.tenant_id,
            topic=row.topic,
            aggregate_type=row.aggregate_type,
            aggregate_id=row.aggregate_id,
            store_id=row.store_id,
            payload=dict(row.payload),
            created_at=row.created_at,
            attempts=row.attempts,
        )


class Consumer(Protocol):
    """Receives the events of the topics it subscribes to (`topics`, names from the catalogue;
    None: every topic) inside the event's tenant transaction.

    Each consumer runs in its own savepoint; when it succeeds the relay records it in
    `outbox_deliveries` in the same transaction, so a retry of the event (another consumer
    failed) does not run it again. A consumer that only writes through `session` has its work and that record
    commit or roll back together. One with side effects outside the database
    (SMTP, Redis): delivery is at least once (a failed commit after the side effect repeats it),
    so they dedupe by event id (emails carry it as their Message-ID).
    """

    name: str

    @property
    def topics(self) -> frozenset[str] | None: ...

    async def handle(self, session: AsyncSession, event: Event) -> None: ...
