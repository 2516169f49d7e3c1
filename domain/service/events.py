"""What happened to a ticket, written in the transaction that made it happen: the timeline event,
the outbox event (`ticket.*`: live stream, emails, webhooks) and the audit entry."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.integrations import outbox
from domain.orders.events import plain
from domain.service.models import Ticket, TicketEvent
from tenants import clock
from tenants.context import Ctx
from tenants.principal import SYSTEM_META, Principal

SYSTEM_ACTOR = "system"
SLA_MONITOR = "SLA monitor"
_last = datetime.min.replace(tzinfo=clock.utcnow().tzinfo)
_lock = threading.Lock()


def stamp() -> datetime:
    """Now, strictly increasing within the process (events of one transaction keep their order)."""
    global _last
    with _lock:
        now = clock.utcnow()
        _last = now if now > _last else _last + timedelta(microseconds=1)
        return _last


def system_ctx(session: AsyncSession, tenant_id: uuid.UUID) -> Ctx:
    """The unit of work of the SLA job: no user, attributed to the SLA monitor."""
    actor = Principal(
        kind=SYSTEM_ACTOR, tenant_id=tenant_id, actor_id=uuid.UUID(int=0), label=SLA_MONITOR, permissions=frozenset()
    )
    return Ctx(session=session, actor=actor, meta=SYSTEM_META)


def payload(ticket: Ticket, actor_user_id: uuid.UUID | None, data: dict[str, Any] | None) -> dict[str, Any]:
    """What every `ticket.*` outbox event carries: the ticket's current routing fields, who did
    it (a staff user, if any) and the change's own data under `data`."""
    body: dict[str, Any] = {
        "ticket_id": str(ticket.id),
        "number": ticket.number,
        "status": ticket.status,
        "priority": ticket.priority,
        "store_id": str(ticket.store_id) if ticket.store_id else None,
        "customer_id": str(ticket.customer_id),
        "order_id": str(ticket.order_id) if ticket.order_id else None,
        "assignee_id": str(ticket.assignee_id) if ticket.assignee_id else None,
        "version": ticket.version,
        "actor_user_id": str(actor_user_id) if actor_user_id else None,
        "data": {k: plain(v) for k, v in (data or {}).items()},
    }
    return body


def record(
    ctx: Ctx,
    ticket: Ticket,
    kind: str,
    *,
    from_status: str | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    topic: str | None = None,
) -> None:
    """One change of `ticket`: version bump, timeline event, outbox event `ticket.<kind>` (or
    `topic`), audit entry. A status change passes `from_status` ("" at creation)."""
    now = stamp()
    ticket.version += 1
    ticket.updated_at = now
    plain_data = {k: plain(v) for k, v in data.items()} if data else None
    system = ctx.actor.kind == SYSTEM_ACTOR
    ctx.session.add(
        TicketEvent(
            tenant_id=ctx.tenant_id,
            ticket_id=ticket.id,
            kind=kind,
            from_status=from_status or "",
            to_status=ticket.status if from_status is not None else "",
            actor_type=ctx.actor.kind,
            actor_id=None if system else ctx.actor.actor_id,
            actor_label=ctx.actor.label,
            note=note,
            data=plain_data,
            created_at=now,
        )
    )
    outbox.emit(
        ctx.session,
        ctx.tenant_id,
        topic or f"ticket.{kind}",
        "ticket",
        ticket.id,
        payload(ticket, ctx.actor.user_id, data),
        store_id=ticket.store_id,
    )
    changes: dict[str, Any] = {}
    if from_status is not None:
        changes["status"] = {"from": from_status, "to": ticket.status}
    if plain_data:
        changes.update(plain_data)
    if note:
        changes["note"] = note
    ctx.audit(f"ticket.{kind}", "ticket", ticket.id, changes or None)
