"""A/B variants of a campaign: a second content, the share of the audience that tests the two,
the measure that picks the winner (click rate or attributed revenue) and after how many hours;
each recipient's variant and whether she was in the test share.

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("campaigns", sa.Column("content_b", postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column(
        "campaigns", sa.Column("test_percent", sa.SmallInteger(), server_default=sa.text("0"), nullable=False)
    )
    op.add_column("campaigns", sa.Column("test_metric", sa.String(length=10), server_default="clicks", nullable=False))
    op.add_column("campaigns", sa.Column("test_hours", sa.SmallInteger(), server_default=sa.text("24"), nullable=False))
    op.add_column("campaigns", sa.Column("winner", sa.String(length=1), nullable=True))
    op.create_check_constraint(op.f("ck_campaigns_test_percent"), "campaigns", "test_percent BETWEEN 0 AND 100")
    op.create_check_constraint(op.f("ck_campaigns_test_metric"), "campaigns", "test_metric IN ('clicks', 'revenue')")
    op.create_check_constraint(op.f("ck_campaigns_winner"), "campaigns", "winner IS NULL OR winner IN ('a', 'b')")
    op.add_column("campaign_recipients", sa.Column("variant", sa.String(length=1), nullable=True))
    op.add_column(  # in the test share (False: the rest, sent the winner)
        "campaign_recipients", sa.Column("in_test", sa.Boolean(), server_default=sa.text("false"), nullable=False)
    )
    op.create_check_constraint(
        op.f("ck_campaign_recipients_variant"), "campaign_recipients", "variant IS NULL OR variant IN ('a', 'b')"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_campaign_recipients_variant"), "campaign_recipients", type_="check")
    op.drop_column("campaign_recipients", "in_test")
    op.drop_column("campaign_recipients", "variant")
    for name in ("winner", "test_metric", "test_percent"):
        op.drop_constraint(op.f(f"ck_campaigns_{name}"), "campaigns", type_="check")
    for column in ("winner", "test_hours", "test_metric", "test_percent", "content_b"):
        op.drop_column("campaigns", column)
