"""In-app notifications of the service context: a user hears when a ticket is assigned to them
(by someone else, by the round-robin or by an escalation). Idempotent by (event id, user)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.integrations.events import Event
from domain.integrations.models import Notification
from tenants.ids import uuid7
from tenants.models import User

ASSIGNING_TOPICS = frozenset({"ticket.created", "ticket.assigned", "ticket.escalated"})
_TITLES = {"zh": "工单 {number} 已分配给您", "en": "Ticket {number} is assigned to you"}


def _uuid(raw: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None


class AssignmentNotices:
    """Consumer: notify the new assignee of a ticket (not when they took it themselves)."""

    name = "ticket_assignments"
    transactional = True

    async def handle(self, session: AsyncSession, event: Event) -> None:
        if event.topic not in ASSIGNING_TOPICS:
            return
        assignee = _uuid(event.payload.get("assignee_id"))
        if assignee is None or assignee == _uuid(event.payload.get("actor_user_id")):
            return
        data = event.payload.get("data")
        if event.topic == "ticket.escalated" and not (isinstance(data, dict) and "assignee_id" in data):
            return  # an escalation that only raised the priority
        user = (
            await session.execute(
                select(User.locale).where(
                    User.tenant_id == event.tenant_id, User.id == assignee, User.status == "active"
                )
            )
        ).one_or_none()
        if user is None:
            return
        already = (
            await session.execute(
                select(Notification.id).where(
                    Notification.tenant_id == event.tenant_id,
                    Notification.event_id == event.id,
                    Notification.user_id == assignee,
                )
            )
        ).first()
        if already is not None:
            return
        lang = "zh" if (user.locale or "").lower().startswith("zh") else "en"
        number = str(event.payload.get("number", ""))
        session.add(
            Notification(
                tenant_id=event.tenant_id,
                id=uuid7(),
                user_id=assignee,
                kind="ticket.assigned",
                title=_TITLES[lang].format(number=number),
                body="",
                link=f"/tickets/{event.aggregate_id}",
                event_id=event.id,
            )
        )
        await session.flush()
