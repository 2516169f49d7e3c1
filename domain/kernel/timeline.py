"""The columns every aggregate's timeline table has (order_events, ticket_events, ...), and the
one way a recorded change becomes a timeline row."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Self

from sqlalchemy import DateTime, String, Text, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.recorder import Change


class TimelineColumns:
    """Mixin for a mapped timeline table; the table adds its owner's id column and foreign key."""

    kind: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str] = mapped_column(String(30), default="")
    to_status: Mapped[str] = mapped_column(String(30), default="")
    actor_type: Mapped[str] = mapped_column(String(20), default="")
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    actor_label: Mapped[str] = mapped_column(String(254), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    @classmethod
    def of(cls, tenant_id: uuid.UUID, change: Change, **owner: uuid.UUID) -> Self:
        """The row of one recorded change; `owner` names the aggregate (`order_id=...`)."""
        values: dict[str, Any] = {
            "tenant_id": tenant_id,
            "kind": change.kind,
            "from_status": change.from_status,
            "to_status": change.to_status,
            "actor_type": change.actor.type,
            "actor_id": change.actor.id,
            "actor_label": change.actor.label,
            "note": change.note,
            "data": change.data,
            "created_at": change.at,
        }
        return cls(**values, **owner)
