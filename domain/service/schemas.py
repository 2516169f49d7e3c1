"""Ticket, comment, settings and survey schemas (msgspec; request bodies forbid unknown fields)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

import msgspec

from domain.orders.public import ReturnLineIn
from domain.service.states import TicketAction, TicketStatus
from tenants.schemas import Input, example

Channel = Literal["staff", "portal", "email", "api"]
Priority = Literal["low", "normal", "high", "urgent"]
SlaState = Literal["ok", "at_risk", "breached", "paused", "met"]
Sort = Literal["due", "newest"]
Subject = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Text = Annotated[str, msgspec.Meta(max_length=10_000)]
Body = Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
Tags = Annotated[list[Tag], msgspec.Meta(max_length=20)]
ClockTime = Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$")]
Minutes = Annotated[int, msgspec.Meta(ge=1, le=525_600)]
Hours = Annotated[int, msgspec.Meta(ge=1, le=8760)]
Score = Annotated[int, msgspec.Meta(ge=1, le=5)]


class TicketCreate(Input):
    subject: Annotated[Subject, example("收到的龙井茶包装破损")]
    customer_id: Annotated[uuid.UUID, example("0190f3a3-7d2b-7e91-b0c4-5a8d2e6f1c39")]
    description: Annotated[Text, example("外盒压坏，茶叶无损，客户希望换一盒新的。")] = ""
    order_id: uuid.UUID | None = None
    store_id: uuid.UUID | None = None  # default: the order's store, else the customer's home store
    channel: Channel = "staff"
    category_id: uuid.UUID | None = None
    priority: Annotated[Priority, example("high")] = "normal"
    tags: Tags = msgspec.field(default_factory=list)
    assignee_id: uuid.UUID | None = None  # needs tickets:assign; else automatic when the tenant wants it


class TicketUpdate(Input):
    subject: Subject | msgspec.UnsetType = msgspec.UNSET
    description: Text | msgspec.UnsetType = msgspec.UNSET
    category_id: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET
    priority: Priority | msgspec.UnsetType = msgspec.UNSET
    tags: Tags | msgspec.UnsetType = msgspec.UNSET


class AssignIn(Input):
    """A user to assign (null unassigns), or `auto` for the round-robin pick."""

    assignee_id: uuid.UUID | None = None
    auto: bool = False


class Assignee(msgspec.Struct, kw_only=True):
    """A user who can work a ticket (an active user with tickets:update covering its store)."""

    id: uuid.UUID
    name: str
    email: str


class AssigneeList(msgspec.Struct, kw_only=True):
    items: list[Assignee]


class CommentIn(Input):
    body: Body
    public: bool = False  # a public reply reaches the customer and counts as the first response


class TicketReturnIn(Input):
    """Start a return for the ticket's order; the return references the ticket."""

    lines: Annotated[list[ReturnLineIn], msgspec.Meta(min_length=1, max_length=200)]
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
    store_id: uuid.UUID | None = None


class Clock(msgspec.Struct, kw_only=True):
    """One SLA clock: its due time (null while paused or stopped), state and breach flag."""

    due_at: datetime | None
    state: SlaState
    breached: bool
    target_minutes: int
    elapsed_minutes: int | None  # business minutes it took (set once the clock stopped)


class Sla(msgspec.Struct, kw_only=True):
    state: SlaState  # the ticket's worst clock
    next_due_at: datetime | None
    first_response: Clock
    resolution: Clock
    paused_minutes: int  # business minutes spent pending so far


class Comment(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    ticket_id: uuid.UUID
    public: bool
    body: str
    author_type: str
    author_id: uuid.UUID | None
    author_label: str
    author_name: str | None = None  # the staff author's current name
    created_at: datetime


class TicketEvent(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    kind: str
    from_status: str
    to_status: str
    actor_type: str
    actor_id: uuid.UUID | None
    actor_label: str  # as recorded (a user's e-mail, a key's name, "system")
    actor_name: str | None = None  # the acting user's current name
    note: str
    data: dict[str, Any] | None
    created_at: datetime


class LinkedOrder(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    number: str
    status: str
    returnable: bool  # delivered or completed: a return may be started from the ticket


class TicketSummary(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    number: str
    subject: str
    status: TicketStatus
    priority: Priority
    channel: Channel
    customer_id: uuid.UUID
    customer_name: str  # masked ("张**") when the caller may not see the customer
    customer_masked: bool
    order_id: uuid.UUID | None
    store_id: uuid.UUID | None
    category_id: uuid.UUID | None
    assignee_id: uuid.UUID | None
    assignee_name: str | None
    tags: list[str]
    sla_state: SlaState
    next_due_at: datetime | None
    first_response_breached: bool
    resolution_breached: bool
    first_response_minutes: int | None
    resolution_minutes: int | None
    csat_score: int | None
    created_at: datetime
    updated_at: datetime
    version: int


class Ticket(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    number: str
    subject: str
    description: str
    status: TicketStatus
    priority: Priority
    channel: Channel
    customer_id: uuid.UUID
    customer_name: str  # masked ("张**") when the caller may not see the customer
    customer_masked: bool
    order: LinkedOrder | None
    order_id: uuid.UUID | None
    store_id: uuid.UUID | None
    category_id: uuid.UUID | None
    assignee_id: uuid.UUID | None
    assignee_name: str | None
    tags: list[str]
    created_by: uuid.UUID | None
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    sla: Sla
    escalation_level: int
    # Report figures (business minutes; breach flags; the survey score).
    first_response_minutes: int | None
    resolution_minutes: int | None
    first_response_breached: bool
    resolution_breached: bool
    csat_score: int | None
    csat_comment: str
    csat_answered_at: datetime | None
    allowed_actions: list[TicketAction]
    events: list[TicketEvent]
    created_at: datetime
    updated_at: datetime
    version: int


class TicketFilters(msgspec.Struct, kw_only=True):
    status: TicketStatus | None = None
    priority: Priority | None = None
    assignee_id: uuid.UUID | None = None
    unassigned: bool = False
    store_id: uuid.UUID | None = None
    customer_id: uuid.UUID | None = None
    order_id: uuid.UUID | None = None
    sla_state: SlaState | None = None
    breached: bool | None = None
    open_only: bool = False  # new, open or pending
    q: str | None = None
    sort: Sort = "due"


class PriorityTarget(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    first_response_minutes: Minutes
    resolution_minutes: Minutes


class Targets(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    low: PriorityTarget
    normal: PriorityTarget
    high: PriorityTarget
    urgent: PriorityTarget


WorkDay = Annotated[int, msgspec.Meta(ge=1, le=7)]


class BusinessHours(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Working days (ISO: Monday = 1 … Sunday = 7) and hours in the tenant's time zone."""

    work_days: Annotated[list[WorkDay], msgspec.Meta(min_length=1, max_length=7)]
    start: ClockTime  # "09:00"
    end: ClockTime  # "18:00" ("24:00" = midnight)
    holidays: Annotated[list[date], msgspec.Meta(max_length=400)] = msgspec.field(default_factory=list)


class ServiceSettings(msgspec.Struct, kw_only=True):
    targets: Targets
    business_hours: BusinessHours
    timezone: str  # the tenant's time zone: the calendar is read in it
    auto_assign: bool
    escalate_raise_priority: bool
    escalation_assignee_id: uuid.UUID | None
    reopen_window_hours: int
    csat_ttl_hours: int
    support_email: str | None  # Reply-To of ticket emails to customers
    updated_at: datetime | None


class ServiceSettingsUpdate(Input):
    """The whole settings object, replaced together."""

    targets: Targets
    business_hours: BusinessHours
    auto_assign: bool
    escalate_raise_priority: bool
    escalation_assignee_id: uuid.UUID | None
    reopen_window_hours: Hours
    csat_ttl_hours: Hours
    # Where customers' replies to ticket emails go (Reply-To); null removes it, absent keeps it.
    support_email: Annotated[str, msgspec.Meta(max_length=254)] | msgspec.UnsetType | None = msgspec.UNSET


class CategoryIn(Input):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    name_en: Annotated[str, msgspec.Meta(max_length=100)] = ""  # shown to English readers when given
    active: bool = True


class CategoryUpdate(Input):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] | msgspec.UnsetType = msgspec.UNSET
    name_en: Annotated[str, msgspec.Meta(max_length=100)] | msgspec.UnsetType = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET


class Category(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    name: str
    name_en: str
    active: bool
    created_at: datetime


class CsatSurvey(msgspec.Struct, kw_only=True):
    """What the holder of a survey link sees: the ticket's number and subject, nothing personal."""

    ticket_number: str
    subject: str
    tenant_name: str
    answered: bool
    score: int | None
    expires_at: datetime | None


class CsatAnswer(Input):
    score: Score
    comment: Annotated[str, msgspec.Meta(max_length=2000)] = ""
