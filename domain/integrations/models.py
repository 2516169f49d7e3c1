"""Outbox, idempotency keys, in-app notifications, public (token-addressed) links, long jobs and imports."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, Integer, LargeBinary, String, Text, Uuid, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.schema import PrimaryKeyConstraint

from tenants.audit_targets import register_target
from tenants.models import Base, TenantScoped, tenant_fk
from tenants.scoping import Rule, register


class OutboxEvent(TenantScoped, Base):
    """A domain event written in the same transaction as the change it describes."""

    __tablename__ = "outbox_events"
    __table_args__ = (Index("ix_outbox_events_tenant_id_created_at", "tenant_id", "created_at"),)
    topic: Mapped[str] = mapped_column(String(60))  # e.g. order.approved
    aggregate_type: Mapped[str] = mapped_column(String(40))
    aggregate_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    store_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)  # for scope-filtered streams
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class OutboxDelivery(Base):
    """That one consumer has handled one event: written in the relay's transaction once the
    consumer's savepoint succeeded, so a retry of the event (another consumer failed) never
    repeats it. Recorded in the database, not beside the side effect: what a failure cannot undo
    once committed."""

    __tablename__ = "outbox_deliveries"
    __table_args__ = (
        PrimaryKeyConstraint("tenant_id", "event_id", "consumer"),
        tenant_fk(["event_id"], "outbox_events", ondelete="CASCADE"),
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    event_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    consumer: Mapped[str] = mapped_column(String(60))
    delivered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class OutboxPending(Base):
    """Platform-level queue of unpublished event ids, so one relay can find work in every tenant
    without bypassing row-level security (it then reads each event inside its tenant)."""

    __tablename__ = "outbox_pending"
    # The relay picks the earliest due rows: without the index a backlog is sorted on every pick.
    __table_args__ = (PrimaryKeyConstraint("event_id"), Index("ix_outbox_pending_available_at", "available_at"))
    event_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    available_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class IdempotencyKey(Base):
    """One row per (tenant, principal, key): claimed in the same transaction as the write."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        PrimaryKeyConstraint("tenant_id", "principal", "key"),
        Index("ix_idempotency_keys_tenant_id_expires_at", "tenant_id", "expires_at"),
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    principal: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(255))
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(500))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    response_headers: Mapped[dict[str, str] | None] = mapped_column(JSONB, nullable=True)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("now() + interval '24 hours'")
    )


class Notification(TenantScoped, Base):
    """An in-app notification for one staff user (the bell)."""

    __tablename__ = "notifications"
    __table_args__ = (
        tenant_fk(["user_id"], "users", ondelete="CASCADE"),
        Index("ix_notifications_tenant_id_user_id_created_at", "tenant_id", "user_id", "created_at"),
    )
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    event_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)  # idempotent delivery
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PublicLink(Base):
    """Platform-level: an unguessable token (stored hashed) that opens one tenant resource without
    login (order tracking, CSAT survey, unsubscribe)."""

    __tablename__ = "public_links"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Job(TenantScoped, Base):
    """A long job (an export, an import) as its user sees it: what it is, how far it got, how it
    ended. PgQueuer only runs it (domain/integrations/jobs.py); this row is the truth."""

    __tablename__ = "jobs"
    __table_args__ = (
        tenant_fk(["created_by"], "users"),
        Index("ix_jobs_tenant_id_created_by_created_at", "tenant_id", "created_by", "created_at"),
    )
    kind: Mapped[str] = mapped_column(String(40))  # e.g. export.customers
    state: Mapped[str] = mapped_column(String(20), default="queued")  # queued running succeeded failed cancelled
    params: Mapped[dict[str, Any]] = mapped_column(JSONB)
    progress: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)  # {"done": n, "total": m}
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # its file


class Import(TenantScoped, Base):
    """A file a user uploaded to import (customers, products): what it looked like (encoding, delimiter,
    headers), what she chose (mapping, duplicate policy, dry run), and how far its job got. The
    job commits each batch of rows together with `checkpoint` (the last data row done), the
    counts and `errors_size` (the committed length of the error report), so a job that runs again
    after a crash goes on from there and does no row twice (domain/integrations/imports.py)."""

    __tablename__ = "imports"
    __table_args__ = (
        tenant_fk(["created_by"], "users"),
        tenant_fk(["job_id"], "jobs"),
        Index("ix_imports_tenant_id_created_by_created_at", "tenant_id", "created_by", "created_at"),
        Index("ix_imports_tenant_id_job_id", "tenant_id", "job_id"),
    )
    resource: Mapped[str] = mapped_column(String(20))  # customers products
    file_id: Mapped[uuid.UUID] = mapped_column(Uuid)  # the upload in the tenant's file store
    file_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    format: Mapped[str] = mapped_column(String(10))  # csv xlsx
    encoding: Mapped[str] = mapped_column(String(20), default="")  # CSV: utf-8, utf-8-sig, gb18030
    delimiter: Mapped[str] = mapped_column(String(4), default="")
    headers: Mapped[list[str]] = mapped_column(JSONB)
    mapping: Mapped[dict[str, str]] = mapped_column(JSONB, default=dict)  # column header → field
    policy: Mapped[str] = mapped_column(String(10), default="skip")  # skip update create
    match_by: Mapped[str] = mapped_column(
        String(20), default="phone"
    )  # customers: phone email external_id; products: sku barcode external_id
    dry_run: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default="previewed")  # previewed running done failed cancelled
    counts: Mapped[dict[str, int]] = mapped_column(JSONB, default=dict)  # read created updated skipped failed
    total: Mapped[int | None] = mapped_column(Integer, nullable=True)  # data rows, once counted
    checkpoint: Mapped[int] = mapped_column(Integer, default=0)  # data rows committed
    errors_size: Mapped[int] = mapped_column(BigInteger, default=0)  # bytes of the report committed
    error_file_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    job_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


# Audit entries name an import by its file (who may open the import itself is checked by its routes).
register(Import, Rule("No such import."))
register_target("import", Import, lambda: Import.file_name)
