"""Customer profile and its search terms."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    DateTime,
    Index,
    String,
    Text,
    Uuid,
    exists,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.schema import PrimaryKeyConstraint

from domain.custom_fields.public import register_entity
from domain.kernel.timeline import TimelineColumns
from tenants.audit_targets import register_target
from tenants.models import Base, Tenant, TenantScoped, tenant_fk
from tenants.scoping import Rule, register


class Customer(TenantScoped, Base):
    __tablename__ = "customers"
    __table_args__ = (
        tenant_fk(["home_store_id"], "stores"),
        tenant_fk(["assigned_to"], "users"),
        tenant_fk(["created_by"], "users"),
        tenant_fk(["updated_by"], "users"),
        tenant_fk(["merged_into"], "customers"),
        # Phone and external id are unique among live customers only: a soft-deleted customer
        # must not block re-registering the same phone.
        Index(
            "uq_customers_tenant_id_phone",
            "tenant_id",
            "phone",
            unique=True,
            postgresql_where=text("deleted_at IS NULL AND phone IS NOT NULL"),
        ),
        Index(
            "uq_customers_tenant_id_external_id",
            "tenant_id",
            "external_id",
            unique=True,
            postgresql_where=text("deleted_at IS NULL AND external_id IS NOT NULL"),
        ),
        Index("ix_customers_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index("ix_customers_tenant_id_home_store_id", "tenant_id", "home_store_id"),
        Index("ix_customers_tenant_id_assigned_to", "tenant_id", "assigned_to"),
        Index("ix_customers_tenant_id_created_by", "tenant_id", "created_by"),
        Index("ix_customers_tenant_id_updated_by", "tenant_id", "updated_by"),
        CheckConstraint("language IN ('zh-CN', 'en')", name="language"),
    )
    name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str] = mapped_column(String(10), default="unknown")
    birthday: Mapped[date | None] = mapped_column(Date, nullable=True)
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    province: Mapped[str] = mapped_column(String(50), default="")
    city: Mapped[str] = mapped_column(String(50), default="")
    district: Mapped[str] = mapped_column(String(50), default="")
    address_detail: Mapped[str] = mapped_column(String(300), default="")
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list)
    lifecycle_stage: Mapped[str] = mapped_column(String(20), default="lead")
    home_store_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    assigned_to: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    email_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    email_consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    email_consent_source: Mapped[str] = mapped_column(String(50), default="")
    sms_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    sms_consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    sms_consent_source: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    external_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # The language of the messages she receives (None: the tenant's).
    language: Mapped[str | None] = mapped_column(String(10), nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The customer this record was merged into (domain/customers/merge.py); it is deleted too.
    merged_into: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    # The tenant's custom fields (domain/custom_fields), canonical values by key.
    custom: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default=text("'{}'::jsonb"))
    version: Mapped[int] = mapped_column(default=1)


class CustomerSearchTerm(Base):
    """One searchable term of a customer (name n-gram, pinyin, phone suffix, email...).

    Search matches terms with `=` or a `>=`/`<` prefix range on (tenant_id, term): both are
    leakproof, so the btree is usable under row-level security (PITFALLS: LIKE is not).
    """

    __tablename__ = "customer_search_terms"
    __table_args__ = (
        PrimaryKeyConstraint("tenant_id", "term", "customer_id"),
        tenant_fk(["customer_id"], "customers", ondelete="CASCADE"),
        Index("ix_customer_search_terms_tenant_id_customer_id", "tenant_id", "customer_id"),
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    term: Mapped[str] = mapped_column(String(120, collation="C"))  # byte order makes prefix ranges exact
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)


class TimelineEntry(TimelineColumns, TenantScoped, Base):
    """One moment of a customer's timeline (domain/customers/timeline.py): a change of one of her
    orders or tickets, an activity staff logged, a change of her profile. Written by the change
    that makes it, in the same transaction; `store_id` places it in a store (RLS store scope, as
    for orders), NULL is chain-wide. `subject_*` name what the moment is about."""

    __tablename__ = "customer_timeline"
    __table_args__ = (
        tenant_fk(["customer_id"], "customers", ondelete="CASCADE"),
        tenant_fk(["store_id"], "stores"),
        Index(
            "ix_customer_timeline_tenant_id_customer_id_occurred_at_id", "tenant_id", "customer_id", "occurred_at", "id"
        ),
        Index("ix_customer_timeline_tenant_id_subject_id", "tenant_id", "subject_id"),
        Index("ix_customer_timeline_tenant_id_store_id", "tenant_id", "store_id"),
    )
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    store_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    subject_type: Mapped[str] = mapped_column(String(20))  # order, ticket, activity, customer, loyalty
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    subject_label: Mapped[str] = mapped_column(String(60), default="")  # SO-2026-000001, TK-…


class Activity(TenantScoped, Base):
    """A call, visit, message or note staff logged about a customer; its author may change or
    remove it for a while (ACTIVITY_EDIT_WINDOW), and its timeline entry follows it."""

    __tablename__ = "customer_activities"
    __table_args__ = (
        tenant_fk(["customer_id"], "customers", ondelete="CASCADE"),
        tenant_fk(["author_id"], "users"),
        Index("ix_customer_activities_tenant_id_customer_id", "tenant_id", "customer_id"),
        Index("ix_customer_activities_tenant_id_author_id", "tenant_id", "author_id"),
        CheckConstraint("kind IN ('note', 'call', 'visit', 'message')", name="kind"),
    )
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(default=1)


def shared_chain_wide(tenant: object) -> ColumnElement[bool]:
    """The tenant shares its members with every store (`Tenant.customer_visibility`), the same
    test as the table's RLS policy (migration 0007)."""
    return exists().where(Tenant.id == tenant, Tenant.customer_visibility == "chain")


class CustomerReference(Base):
    """What any page of the tenant may show of a customer it references but may not see (a member
    of another store when the tenant keeps customers to their home store): a masked name. Tenant
    RLS only, no store fence; written with the customer (domain/customers/references.py)."""

    __tablename__ = "customer_references"
    __table_args__ = (
        PrimaryKeyConstraint("tenant_id", "customer_id"),
        tenant_fk(["customer_id"], "customers", ondelete="CASCADE"),
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    masked_name: Mapped[str] = mapped_column(String(20))


# A member is the chain's unless the tenant keeps customers to their home store; a customer
# without a home store belongs to every store either way. `own`: assigned to or created by the
# caller, in both settings; a soft-deleted customer is gone for every read.
register(
    Customer,
    Rule(
        "No such customer.",
        stores=("home_store_id",),
        chain_wide=True,
        own=("assigned_to", "created_by"),
        live=lambda: Customer.deleted_at.is_(None),
        shared=shared_chain_wide,
    ),
)
register_target("customer", Customer, lambda: Customer.name)
register_entity("customer", Customer, CustomerSearchTerm, "customer_id")
# A moment of a store's order or ticket is visible inside that store's scope; the customer's own
# moments (no store) to everyone who may see her. Her visibility itself is checked first.
register(TimelineEntry, Rule("No such timeline entry.", stores=("store_id",), chain_wide=True))
register(Activity, Rule("No such activity."))
