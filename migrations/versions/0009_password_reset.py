"""Messages that arrive: a user's one pending password reset link (stored as the SHA-256 of its
token, with its expiry, like the invite token beside it), and the tenant's support address that
customers' replies to ticket emails go to.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("reset_token_hash", sa.String(length=64), nullable=True))
    op.add_column("users", sa.Column("reset_expires_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("service_settings", sa.Column("support_email", sa.String(length=254), nullable=True))


def downgrade() -> None:
    op.drop_column("service_settings", "support_email")
    op.drop_column("users", "reset_expires_at")
    op.drop_column("users", "reset_token_hash")
