"""Service tables: tickets, their comments and timeline, categories and the per-tenant settings
(SLA targets, business-hours calendar, assignment, escalation, survey)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.timeline import TimelineColumns
from tenants.audit_targets import register_target
from tenants.models import Base, TenantScoped, tenant_fk
from tenants.scoping import Rule, register


def _now() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


def _when() -> Mapped[datetime | None]:
    return mapped_column(DateTime(timezone=True), nullable=True)


class ServiceSettings(TenantScoped, Base):
    """One row per tenant (created on first write). `targets` maps each priority to
    {"first_response_minutes", "resolution_minutes"} in business minutes."""

    __tablename__ = "service_settings"
    __table_args__ = (
        UniqueConstraint("tenant_id"),
        tenant_fk(["escalation_assignee_id"], "users"),
        tenant_fk(["last_assignee_id"], "users"),
        CheckConstraint("work_start_minute >= 0 AND work_start_minute < work_end_minute", name="work_hours_order"),
        CheckConstraint("work_end_minute <= 1440", name="work_end_in_day"),
    )
    targets: Mapped[dict[str, Any]] = mapped_column(JSONB)
    work_days: Mapped[list[int]] = mapped_column(ARRAY(SmallInteger))
    work_start_minute: Mapped[int] = mapped_column(Integer)
    work_end_minute: Mapped[int] = mapped_column(Integer)
    holidays: Mapped[list[date]] = mapped_column(ARRAY(Date), default=list)
    auto_assign: Mapped[bool] = mapped_column(Boolean, default=False)
    escalate_raise_priority: Mapped[bool] = mapped_column(Boolean, default=True)
    escalation_assignee_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    reopen_window_hours: Mapped[int] = mapped_column(Integer, default=168)
    csat_ttl_hours: Mapped[int] = mapped_column(Integer, default=168)
    # Reply-To of ticket emails to customers (a mailbox the team reads); None: no Reply-To.
    support_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    # Round-robin position: the user who got the last automatic assignment.
    last_assignee_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    updated_at: Mapped[datetime] = _now()


class TicketCategory(TenantScoped, Base):
    __tablename__ = "ticket_categories"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="", server_default="")  # shown to English readers
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = _now()


class Ticket(TenantScoped, Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        tenant_fk(["customer_id"], "customers"),
        tenant_fk(["order_id"], "orders"),
        tenant_fk(["store_id"], "stores"),
        tenant_fk(["category_id"], "ticket_categories"),
        tenant_fk(["assignee_id"], "users"),
        tenant_fk(["created_by"], "users"),
        Index("ix_tickets_tenant_id_customer_id", "tenant_id", "customer_id"),
        Index("ix_tickets_tenant_id_order_id", "tenant_id", "order_id"),
        Index("ix_tickets_tenant_id_store_id", "tenant_id", "store_id"),
        Index("ix_tickets_tenant_id_category_id", "tenant_id", "category_id"),
        Index("ix_tickets_tenant_id_assignee_id_status", "tenant_id", "assignee_id", "status"),
        Index("ix_tickets_tenant_id_created_by", "tenant_id", "created_by"),
        Index("ix_tickets_tenant_id_next_due_at_id", "tenant_id", "next_due_at", "id"),
        Index("ix_tickets_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        CheckConstraint("csat_score IS NULL OR (csat_score BETWEEN 1 AND 5)", name="csat_score_range"),
        CheckConstraint("paused_minutes >= 0", name="paused_not_negative"),
    )
    number: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    order_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    channel: Mapped[str] = mapped_column(String(20))  # staff | portal | email | api
    category_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    status: Mapped[str] = mapped_column(String(20), default="new")
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    first_response_at: Mapped[datetime | None] = _when()
    resolved_at: Mapped[datetime | None] = _when()
    closed_at: Mapped[datetime | None] = _when()
    # SLA: pauses (pending, and resolved until a reopen) in business minutes, and the clocks.
    paused_since: Mapped[datetime | None] = _when()
    paused_minutes: Mapped[int] = mapped_column(Integer, default=0)
    first_response_due_at: Mapped[datetime | None] = _when()
    first_response_risk_at: Mapped[datetime | None] = _when()
    resolution_due_at: Mapped[datetime | None] = _when()
    resolution_risk_at: Mapped[datetime | None] = _when()
    # The earliest running clock (null while paused or done): queue order and the SLA filters.
    next_due_at: Mapped[datetime | None] = _when()
    next_risk_at: Mapped[datetime | None] = _when()
    first_response_breached: Mapped[bool] = mapped_column(Boolean, default=False)
    resolution_breached: Mapped[bool] = mapped_column(Boolean, default=False)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    # Reports: business minutes to the first public reply and to the (last) resolution.
    first_response_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    resolution_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    csat_score: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    csat_comment: Mapped[str] = mapped_column(Text, default="")
    csat_answered_at: Mapped[datetime | None] = _when()
    # The survey link's token (public_links holds its hash); sent by the CSAT email consumer.
    csat_token: Mapped[str | None] = mapped_column(String(43), nullable=True)
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()
    version: Mapped[int] = mapped_column(default=1)


class TicketComment(TenantScoped, Base):
    """A public reply (the customer sees it) or an internal note."""

    __tablename__ = "ticket_comments"
    __table_args__ = (
        tenant_fk(["ticket_id"], "tickets", ondelete="CASCADE"),
        tenant_fk(["author_id"], "users"),
        Index("ix_ticket_comments_tenant_id_ticket_id_at", "tenant_id", "ticket_id", "created_at"),
        Index("ix_ticket_comments_tenant_id_author_id", "tenant_id", "author_id"),
    )
    ticket_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    public: Mapped[bool] = mapped_column(Boolean)
    body: Mapped[str] = mapped_column(Text)
    author_type: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    author_label: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = _now()


class TicketEvent(TimelineColumns, TenantScoped, Base):
    """The ticket's timeline: status changes, assignment, breaches, escalations, CSAT."""

    __tablename__ = "ticket_events"
    __table_args__ = (
        tenant_fk(["ticket_id"], "tickets", ondelete="CASCADE"),
        Index("ix_ticket_events_tenant_id_ticket_id_at", "tenant_id", "ticket_id", "created_at"),
    )
    ticket_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    from_status: Mapped[str] = mapped_column(String(20), default="")  # narrower than the others, as migrated
    to_status: Mapped[str] = mapped_column(String(20), default="")


class TicketSearchTerm(Base):
    """Searchable terms of a ticket: subject n-grams and pinyin, latin words, the number."""

    __tablename__ = "ticket_search_terms"
    __table_args__ = (
        PrimaryKeyConstraint("tenant_id", "term", "ticket_id"),
        tenant_fk(["ticket_id"], "tickets", ondelete="CASCADE"),
        Index("ix_ticket_search_terms_tenant_id_ticket_id", "tenant_id", "ticket_id"),
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    term: Mapped[str] = mapped_column(String(120, collation="C"))
    ticket_id: Mapped[uuid.UUID] = mapped_column(Uuid)


# A ticket without a store belongs to the whole chain; `own`: assigned to or created by the caller.
register(Ticket, Rule("No such ticket.", stores=("store_id",), chain_wide=True, own=("assignee_id", "created_by")))
register(TicketCategory, Rule("No such ticket category."))
register_target("ticket", Ticket, lambda: Ticket.number)
register_target(
    "ticket_category",
    TicketCategory,
    lambda: TicketCategory.name,
    label_en=lambda: func.coalesce(func.nullif(TicketCategory.name_en, ""), TicketCategory.name),
)
