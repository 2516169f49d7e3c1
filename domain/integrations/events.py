"""What the relay hands to consumers: one committed outbox event, and the consumer protocol."""

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
    def store(self) -> uuid.UUID | None:
        """The store the event belongs to (the column, else the payload's `store_id`)."""
        if self.store_id is not None:
            return self.store_id
        raw = self.payload.get("store_id")
        try:
            return uuid.UUID(str(raw)) if raw else None
        except ValueError:
            return None

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
    """Receives every event (filtering by topic itself) inside the event's tenant transaction.

    `transactional` consumers only write to the database through `session`: their work commits
    with the event's `published_at` or rolls back with a failure, so a retry starts clean. The
    others have side effects outside the database (SMTP, Redis); the relay remembers, per event,
    which of them succeeded and does not run them again on a retry. Delivery is still at least
    once (a crash between the side effect and that note repeats it): consumers dedupe by event id.
    """

    name: str
    transactional: bool

    async def handle(self, session: AsyncSession, event: Event) -> None: ...
