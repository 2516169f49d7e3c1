"""The live stream: every delivered event, published to the tenant's Redis channel.

Subscribers (the SSE endpoint) filter by the caller's store scope and permissions; the channel
itself is per tenant (`t:{tenant_id}:events`, rule 7), so no tenant ever reads another's.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from domain.integrations.events import Event


def channel(tenant_id: uuid.UUID) -> str:
    return f"t:{tenant_id}:events"


class StreamEvent(msgspec.Struct, kw_only=True):
    """What the SPA receives for one event: enough to refresh a list row, nothing more."""

    id: uuid.UUID  # the event id: clients dedupe on it (delivery is at least once)
    tenant_id: uuid.UUID
    topic: str
    aggregate_type: str
    aggregate_id: uuid.UUID
    store_id: uuid.UUID | None
    number: str | None = None
    status: str | None = None
    created_at: datetime


def read_permission(topic: str) -> str:
    """The permission needed to see an event: `order.approved` → `orders:read`."""
    return f"{topic.split('.', 1)[0]}s:read"


class LiveStream:
    """Consumer: publish each event to its tenant's channel."""

    name = "stream"
    topics = None  # every event

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def handle(self, session: AsyncSession, event: Event) -> None:
        number = event.data.get("number")
        status = event.data.get("status")
        message = StreamEvent(
            id=event.id,
            tenant_id=event.tenant_id,
            topic=event.topic,
            aggregate_type=event.aggregate_type,
            aggregate_id=event.aggregate_id,
            store_id=event.store_id,
            number=str(number) if number is not None else None,
            status=str(status) if status is not None else None,
            created_at=event.created_at,
        )
        await self.redis.publish(channel(event.tenant_id), msgspec.json.encode(message))
