"""A per-tenant access epoch, moved on in the same transaction as every access change (users,
roles, stores, regions, API keys). A cached principal carries the epoch it was loaded at, and
every process refuses one older than the tenant's current epoch, whether or not the change could
drop the Redis cache.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tenants", sa.Column("access_epoch", sa.BigInteger(), server_default="0", nullable=False))


def downgrade() -> None:
    op.drop_column("tenants", "access_epoch")
