"""Custom fields made filterable get their terms from a job: `filter_ready` (true for the fields
that exist, whose terms the request wrote), the job's checkpoint `index_after` and `index_job_id`.

Revision ID: 0020_custom_field_jobs
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_custom_field_jobs"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "custom_fields", sa.Column("filter_ready", sa.Boolean(), server_default=sa.text("true"), nullable=False)
    )
    op.add_column("custom_fields", sa.Column("index_after", sa.Uuid(), nullable=True))
    op.add_column("custom_fields", sa.Column("index_job_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    op.drop_column("custom_fields", "index_job_id")
    op.drop_column("custom_fields", "index_after")
    op.drop_column("custom_fields", "filter_ready")
