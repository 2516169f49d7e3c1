"""Order lines keep the product's name in both languages, so an English reader sees the English
name where the catalog has one (`name` stays the snapshot shown by default).

Lines written before this revision take their product's current names: the closest thing to a
snapshot those lines never kept.

Revision ID: 0010
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("order_lines", sa.Column("name_zh", sa.String(length=200), server_default="", nullable=False))
    op.add_column("order_lines", sa.Column("name_en", sa.String(length=200), server_default="", nullable=False))
    op.execute(
        "UPDATE order_lines AS l SET name_zh = p.name_zh, name_en = p.name_en FROM products AS p "
        "WHERE p.tenant_id = l.tenant_id AND p.id = l.product_id"
    )


def downgrade() -> None:
    op.drop_column("order_lines", "name_en")
    op.drop_column("order_lines", "name_zh")
