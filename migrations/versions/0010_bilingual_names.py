"""Names in both languages: order lines keep the product's Chinese and English names (`name`
stays the snapshot shown by default), and product and ticket categories gain an English name
(`name`, unique as before, is the one shown by default).

Lines written before this revision take their product's current names: the closest thing to a
snapshot those lines never kept. Existing categories have no English name until one is given.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("order_lines", sa.Column("name_zh", sa.String(length=200), server_default="", nullable=False))
    op.add_column("order_lines", sa.Column("name_en", sa.String(length=200), server_default="", nullable=False))
    op.execute(
        "UPDATE order_lines AS l SET name_zh = p.name_zh, name_en = p.name_en FROM products AS p "
        "WHERE p.tenant_id = l.tenant_id AND p.id = l.product_id"
    )
    for table in ("product_categories", "ticket_categories"):
        op.add_column(table, sa.Column("name_en", sa.String(length=100), server_default="", nullable=False))


def downgrade() -> None:
    for table in ("product_categories", "ticket_categories"):
        op.drop_column(table, "name_en")
    op.drop_column("order_lines", "name_en")
    op.drop_column("order_lines", "name_zh")
