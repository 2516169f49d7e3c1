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

    `transactional` consumers only write to the database through `session`: their work commits
    with the event's `published_at` or rolls back with a failure, so a retry starts clean. The
    others have side effects outside the database (SMTP, Redis); the relay remembers, per event,
    which of them succeeded and does not run them again on a retry. Delivery is still at least
    once (a crash between the side effect and that note repeats it): consumers dedupe by event id.
    """

    name: str
    transactional: bool

    @property
    def topics(self) -> frozenset[str] | None: ...

    async def handle(self, session: AsyncSession, event: Event) -> None: ...
