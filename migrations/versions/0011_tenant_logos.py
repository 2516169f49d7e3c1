"""A company logo per tenant, kept in the database (PNG or JPEG, at most 256 KB) so that the
invoice PDF and the SPA header read it without a file store.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.rls import protect_tenant_table

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tenant_logos",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("content_type", sa.String(length=20), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("octet_length(data) <= 262144", name=op.f("ck_tenant_logos_size")),
        sa.CheckConstraint("content_type IN ('image/png', 'image/jpeg')", name=op.f("ck_tenant_logos_type")),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_tenant_logos")),
        # One logo per tenant.
        sa.UniqueConstraint("tenant_id", name=op.f("uq_tenant_logos_tenant_id")),
    )
    protect_tenant_table("tenant_logos")


def downgrade() -> None:
    op.drop_table("tenant_logos")
