"""What happened to an order, written in the transaction that made it happen: the order event
(timeline), the outbox event (webhooks, emails, live updates) and the audit entry."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from domain.integrations import outbox
from domain.orders.models import Order as OrderRow
from domain.orders.models import OrderEvent
from tenants.clock import utcnow
from tenants.context import Ctx

SYSTEM = "system"
_last = datetime.min.replace(tzinfo=utcnow().tzinfo)
_lock = threading.Lock()


def plain(value: Any) -> Any:
    """JSON-ready: ids and money as strings, times as RFC 3339, containers recursively."""
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _stamp() -> datetime:
    """Strictly increasing within the process, so two events of one transaction keep their order
    on the timeline (the database's now() is the same for the whole transaction)."""
    global _last
    with _lock:
        now = utcnow()
        _last = now if now > _last else _last + timedelta(microseconds=1)
        return _last


def payload(order: OrderRow, **extra: Any) -> dict[str, Any]:
    """The outbox payload every order topic carries (consumers need no extra read for routing)."""
    body: dict[str, Any] = {
        "order_id": str(order.id),
        "number": order.number,
        "status": order.status,
        "store_id": str(order.store_id),
        "customer_id": str(order.customer_id),
        "total": str(order.total),
        "currency": order.currency,
        "requires_approval": order.requires_approval,
        # Bumped by every change: consumers order an aggregate's events by it and drop stale ones
        # (event ids are time-ordered only to the millisecond).
        "version": order.version,
    }
    body.update({k: plain(v) for k, v in extra.items()})
    return body


def record(
    ctx: Ctx,
    order: OrderRow,
    kind: str,
    *,
    from_status: str | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    topics: tuple[str, ...] = (),
    topic_extra: dict[str, Any] | None = None,
    by_system: bool = False,
) -> None:
    """One change of `order`: bump its version, add the timeline event, one outbox event per
    topic, and the audit entry. A status change passes `from_status` ("" at creation);
    `by_system` attributes the event to the approval rules, not the caller."""
    now = _stamp()
    order.version += 1
    order.updated_at = now
    plain_data = {k: plain(v) for k, v in data.items()} if data else None
    ctx.session.add(
        OrderEvent(
            tenant_id=ctx.tenant_id,
            order_id=order.id,
            kind=kind,
            from_status=from_status or "",
            to_status=order.status if from_status is not None else "",
            actor_type=SYSTEM if by_system else ctx.actor.kind,
            actor_id=None if by_system else ctx.actor.actor_id,
            actor_label="approval rules" if by_system else ctx.actor.label,
            note=note,
            data=plain_data,
            created_at=now,
        )
    )
    for topic in topics:
        outbox.emit(
            ctx.session,
            ctx.tenant_id,
            topic,
            "order",
            order.id,
            payload(order, **(topic_extra or {})),
            store_id=order.store_id,
        )
    changes: dict[str, Any] = {}
    if from_status is not None:
        changes["status"] = {"from": from_status, "to": order.status}
    if plain_data:
        changes.update(plain_data)
    if note:
        changes["note"] = note
    ctx.audit(f"order.{kind}", "order", order.id, changes or None)
