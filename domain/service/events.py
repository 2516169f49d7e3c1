"""The ticket's events: the payload of every topic it emits, registered in the catalogue, how the
change recorder sees a ticket, and the unit of work of the SLA monitor."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from domain.customers import public as customers
from domain.kernel.events import Timestamp, topic
from domain.kernel.recorder import AggregateKind, Change
from domain.service.models import Ticket, TicketEvent
from domain.service.states import TicketStatus

SLA_MONITOR = "SLA monitor"


class TicketData(msgspec.Struct, kw_only=True):
    """What every ticket event carries: the ticket's current routing fields."""

    number: str
    status: TicketStatus
    priority: str
    customer_id: uuid.UUID
    order_id: uuid.UUID | None
    assignee_id: uuid.UUID | None


class TicketCreated(TicketData, kw_only=True):
    channel: str


class TicketAssigned(TicketData, kw_only=True):
    previous_assignee_id: uuid.UUID | None
    automatic: bool  # the round-robin chose the assignee


class TicketCommented(TicketData, kw_only=True):
    comment_id: uuid.UUID
    public: bool  # a reply the customer sees; false: an internal note


class TicketUpdated(TicketData, kw_only=True):
    changes: dict[str, Any]  # field → {"from", "to"}


class SlaBreached(TicketData, kw_only=True):
    clock: str  # first_response or resolution
    due_at: Timestamp


class TicketEscalated(TicketData, kw_only=True):
    level: int
    previous_priority: str
    previous_assignee_id: uuid.UUID | None


class CsatAnswered(TicketData, kw_only=True):
    score: int


class ReturnStarted(TicketData, kw_only=True):
    return_id: uuid.UUID
    return_number: str


TICKET_CREATED = topic("ticket.created", TicketCreated, "A ticket was opened.")
TICKET_ASSIGNED = topic("ticket.assigned", TicketAssigned, "A ticket's assignee changed.")
TICKET_STARTED = topic("ticket.started", TicketData, "Work on a ticket started (or resumed).")
TICKET_WAITING = topic("ticket.waiting", TicketData, "A ticket waits on the customer; its SLA clocks pause.")
TICKET_RESOLVED = topic("ticket.resolved", TicketData, "A ticket was resolved; the customer gets the survey.")
TICKET_CLOSED = topic("ticket.closed", TicketData, "A ticket was closed.")
TICKET_REOPENED = topic("ticket.reopened", TicketData, "A resolved ticket was reopened.")
TICKET_REPLIED = topic("ticket.replied", TicketCommented, "Staff replied to the customer.")
TICKET_NOTED = topic("ticket.noted", TicketCommented, "Staff added an internal note.")
TICKET_UPDATED = topic("ticket.updated", TicketUpdated, "A ticket's subject, priority, category or tags changed.")
SLA_BREACHED = topic("ticket.sla_breached", SlaBreached, "An SLA clock passed its due time.")
TICKET_ESCALATED = topic("ticket.escalated", TicketEscalated, "A breached ticket was escalated.")
CSAT_ANSWERED = topic("ticket.csat_answered", CsatAnswered, "The customer answered the satisfaction survey.")
RETURN_STARTED = topic("ticket.return_requested", ReturnStarted, "A return was requested from the ticket.")


def _snapshot(ticket: Ticket) -> dict[str, Any]:
    return {
        "number": ticket.number,
        "status": ticket.status,
        "priority": ticket.priority,
        "customer_id": ticket.customer_id,
        "order_id": ticket.order_id,
        "assignee_id": ticket.assignee_id,
    }


def _timeline(ticket: Ticket, change: Change) -> TicketEvent:
    return TicketEvent.of(ticket.tenant_id, change, ticket_id=ticket.id)


# The changes of a ticket its customer's timeline shows: what passed between her and the chain.
CUSTOMER_MOMENTS = frozenset(
    {"created", "replied", "resolved", "closed", "reopened", "csat_answered", "return_requested"}
)
TICKET: AggregateKind[Ticket] = AggregateKind(
    "ticket",
    _snapshot,
    lambda ticket: ticket.store_id,
    _timeline,
    projections=(
        customers.moments(
            "ticket",
            CUSTOMER_MOMENTS,
            customer_of=lambda ticket: ticket.customer_id,
            store_of=lambda ticket: ticket.store_id,
            label_of=lambda ticket: ticket.number,
        ),
    ),
)
