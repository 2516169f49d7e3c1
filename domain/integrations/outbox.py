"""The transactional outbox: state changes write their event in the same transaction."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.integrations.models import OutboxEvent, OutboxPending
from tenants.ids import uuid7


def emit(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    topic: str,
    aggregate_type: str,
    aggregate_id: uuid.UUID,
    payload: dict[str, Any],
    *,
    store_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Record an event; it commits or rolls back with the change. Returns the event id, which
    consumers use to stay idempotent (delivery is at least once)."""
    event_id = uuid7()
    session.add(
        OutboxEvent(
            tenant_id=tenant_id,
            id=event_id,
            topic=topic,
            aggregate_type=aggregate_type,
            aggregate_id=aggregate_id,
            store_id=store_id,
            payload=payload,
        )
    )
    session.add(OutboxPending(event_id=event_id, tenant_id=tenant_id))
    return event_id
