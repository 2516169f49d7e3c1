"""Segments: a segment's definition (dynamic rules or a static list, an optional store fence), its
stored members (kept current from events, rebuilt on demand), every join and leave (size history,
"entered segment"), and each customer's RFM scores (recomputed per tenant by a periodic job).
Permissions `segments:read` and `segments:manage`.

Revision ID: 0021
Revises: 0020_custom_field_jobs
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from migrations.rls import add_default_role_permissions, protect_tenant_table
from migrations.rls import tenant_foreign_key as _fk

revision = "0021"
down_revision = "0020_custom_field_jobs"
branch_labels = None
depends_on = None

# tenants/permissions.py when this was written.
READERS = ("owner", "admin", "marketing", "analyst", "regional_manager", "store_manager")
MANAGERS = ("owner", "admin", "marketing")


def upgrade() -> None:
    op.create_table(
        "segments",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("rules", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("store_ids", postgresql.ARRAY(sa.Uuid()), nullable=True),
        sa.Column("sources", postgresql.ARRAY(sa.String(length=20)), nullable=False, server_default="{}"),
        sa.Column("time_relative", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("member_count", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("state", sa.String(length=10), nullable=False, server_default="ready"),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("swept_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("kind IN ('dynamic', 'static')", name=op.f("ck_segments_kind")),
        sa.CheckConstraint("state IN ('building', 'ready')", name=op.f("ck_segments_state")),
        sa.CheckConstraint("(kind = 'dynamic') = (rules IS NOT NULL)", name=op.f("ck_segments_rules_of_dynamic")),
        _fk("segments", "created_by", "users"),
        _fk("segments", "updated_by", "users"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_segments")),
    )
    op.create_index("uq_segments_tenant_id_name", "segments", ["tenant_id", "name"], unique=True)
    op.create_index("ix_segments_tenant_id_created_at_id", "segments", ["tenant_id", "created_at", "id"])
    op.create_index("ix_segments_tenant_id_created_by", "segments", ["tenant_id", "created_by"])
    op.create_index("ix_segments_tenant_id_updated_by", "segments", ["tenant_id", "updated_by"])
    op.create_table(
        "segment_members",
        sa.Column("segment_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        _fk("segment_members", "segment_id", "segments", cascade=True),
        _fk("segment_members", "customer_id", "customers", cascade=True),
        sa.PrimaryKeyConstraint("tenant_id", "segment_id", "customer_id", name=op.f("pk_segment_members")),
    )
    op.create_index("ix_segment_members_tenant_id_customer_id", "segment_members", ["tenant_id", "customer_id"])
    op.create_table(
        "segment_changes",
        sa.Column("segment_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("change", sa.String(length=6), nullable=False),
        sa.Column("cause", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("change IN ('joined', 'left')", name=op.f("ck_segment_changes_change")),
        _fk("segment_changes", "segment_id", "segments", cascade=True),
        _fk("segment_changes", "customer_id", "customers", cascade=True),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_segment_changes")),
    )
    op.create_index("ix_segment_changes_tenant_id_segment_id_at", "segment_changes", ["tenant_id", "segment_id", "at"])
    op.create_index("ix_segment_changes_tenant_id_customer_id", "segment_changes", ["tenant_id", "customer_id"])
    op.create_table(
        "customer_rfm",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("recency", sa.SmallInteger(), nullable=False),
        sa.Column("frequency", sa.SmallInteger(), nullable=False),
        sa.Column("monetary", sa.SmallInteger(), nullable=False),
        sa.Column("segment", sa.String(length=20), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("spend", sa.Numeric(14, 2), nullable=False),
        sa.Column("last_purchase_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "recency BETWEEN 1 AND 5 AND frequency BETWEEN 1 AND 5 AND monetary BETWEEN 1 AND 5",
            name=op.f("ck_customer_rfm_scores"),
        ),
        _fk("customer_rfm", "customer_id", "customers", cascade=True),
        sa.PrimaryKeyConstraint("tenant_id", "customer_id", name=op.f("pk_customer_rfm")),
    )
    op.create_index("ix_customer_rfm_tenant_id_segment", "customer_rfm", ["tenant_id", "segment"])
    protect_tenant_table("segments")
    protect_tenant_table("segment_members", grants="SELECT, INSERT, DELETE")
    protect_tenant_table("segment_changes", grants="SELECT, INSERT")  # append-only history
    protect_tenant_table("customer_rfm")
    add_default_role_permissions({key: ["segments:read"] for key in READERS})
    add_default_role_permissions({key: ["segments:manage"] for key in MANAGERS})


def downgrade() -> None:
    op.drop_table("customer_rfm")
    op.drop_table("segment_changes")
    op.drop_table("segment_members")
    op.drop_table("segments")
