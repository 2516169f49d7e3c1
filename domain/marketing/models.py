"""Segments and what they hold: the definition, its stored members, every join and leave, and the
RFM scores of each customer the segment rules read."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Date, DateTime, Index, SmallInteger, String, Text, Uuid, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.schema import PrimaryKeyConstraint

from tenants.audit_targets import register_target
from tenants.models import MONEY, Base, TenantScoped, tenant_fk
from tenants.scoping import Rule, register


class Segment(TenantScoped, Base):
    """A group of customers: `dynamic` ones are defined by `rules` (domain/marketing/rules.py) and
    kept current by the membership consumers; `static` ones are a list staff keep by hand.
    `store_ids` fences the segment to customers whose home store is one of them (None: the chain).
    `sources` names what the rules read (customer, orders, tickets, loyalty, rfm), so an event
    re-evaluates only the segments it can change; `time_relative` rules ("no purchase in 90 days")
    are swept once a day as well (`swept_on`, the tenant's date)."""

    __tablename__ = "segments"
    __table_args__ = (
        tenant_fk(["created_by"], "users"),
        tenant_fk(["updated_by"], "users"),
        Index("uq_segments_tenant_id_name", "tenant_id", "name", unique=True),
        Index("ix_segments_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index("ix_segments_tenant_id_created_by", "tenant_id", "created_by"),
        Index("ix_segments_tenant_id_updated_by", "tenant_id", "updated_by"),
        CheckConstraint("kind IN ('dynamic', 'static')", name="kind"),
        CheckConstraint("state IN ('building', 'ready')", name="state"),
        CheckConstraint("(kind = 'dynamic') = (rules IS NOT NULL)", name="rules_of_dynamic"),
    )
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    kind: Mapped[str] = mapped_column(String(10))
    rules: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    store_ids: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(Uuid), nullable=True)
    sources: Mapped[list[str]] = mapped_column(ARRAY(String(20)), default=list, server_default="{}")
    time_relative: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    member_count: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    state: Mapped[str] = mapped_column(String(10), default="ready", server_default="ready")
    built_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    swept_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(default=1)


class SegmentMember(Base):
    """A customer in a segment now (a dynamic segment's current answer, a static one's list)."""

    __tablename__ = "segment_members"
    __table_args__ = (
        PrimaryKeyConstraint("tenant_id", "segment_id", "customer_id"),
        tenant_fk(["segment_id"], "segments", ondelete="CASCADE"),
        tenant_fk(["customer_id"], "customers", ondelete="CASCADE"),
        Index("ix_segment_members_tenant_id_customer_id", "tenant_id", "customer_id"),
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    segment_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SegmentChange(TenantScoped, Base):
    """A customer joined or left a segment, and why (`rebuild`, `event`, `sweep`, `manual`):
    the segment's size history and what "entered the segment" triggers read."""

    __tablename__ = "segment_changes"
    __table_args__ = (
        tenant_fk(["segment_id"], "segments", ondelete="CASCADE"),
        tenant_fk(["customer_id"], "customers", ondelete="CASCADE"),
        Index("ix_segment_changes_tenant_id_segment_id_at", "tenant_id", "segment_id", "at"),
        Index("ix_segment_changes_tenant_id_customer_id", "tenant_id", "customer_id"),
        CheckConstraint("change IN ('joined', 'left')", name="change"),
    )
    segment_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    change: Mapped[str] = mapped_column(String(6))
    cause: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CustomerRfm(Base):
    """A customer's recency, frequency and monetary scores (1–5, quintiles among the tenant's
    buyers) and the named RFM segment they make (domain/marketing/rfm.py). Only customers with
    a purchase have a row."""

    __tablename__ = "customer_rfm"
    __table_args__ = (
        PrimaryKeyConstraint("tenant_id", "customer_id"),
        tenant_fk(["customer_id"], "customers", ondelete="CASCADE"),
        Index("ix_customer_rfm_tenant_id_segment", "tenant_id", "segment"),
        CheckConstraint(
            "recency BETWEEN 1 AND 5 AND frequency BETWEEN 1 AND 5 AND monetary BETWEEN 1 AND 5", name="scores"
        ),
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    recency: Mapped[int] = mapped_column(SmallInteger)
    frequency: Mapped[int] = mapped_column(SmallInteger)
    monetary: Mapped[int] = mapped_column(SmallInteger)
    segment: Mapped[str] = mapped_column(String(20))
    orders: Mapped[int] = mapped_column()
    spend: Mapped[Decimal] = mapped_column(MONEY)
    last_purchase_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# A store-scoped marketer sees the segments fenced to stores all inside her scope; a chain-wide
# segment (no store_ids) only callers of every store. `own`: the segments she made.
register(Segment, Rule("No such segment.", store_sets=("store_ids",), own=("created_by",)))
register_target("segment", Segment, lambda: Segment.name)
