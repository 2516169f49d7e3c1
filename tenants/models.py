"""Tenancy and identity tables. Every tenant-owned table keys on (tenant_id, id) (DESIGN rule 1)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    CheckConstraint,
    ColumnElement,
    DateTime,
    ForeignKeyConstraint,
    Index,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.schema import PrimaryKeyConstraint

from tenants.ids import uuid7

# Column types of money and rates, the same in every context.
MONEY = Numeric(14, 2)
RATE = Numeric(6, 4)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now_column() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), nullable=False, server_default=func.now())


class TenantScoped:
    """Mixin for tenant-owned rows: composite primary key (tenant_id, id)."""

    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {}


def of_tenant(tenant_id: Any, model: Any) -> ColumnElement[bool]:
    """The plain tenant filter on a TenantScoped table, for code that holds a tenant id but no
    caller (jobs, consumers, child rows of an aggregate already loaded through its rule)."""
    cond: ColumnElement[bool] = model.tenant_id == tenant_id
    return cond


def tenant_fk(columns: list[str], target: str, *, ondelete: str | None = None) -> ForeignKeyConstraint:
    """A composite foreign key that can only point inside the same tenant."""
    table = target
    return ForeignKeyConstraint(["tenant_id", *columns], [f"{table}.tenant_id", f"{table}.id"], ondelete=ondelete)


# ---- platform level (no tenant_id; the explicit list in tests/tenancy) ----


class Tenant(Base):
    """A retail chain. Platform-level: the login lookup by slug reads it before any tenant is set."""

    __tablename__ = "tenants"
    __table_args__ = (CheckConstraint("customer_visibility IN ('chain', 'home_store')", name="customer_visibility"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="active")
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    locale: Mapped[str] = mapped_column(String(10), default="zh-CN")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    # Who sees a customer: every store of the chain ("chain") or only her home store ("home_store").
    customer_visibility: Mapped[str] = mapped_column(String(20), default="chain", server_default="chain")
    # Moved on by every access change (tenants.users.invalidate_principals): principals cached at
    # an older epoch are refused by every process (tenants.principal_cache).
    access_epoch: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    created_at: Mapped[datetime] = _now_column()


class ApiKeyDirectory(Base):
    """Maps an API key's public id to its tenant, so the key can be verified inside that tenant."""

    __tablename__ = "api_key_directory"
    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)


# ---- tenant level ----


class TenantLogo(TenantScoped, Base):
    """The company logo, one per tenant (PNG or JPEG, at most 256 KB); `digest` versions its URL."""

    __tablename__ = "tenant_logos"
    __table_args__ = (
        UniqueConstraint("tenant_id"),
        CheckConstraint("octet_length(data) <= 262144", name="size"),
        CheckConstraint("content_type IN ('image/png', 'image/jpeg')", name="type"),
    )
    content_type: Mapped[str] = mapped_column(String(20))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    digest: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = _now_column()


class Region(TenantScoped, Base):
    __tablename__ = "regions"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = _now_column()


class Store(TenantScoped, Base):
    __tablename__ = "stores"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        tenant_fk(["region_id"], "regions"),
        Index("ix_stores_tenant_id_region_id", "tenant_id", "region_id"),
    )
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    region_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[datetime] = _now_column()
    updated_at: Mapped[datetime] = _now_column()


class Role(TenantScoped, Base):
    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)
    key: Mapped[str | None] = mapped_column(String(40), nullable=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    permissions: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    is_system: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = _now_column()
    updated_at: Mapped[datetime] = _now_column()


class User(TenantScoped, Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("tenant_id", "email"),
        tenant_fk(["role_id"], "roles"),
        Index("ix_users_tenant_id_role_id", "tenant_id", "role_id"),
    )
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    role_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(20), default="active")
    locale: Mapped[str] = mapped_column(String(10), default="zh-CN")
    scope_kind: Mapped[str] = mapped_column(String(10), default="all")
    scope_region_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)
    scope_store_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)
    invite_token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    invite_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reset_token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)  # forgotten password
    reset_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = _now_column()
    updated_at: Mapped[datetime] = _now_column()
    version: Mapped[int] = mapped_column(default=1)


class RefreshToken(TenantScoped, Base):
    """An opaque refresh token, stored hashed; `family_id` ties rotations together for reuse detection."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (
        UniqueConstraint("tenant_id", "token_hash"),
        tenant_fk(["user_id"], "users", ondelete="CASCADE"),
        Index("ix_refresh_tokens_tenant_id_family_id", "tenant_id", "family_id"),
        Index("ix_refresh_tokens_tenant_id_user_id", "tenant_id", "user_id"),
    )
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    token_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = _now_column()


class ApiKey(TenantScoped, Base):
    __tablename__ = "api_keys"
    __table_args__ = (
        UniqueConstraint("tenant_id", "key_id"),
        tenant_fk(["created_by"], "users"),
        Index("ix_api_keys_tenant_id_created_by", "tenant_id", "created_by"),
    )
    key_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    store_ids: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(Uuid), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = _now_column()


class AuditEntry(TenantScoped, Base):
    """Append-only: the app role may insert and select, never update or delete."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_tenant_id_at", "tenant_id", "at"),
        Index("ix_audit_log_tenant_id_target", "tenant_id", "target_type", "target_id"),
        Index("ix_audit_log_tenant_id_actor_id", "tenant_id", "actor_id"),
    )
    at: Mapped[datetime] = _now_column()
    actor_type: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    actor_label: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    request_id: Mapped[str] = mapped_column(String(64), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")


class Counter(Base):
    """Gapless per-tenant numbering (order, invoice, return numbers): incremented under a row lock
    in the same transaction as the row that takes the number, so an aborted transaction leaves no gap."""

    __tablename__ = "tenant_counters"
    __table_args__ = (PrimaryKeyConstraint("tenant_id", "name", "period"),)
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(30))
    period: Mapped[str] = mapped_column(String(10), default="")
    value: Mapped[int] = mapped_column(default=0)
