"""The audit log: one append-only row per mutation and per authentication event."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tenants.models import AuditEntry
from tenants.principal import Principal, RequestMeta


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """`{field: {"from": old, "to": new}}` for the fields that changed."""
    return {
        key: {"from": _plain(before.get(key)), "to": _plain(after.get(key))}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def record(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    action: str,
    meta: RequestMeta,
    actor: Principal | None = None,
    actor_label: str = "",
    actor_id: uuid.UUID | None = None,
    target_type: str = "",
    target_id: uuid.UUID | str | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """Add an audit row to the current transaction (it commits or rolls back with the change)."""
    session.add(
        AuditEntry(
            tenant_id=tenant_id,
            actor_type=actor.kind if actor else ("user" if actor_id else "anonymous"),
            actor_id=actor.actor_id if actor else actor_id,
            actor_label=actor.label if actor else actor_label,
            action=action,
            target_type=target_type,
            target_id=str(target_id) if target_id else "",
            changes={k: _plain(v) for k, v in changes.items()} if changes else None,
            request_id=meta.request_id,
            ip=meta.ip,
        )
    )
