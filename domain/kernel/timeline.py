"""The columns every aggregate's timeline table has (order_events, ticket_events, ...), the one
way a recorded change becomes a timeline row, and the one way a row is read in a language.

What the product writes by itself — the name of a system actor ("approval rules", "SLA monitor")
and the note it leaves ("Approved automatically: within the approval rules.") — is stored as its
English msgid and rendered when read, in the reader's language (tenants.messages). Rows written
before the catalogue existed hold the same msgids, so they read in Chinese too. A person's note
or name is never translated: only rows whose actor is the product (or a customer link) are."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Self, TypeVar

import msgspec
from sqlalchemy import DateTime, String, Text, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.recorder import SYSTEM, Change
from tenants.messages import translate

# Actor types whose label is a product word, not a person's name.
_PRODUCT_LABELS = frozenset({SYSTEM, "customer"})


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


E = TypeVar("E", bound=msgspec.Struct)


def readable(entries: list[E], lang: str) -> list[E]:
    """Timeline entries (msgspec structs) with the product's own labels and notes in `lang`."""
    out: list[E] = []
    for entry in entries:
        actor_type: str = getattr(entry, "actor_type", "")
        if actor_type not in _PRODUCT_LABELS:
            out.append(entry)
            continue
        label = translate(getattr(entry, "actor_label", ""), lang)
        note = translate(getattr(entry, "note", ""), lang) if actor_type == SYSTEM else getattr(entry, "note", "")
        out.append(msgspec.structs.replace(entry, actor_label=label, note=note))
    return out
