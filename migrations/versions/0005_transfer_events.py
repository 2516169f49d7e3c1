"""Transfers are recorded like every aggregate: an `updated_at` stamp and a timeline of their own
(`stock_transfer_events`, RLS forced, rows follow their transfer).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from migrations.rls import protect_tenant_table

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "stock_transfers",
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
    )
    op.create_table(
        "stock_transfer_events",
        sa.Column("transfer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("from_status", sa.String(length=30), nullable=False),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("actor_type", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_label", sa.String(length=254), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "transfer_id"],
            ["stock_transfers.tenant_id", "stock_transfers.id"],
            name=op.f("fk_stock_transfer_events_tenant_id_transfer_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_stock_transfer_events")),
    )
    op.create_index(
        "ix_stock_transfer_events_tenant_id_transfer_id_at",
        "stock_transfer_events",
        ["tenant_id", "transfer_id", "created_at"],
        unique=False,
    )
    protect_tenant_table("stock_transfer_events")


def downgrade() -> None:
    op.drop_table("stock_transfer_events")
    op.drop_column("stock_transfers", "updated_at")
