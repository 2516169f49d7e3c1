"""SLA breaches: recording them (once per clock and ticket), and the periodic job that finds
them, notifies the assignee and the store's managers, and escalates per the tenant's policy.

The job runs tenant by tenant, each inside its own tenant session (DESIGN rule 7). It is
idempotent: a breach sets the clock's flag in the same transaction as its event, and the
candidate rows are locked with SKIP LOCKED, so two workers never record one breach twice.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.integrations.models import Notification
from domain.kernel.recorder import record, system_ctx
from domain.service import assignment, clocks
from domain.service import events as ticket_events
from domain.service.events import SLA_MONITOR, TICKET
from domain.service.models import Ticket
from domain.service.settings import Policy, load_policy
from domain.service.sla import EscalationPolicy, escalate
from domain.service.states import RUNNING
from tenants.context import Ctx
from tenants.ids import uuid7
from tenants.models import Role, User
from tenants.scoping import of_tenant
from tenants.staff import users_who_can

log = logging.getLogger("domain.service.breaches")
STORE_MANAGER = "store_manager"
_TITLES = {"zh": "工单 {number} 已超出 SLA", "en": "Ticket {number} breached its SLA"}
_BODIES = {
    "zh": "工单 {number}（{subject}）的{clock}时限已过。",
    "en": "The {clock} target of ticket {number} ({subject}) has passed.",
}
_CLOCKS = {
    "zh": {"first_response": "首次响应", "resolution": "解决"},
    "en": {"first_response": "first-response", "resolution": "resolution"},
}


async def settle(ctx: Ctx, ticket: Ticket, now: datetime, only: str | None = None) -> list[str]:
    """Record the breach of every running clock past its due time (once each); returns them."""
    late = [name for name in clocks.late_clocks(ticket, now) if only is None or name == only]
    for name in late:
        due = ticket.first_response_due_at if name == "first_response" else ticket.resolution_due_at
        setattr(ticket, f"{name}_breached", True)
        record(
            ctx, TICKET, ticket, "sla_breached", topic=ticket_events.SLA_BREACHED, data={"clock": name, "due_at": due}
        )
    return late


async def _recipients(session: AsyncSession, ticket: Ticket) -> list[tuple[uuid.UUID, str]]:
    """(user id, locale): the assignee, and the active store managers covering the ticket's store."""
    found: dict[uuid.UUID, str] = {}
    if ticket.assignee_id is not None:
        locale = (
            await session.execute(
                select(User.locale).where(
                    of_tenant(ticket.tenant_id, User), User.id == ticket.assignee_id, User.status == "active"
                )
            )
        ).scalar_one_or_none()
        if locale is not None:
            found[ticket.assignee_id] = locale
    if ticket.store_id is not None:
        # Managers of this store: a store_manager whose scope is the whole chain is not one.
        managers = await users_who_can(
            session, ticket.tenant_id, None, ticket.store_id, chain_wide=False, where=Role.key == STORE_MANAGER
        )
        for user_id, locale in managers:
            found[user_id] = locale
    return sorted(found.items())


async def _notify(session: AsyncSession, ticket: Ticket, late: list[str]) -> None:
    for user_id, locale in await _recipients(session, ticket):
        lang = "zh" if (locale or "").lower().startswith("zh") else "en"
        names = (
            "、".join(_CLOCKS[lang][c] for c in late) if lang == "zh" else " and ".join(_CLOCKS[lang][c] for c in late)
        )
        session.add(
            Notification(
                tenant_id=ticket.tenant_id,
                id=uuid7(),
                user_id=user_id,
                kind="ticket.sla_breached",
                title=_TITLES[lang].format(number=ticket.number),
                body=_BODIES[lang].format(number=ticket.number, subject=ticket.subject[:80], clock=names),
                link=f"/tickets/{ticket.id}",
            )
        )


async def _escalate(ctx: Ctx, ticket: Ticket, policy: Policy) -> None:
    target = policy.escalation.reassign_to
    if target is not None and not await assignment.can_work(ctx.session, ctx.tenant_id, target, ticket.store_id):
        target = None  # the escalation user cannot take this store's tickets: keep the assignee
    plan = escalate(ticket.priority, ticket.assignee_id, EscalationPolicy(policy.escalation.raise_priority, target))
    if not plan.changed:
        return
    changes: dict[str, dict[str, object]] = {}
    previous = {"previous_priority": ticket.priority, "previous_assignee_id": ticket.assignee_id}
    if plan.priority != ticket.priority:
        changes["priority"] = {"from": ticket.priority, "to": plan.priority}
    if plan.assignee_id != ticket.assignee_id:
        changes["assignee_id"] = {"from": ticket.assignee_id, "to": plan.assignee_id}
    ticket.priority = plan.priority
    ticket.assignee_id = plan.assignee_id
    ticket.escalation_level += 1
    clocks.refresh(ticket, policy)
    level = {"level": ticket.escalation_level}
    record(
        ctx,
        TICKET,
        ticket,
        "escalated",
        topic=ticket_events.TICKET_ESCALATED,
        data={**changes, **level},
        event={**previous, **level},
    )


def _due(now: datetime) -> ColumnElement[bool]:
    return and_(
        Ticket.status.in_([s.value for s in RUNNING]),
        or_(
            and_(
                Ticket.first_response_at.is_(None),
                Ticket.first_response_breached.is_(False),
                Ticket.first_response_due_at <= now,
            ),
            and_(Ticket.resolution_breached.is_(False), Ticket.resolution_due_at <= now),
        ),
    )


async def check_tenant(session: AsyncSession, tenant_id: uuid.UUID, now: datetime) -> int:
    """Record, notify and escalate every new breach of one tenant; returns how many tickets."""
    rows = list(
        (
            await session.execute(
                select(Ticket)
                .where(of_tenant(tenant_id, Ticket), _due(now))
                .order_by(Ticket.id)
                .with_for_update(skip_locked=True)
                .execution_options(populate_existing=True)
            )
        ).scalars()
    )
    if not rows:
        return 0
    ctx = system_ctx(session, tenant_id, SLA_MONITOR)
    policy = await load_policy(session, tenant_id)
    handled = 0
    for ticket in rows:
        late = await settle(ctx, ticket, now)
        if not late:
            continue
        await _notify(session, ticket, late)
        await _escalate(ctx, ticket, policy)
        handled += 1
    await session.flush()
    return handled
