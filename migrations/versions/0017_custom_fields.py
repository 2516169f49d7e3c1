"""Custom fields: the per-tenant definitions (`custom_fields`, RLS forced; no store fence, they
are the whole tenant's), the `custom` values on customers and products (jsonb, `{}` for every
existing row), and `custom_fields:manage` for owners and admins.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from migrations.rls import add_default_role_permissions, protect_tenant_table

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# The default roles that manage the tenant's settings (tenants/permissions.py when this was written).
MANAGERS = ("owner", "admin")
ENTITIES = ("customers", "products")


def upgrade() -> None:
    op.create_table(
        "custom_fields",
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("label_zh", sa.String(length=100), nullable=False),
        sa.Column("label_en", sa.String(length=100), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("options", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("filterable", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "type IN ('text', 'number', 'decimal', 'date', 'boolean', 'select', 'multiselect')",
            name=op.f("ck_custom_fields_type"),
        ),
        sa.CheckConstraint("key ~ '^[a-z][a-z0-9_]{0,39}$'", name=op.f("ck_custom_fields_key")),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_custom_fields")),
        sa.UniqueConstraint("tenant_id", "entity", "key", name=op.f("uq_custom_fields_tenant_id_entity_key")),
    )
    protect_tenant_table("custom_fields")
    for table in ENTITIES:
        op.add_column(
            table,
            sa.Column(
                "custom",
                postgresql.JSONB(astext_type=sa.Text()),
                server_default=sa.text("'{}'::jsonb"),
                nullable=False,
            ),
        )
    add_default_role_permissions({key: ["custom_fields:manage"] for key in MANAGERS})


def downgrade() -> None:
    for table in ENTITIES:
        op.drop_column(table, "custom")
    op.drop_table("custom_fields")
