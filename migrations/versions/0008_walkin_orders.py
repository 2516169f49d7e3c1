"""Walk-in sales: an order may have no customer; drafts left at the till expire after a tenant
setting (draft_ttl_hours); the approval rules that fired are kept on the order.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("orders", "customer_id", existing_type=sa.Uuid(), nullable=True)
    op.add_column(
        "orders",
        sa.Column(
            "approval_reasons",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
    )
    op.add_column(
        "order_settings",
        sa.Column("draft_ttl_hours", sa.Integer(), server_default=sa.text("72"), nullable=False),
    )
    # The draft sweep looks for old drafts of one tenant.
    op.create_index(
        "ix_orders_tenant_id_drafts_updated_at",
        "orders",
        ["tenant_id", "updated_at"],
        postgresql_where=sa.text("status = 'draft'"),
    )


def downgrade() -> None:
    op.drop_index("ix_orders_tenant_id_drafts_updated_at", table_name="orders")
    op.drop_column("order_settings", "draft_ttl_hours")
    op.drop_column("orders", "approval_reasons")
    op.execute("DELETE FROM orders WHERE customer_id IS NULL")
    op.alter_column("orders", "customer_id", existing_type=sa.Uuid(), nullable=False)
