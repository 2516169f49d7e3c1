"""Long jobs: the `jobs` table users see (RLS forced), and PgQueuer's queue that runs them, as
PgQueuer 1.6 installs it (platform tables: a queue entry carries only a tenant and a job id; the
app role gets DML on them, the owner keeps them).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from pgqueuer.adapters.persistence.qb import QueryBuilderEnvironment
from sqlalchemy.dialects import postgresql
from sqlalchemy.util import await_only

from migrations.rls import add_default_role_permissions, app_role, grant_platform_table, protect_tenant_table

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# The default roles that may export customer and order lists (tenants/permissions.py when this was written).
EXPORTERS = ("owner", "admin", "regional_manager", "store_manager")
QUEUE_TABLES = ("pgqueuer", "pgqueuer_log", "pgqueuer_schedules", "pgqueuer_statistics")


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("params", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("progress", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("result", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "created_by"], ["users.tenant_id", "users.id"], name=op.f("fk_jobs_tenant_id_created_by")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_jobs")),
    )
    op.create_index(
        "ix_jobs_tenant_id_created_by_created_at", "jobs", ["tenant_id", "created_by", "created_at"], unique=False
    )
    protect_tenant_table("jobs")
    _script(QueryBuilderEnvironment().build_install_query(create_schema=False))
    for table in QUEUE_TABLES:
        grant_platform_table(table, "SELECT, INSERT, UPDATE, DELETE")
    add_default_role_permissions({key: ["customers:export", "orders:export"] for key in EXPORTERS})
    sequences = ", ".join(f"{t}_id_seq" for t in QUEUE_TABLES)
    op.execute(f"GRANT USAGE, SELECT ON SEQUENCE {sequences} TO {app_role()}")


def _script(sql: str) -> None:
    """Several statements (PgQueuer's DDL has function bodies): asyncpg's simple protocol takes
    them in one message, in the migration's transaction; a prepared statement takes one."""
    await_only(op.get_bind().connection.driver_connection.execute(sql))


def downgrade() -> None:
    _script(QueryBuilderEnvironment().build_uninstall_query())
    op.drop_index("ix_jobs_tenant_id_created_by_created_at", table_name="jobs")
    op.drop_table("jobs")
