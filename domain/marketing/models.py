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
from sqlalchemy.schema import PrimaryKeyConstraint, UniqueConstraint

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


class MarketingSettings(TenantScoped, Base):
    """The tenant's marketing rules: at most `frequency_cap` marketing messages per customer in
    `frequency_days` days across campaigns (0: no cap), SMS quiet hours in the tenant's time
    (minutes of the day; start > end spans midnight; start == end: none), how many days after a
    send an order counts for the campaign, and whether campaigns need a manager's approval."""

    __tablename__ = "marketing_settings"
    __table_args__ = (UniqueConstraint("tenant_id"),)
    frequency_cap: Mapped[int] = mapped_column(SmallInteger)
    frequency_days: Mapped[int] = mapped_column(SmallInteger)
    quiet_start_minute: Mapped[int] = mapped_column(SmallInteger)
    quiet_end_minute: Mapped[int] = mapped_column(SmallInteger)
    attribution_days: Mapped[int] = mapped_column(SmallInteger)
    require_approval: Mapped[bool] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(default=1)


class Campaign(TenantScoped, Base):
    """An email or SMS message to the customers of `include_segment_ids` minus those of
    `exclude_segment_ids`, inside `store_ids` (None: the chain). `content` by language
    (`zh-CN`, `en`): {subject, html, text} for email, {text} for SMS."""

    __tablename__ = "campaigns"
    __table_args__ = (
        tenant_fk(["approved_by"], "users"),
        tenant_fk(["created_by"], "users"),
        tenant_fk(["updated_by"], "users"),
        Index("uq_campaigns_tenant_id_name", "tenant_id", "name", unique=True),
        Index("ix_campaigns_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index("ix_campaigns_tenant_id_status_scheduled_at", "tenant_id", "status", "scheduled_at"),
        Index("ix_campaigns_tenant_id_approved_by", "tenant_id", "approved_by"),
        Index("ix_campaigns_tenant_id_created_by", "tenant_id", "created_by"),
        Index("ix_campaigns_tenant_id_updated_by", "tenant_id", "updated_by"),
        CheckConstraint("channel IN ('email', 'sms')", name="channel"),
        CheckConstraint(
            "status IN ('draft', 'pending_approval', 'scheduled', 'sending', 'paused', 'sent', 'cancelled')",
            name="status",
        ),
        CheckConstraint("control_percent BETWEEN 0 AND 50", name="control_percent"),
        CheckConstraint("test_percent BETWEEN 0 AND 100", name="test_percent"),
        CheckConstraint("test_metric IN ('clicks', 'revenue')", name="test_metric"),
        CheckConstraint("winner IS NULL OR winner IN ('a', 'b')", name="winner"),
    )
    name: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    include_segment_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)
    exclude_segment_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)
    store_ids: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(Uuid), nullable=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    coupon_code: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # A/B: a second content, tested on `test_percent` of the eligible (half each); after
    # `test_hours` the better by `test_metric` (click rate or attributed revenue) goes to the rest.
    content_b: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    test_percent: Mapped[int] = mapped_column(SmallInteger, default=0, server_default=text("0"))
    test_metric: Mapped[str] = mapped_column(String(10), default="clicks", server_default="clicks")
    test_hours: Mapped[int] = mapped_column(SmallInteger, default=24, server_default=text("24"))
    winner: Mapped[str | None] = mapped_column(String(1), nullable=True)
    control_percent: Mapped[int] = mapped_column(SmallInteger, default=0, server_default=text("0"))
    cost: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"), server_default=text("0"))
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    approved_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    reject_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    next_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # quiet hours
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(default=1)


class CampaignRecipient(TenantScoped, Base):
    """One customer of a campaign's audience, frozen when sending starts: `queued` until the send
    loop claims her (SKIP LOCKED), then `sent`, `failed` or `bounced`; or `skipped` with the
    `reason` (no_consent, unsubscribed, frequency_cap, no_address) or held out as `control`.
    `not_before`: an SMS waiting for the quiet hours to end. What she did next is counted here."""

    __tablename__ = "campaign_recipients"
    __table_args__ = (
        tenant_fk(["campaign_id"], "campaigns", ondelete="CASCADE"),
        tenant_fk(["customer_id"], "customers", ondelete="CASCADE"),
        tenant_fk(["store_id"], "stores"),
        Index(
            "uq_campaign_recipients_tenant_id_campaign_id_customer_id",
            "tenant_id",
            "campaign_id",
            "customer_id",
            unique=True,
        ),
        Index("ix_campaign_recipients_tenant_id_campaign_id_state", "tenant_id", "campaign_id", "state"),
        Index("ix_campaign_recipients_tenant_id_customer_id_sent_at", "tenant_id", "customer_id", "sent_at"),
        Index("ix_campaign_recipients_tenant_id_store_id", "tenant_id", "store_id"),
        CheckConstraint("state IN ('queued', 'sent', 'failed', 'bounced', 'skipped', 'control')", name="state"),
        CheckConstraint("variant IS NULL OR variant IN ('a', 'b')", name="variant"),
    )
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    state: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(20), default="", server_default="")
    language: Mapped[str] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(254), default="", server_default="")
    store_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    not_before: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0, server_default=text("0"))
    error: Mapped[str] = mapped_column(Text, default="", server_default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    first_opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    opens: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    first_clicked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    clicks: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    unsubscribed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    variant: Mapped[str | None] = mapped_column(String(1), nullable=True)  # A/B: which content she got
    in_test: Mapped[bool] = mapped_column(default=False, server_default=text("false"))  # A/B: the test share


class CampaignLink(Base):
    """A link of a campaign's email, by its position: the only place a click may redirect to."""

    __tablename__ = "campaign_links"
    __table_args__ = (
        PrimaryKeyConstraint("tenant_id", "campaign_id", "position"),
        tenant_fk(["campaign_id"], "campaigns", ondelete="CASCADE"),
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    position: Mapped[int] = mapped_column(SmallInteger)
    url: Mapped[str] = mapped_column(Text)


register(Campaign, Rule("No such campaign.", store_sets=("store_ids",), own=("created_by",)))
register(MarketingSettings, Rule("No marketing settings."))
register_target("campaign", Campaign, lambda: Campaign.name)
