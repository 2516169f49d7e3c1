"""Imports: the `imports` table (an uploaded file, its preview facts, the user's choices and the
committed checkpoint of its job; RLS forced) and the permission `customers:import` for the roles
that may export customers.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from migrations.rls import add_default_role_permissions, protect_tenant_table

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# The default roles that have customers:export (tenants/permissions.py when this was written).
IMPORTERS = ("owner", "admin", "regional_manager", "store_manager")


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("resource", sa.String(length=20), nullable=False),
        sa.Column("file_id", sa.Uuid(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("encoding", sa.String(length=20), nullable=False),
        sa.Column("delimiter", sa.String(length=4), nullable=False),
        sa.Column("headers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("mapping", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("policy", sa.String(length=10), nullable=False),
        sa.Column("match_by", sa.String(length=20), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("counts", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("checkpoint", sa.Integer(), nullable=False),
        sa.Column("errors_size", sa.BigInteger(), nullable=False),
        sa.Column("error_file_id", sa.Uuid(), nullable=True),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "created_by"], ["users.tenant_id", "users.id"], name=op.f("fk_imports_tenant_id_created_by")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "job_id"], ["jobs.tenant_id", "jobs.id"], name=op.f("fk_imports_tenant_id_job_id")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_imports")),
    )
    op.create_index(
        "ix_imports_tenant_id_created_by_created_at", "imports", ["tenant_id", "created_by", "created_at"], unique=False
    )
    op.create_index("ix_imports_tenant_id_job_id", "imports", ["tenant_id", "job_id"], unique=False)
    protect_tenant_table("imports")
    add_default_role_permissions({key: ["customers:import"] for key in IMPORTERS})


def downgrade() -> None:
    op.drop_index("ix_imports_tenant_id_job_id", table_name="imports")
    op.drop_index("ix_imports_tenant_id_created_by_created_at", table_name="imports")
    op.drop_table("imports")
