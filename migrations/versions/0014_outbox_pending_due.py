"""The relay's pick reads `outbox_pending` in `available_at` order: an index on it, so a backlog
of 100,000 events costs a pick of 50 an index range instead of a scan and sort of the whole queue
(19 ms each, measured on the embedded PostgreSQL) just when the relay most needs to catch up.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_pending_available_at", "outbox_pending", ["available_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outbox_pending_available_at", table_name="outbox_pending")
