"""Custom field definitions, one row per tenant, entity and key."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, DateTime, Integer, String, UniqueConstraint, Uuid, func, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from tenants.audit_targets import register_target
from tenants.models import Base, TenantScoped
from tenants.scoping import Rule, register

TYPES = ("text", "number", "decimal", "date", "boolean", "select", "multiselect")


class CustomField(TenantScoped, Base):
    """A field the tenant added to an entity's records. `entity` has no CHECK on purpose: the
    entities are the ones registered in code (`entities.register_entity`), and adding one (leads)
    should need no migration. `options`: [{value, label_zh, label_en}] of a (multi)select."""

    __tablename__ = "custom_fields"
    __table_args__ = (
        UniqueConstraint("tenant_id", "entity", "key"),
        CheckConstraint(f"type IN ({', '.join(repr(t) for t in TYPES)})", name="type"),
        CheckConstraint("key ~ '^[a-z][a-z0-9_]{0,39}$'", name="key"),
    )
    entity: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(40))
    label_zh: Mapped[str] = mapped_column(String(100), default="")
    label_en: Mapped[str] = mapped_column(String(100), default="")
    type: Mapped[str] = mapped_column(String(20))
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    filterable: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # A field made filterable while records hold values is ready once a job has written their
    # terms (actions.index_terms): until then lists refuse its filter. `index_after` is the job's
    # checkpoint (the last record id done), `index_job_id` the job, None when none is running.
    filter_ready: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    index_after: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    index_job_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(default=1)


# Definitions are the tenant's (no store fence): every signed-in user reads them for forms.
register(CustomField, Rule("No such custom field."))
register_target("custom_field", CustomField, lambda: CustomField.label_zh, label_en=lambda: CustomField.label_en)
