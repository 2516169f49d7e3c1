"""Ticket rows → response schemas."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast

from domain.customers.public import CustomerLabel
from domain.service import clocks
from domain.service.models import Ticket as TicketRow
from domain.service.models import TicketCategory, TicketComment
from domain.service.models import TicketEvent as EventRow
from domain.service.schemas import (
    Category,
    Channel,
    Clock,
    Comment,
    LinkedOrder,
    Priority,
    Sla,
    Ticket,
    TicketEvent,
    TicketSummary,
)
from domain.service.settings import Policy
from domain.service.states import LIFECYCLE, ReopenCheck, TicketStatus


def sla_out(row: TicketRow, policy: Policy, now: datetime) -> Sla:
    target = policy.targets[row.priority]
    return Sla(
        state=clocks.ticket_state(row, now),
        next_due_at=row.next_due_at,
        first_response=Clock(
            due_at=row.first_response_due_at,
            state=clocks.first_response_state(row, now),
            breached=row.first_response_breached,
            target_minutes=target.first_response_minutes,
            elapsed_minutes=row.first_response_minutes,
        ),
        resolution=Clock(
            due_at=row.resolution_due_at,
            state=clocks.resolution_state(row, now),
            breached=row.resolution_breached,
            target_minutes=target.resolution_minutes,
            elapsed_minutes=row.resolution_minutes,
        ),
        paused_minutes=row.paused_minutes,
    )


def event_out(row: EventRow, actor_names: dict[uuid.UUID, str] | None = None) -> TicketEvent:
    """`actor_names`: current names of the acting users (user id → name)."""
    return TicketEvent(
        id=row.id,
        kind=row.kind,
        from_status=row.from_status,
        to_status=row.to_status,
        actor_type=row.actor_type,
        actor_id=row.actor_id,
        actor_label=row.actor_label,
        actor_name=(actor_names or {}).get(row.actor_id) if row.actor_id else None,
        note=row.note,
        data=row.data,
        created_at=row.created_at,
    )


def comment_out(row: TicketComment, author_names: dict[uuid.UUID, str] | None = None) -> Comment:
    return Comment(
        id=row.id,
        ticket_id=row.ticket_id,
        public=row.public,
        body=row.body,
        author_type=row.author_type,
        author_id=row.author_id,
        author_label=row.author_label,
        author_name=(author_names or {}).get(row.author_id) if row.author_id and row.author_type == "user" else None,
        created_at=row.created_at,
    )


def category_out(row: TicketCategory) -> Category:
    return Category(id=row.id, name=row.name, name_en=row.name_en, active=row.active, created_at=row.created_at)


def summary_out(
    row: TicketRow, customer: CustomerLabel | None, assignee_name: str | None, now: datetime
) -> TicketSummary:
    return TicketSummary(
        id=row.id,
        number=row.number,
        subject=row.subject,
        status=TicketStatus(row.status),
        priority=cast(Priority, row.priority),
        channel=cast(Channel, row.channel),
        customer_id=row.customer_id,
        customer_name=customer.name if customer else "",
        customer_masked=customer.masked if customer else False,
        order_id=row.order_id,
        store_id=row.store_id,
        category_id=row.category_id,
        assignee_id=row.assignee_id,
        assignee_name=assignee_name,
        tags=list(row.tags or []),
        sla_state=clocks.ticket_state(row, now),
        next_due_at=row.next_due_at,
        first_response_breached=row.first_response_breached,
        resolution_breached=row.resolution_breached,
        first_response_minutes=row.first_response_minutes,
        resolution_minutes=row.resolution_minutes,
        csat_score=row.csat_score,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def ticket_out(
    row: TicketRow,
    *,
    customer: CustomerLabel | None,
    assignee_name: str | None,
    order: LinkedOrder | None,
    events: list[EventRow],
    actor_names: dict[uuid.UUID, str] | None = None,
    permissions: frozenset[str],
    policy: Policy,
    now: datetime,
) -> Ticket:
    return Ticket(
        id=row.id,
        number=row.number,
        subject=row.subject,
        description=row.description,
        status=TicketStatus(row.status),
        priority=cast(Priority, row.priority),
        channel=cast(Channel, row.channel),
        customer_id=row.customer_id,
        customer_name=customer.name if customer else "",
        customer_masked=customer.masked if customer else False,
        order=order,
        order_id=row.order_id,
        store_id=row.store_id,
        category_id=row.category_id,
        assignee_id=row.assignee_id,
        assignee_name=assignee_name,
        tags=list(row.tags or []),
        created_by=row.created_by,
        first_response_at=row.first_response_at,
        resolved_at=row.resolved_at,
        closed_at=row.closed_at,
        sla=sla_out(row, policy, now),
        escalation_level=row.escalation_level,
        first_response_minutes=row.first_response_minutes,
        resolution_minutes=row.resolution_minutes,
        first_response_breached=row.first_response_breached,
        resolution_breached=row.resolution_breached,
        csat_score=row.csat_score,
        csat_comment=row.csat_comment,
        csat_answered_at=row.csat_answered_at,
        allowed_actions=LIFECYCLE.allowed_actions(
            row.status, ReopenCheck(row.resolved_at, now, policy.reopen_window), permissions
        ),
        events=[event_out(e, actor_names) for e in events],
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )
