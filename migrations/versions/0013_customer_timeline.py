"""The customer's timeline (a read model every context feeds through the change recorder) and
the activities staff log about a customer. RLS forced on both; timeline entries of a store's
orders and tickets are fenced by store scope like the orders themselves. Existing orders, tickets
and customers are written into the timeline once, as the recorder would have.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from migrations.rls import protect_tenant_table, restrict_to_store_scope

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customer_activities",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("kind IN ('note', 'call', 'visit', 'message')", name=op.f("ck_customer_activities_kind")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "author_id"],
            ["users.tenant_id", "users.id"],
            name=op.f("fk_customer_activities_tenant_id_author_id"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_customer_activities_tenant_id_customer_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_customer_activities")),
    )
    op.create_index(
        "ix_customer_activities_tenant_id_author_id", "customer_activities", ["tenant_id", "author_id"], unique=False
    )
    op.create_index(
        "ix_customer_activities_tenant_id_customer_id",
        "customer_activities",
        ["tenant_id", "customer_id"],
        unique=False,
    )
    op.create_table(
        "customer_timeline",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_label", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("from_status", sa.String(length=30), nullable=False),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("actor_type", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_label", sa.String(length=254), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_customer_timeline_tenant_id_customer_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "store_id"],
            ["stores.tenant_id", "stores.id"],
            name=op.f("fk_customer_timeline_tenant_id_store_id"),
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_customer_timeline")),
    )
    op.create_index(
        "ix_customer_timeline_tenant_id_customer_id_occurred_at_id",
        "customer_timeline",
        ["tenant_id", "customer_id", "occurred_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_customer_timeline_tenant_id_store_id", "customer_timeline", ["tenant_id", "store_id"], unique=False
    )
    op.create_index(
        "ix_customer_timeline_tenant_id_subject_id", "customer_timeline", ["tenant_id", "subject_id"], unique=False
    )
    protect_tenant_table("customer_activities")
    protect_tenant_table("customer_timeline")
    restrict_to_store_scope("customer_timeline", "store_id")
    _backfill()


# The changes each aggregate's projection writes (domain/orders/events.py, domain/service/events.py),
# as they were when this migration was written.
_ORDER_MOMENTS = (
    "created",
    "customer_attached",
    "submitted",
    "approved",
    "rejected",
    "fulfilled",
    "shipped",
    "delivered",
    "completed",
    "cancelled",
    "payment_recorded",
    "return_requested",
    "return_approved",
    "return_rejected",
    "return_received",
    "return_refunded",
)
_TICKET_MOMENTS = ("created", "replied", "resolved", "closed", "reopened", "csat_answered", "return_requested")
_READ = ("orders", "order_events", "tickets", "ticket_events", "customers", "users", "customer_timeline")


def _backfill() -> None:
    """RLS is forced on every table involved: the owner lifts FORCE for these statements only."""
    for table in _READ:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    columns = (
        "tenant_id, id, customer_id, store_id, occurred_at, subject_type, subject_id, subject_label, kind, "
        "from_status, to_status, actor_type, actor_id, actor_label, note, data, created_at"
    )
    for subject, table, events, owner, moments in (
        ("order", "orders", "order_events", "order_id", _ORDER_MOMENTS),
        ("ticket", "tickets", "ticket_events", "ticket_id", _TICKET_MOMENTS),
    ):
        kinds = ", ".join(f"'{k}'" for k in moments)  # constants above, no input
        op.execute(
            f"INSERT INTO customer_timeline ({columns}) "  # noqa: S608
            f"SELECT e.tenant_id, e.id, a.customer_id, a.store_id, e.created_at, '{subject}', a.id, a.number, "
            f"'{subject}.' || e.kind, e.from_status, e.to_status, e.actor_type, e.actor_id, e.actor_label, e.note, "
            f"e.data, e.created_at FROM {events} e JOIN {table} a ON a.tenant_id = e.tenant_id AND a.id = e.{owner} "
            f"WHERE a.customer_id IS NOT NULL AND e.kind IN ({kinds})"
        )
    op.execute(
        f"INSERT INTO customer_timeline ({columns}) "  # noqa: S608
        "SELECT c.tenant_id, gen_random_uuid(), c.id, NULL, c.created_at, 'customer', c.id, '', 'customer.created', "
        "'', '', CASE WHEN u.id IS NULL THEN 'system' ELSE 'user' END, u.id, coalesce(u.email, 'system'), '', NULL, "
        "c.created_at FROM customers c LEFT JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.created_by"
    )
    for table in _READ:
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def downgrade() -> None:
    op.drop_index("ix_customer_timeline_tenant_id_subject_id", table_name="customer_timeline")
    op.drop_index("ix_customer_timeline_tenant_id_store_id", table_name="customer_timeline")
    op.drop_index("ix_customer_timeline_tenant_id_customer_id_occurred_at_id", table_name="customer_timeline")
    op.drop_table("customer_timeline")
    op.drop_index("ix_customer_activities_tenant_id_customer_id", table_name="customer_activities")
    op.drop_index("ix_customer_activities_tenant_id_author_id", table_name="customer_activities")
    op.drop_table("customer_activities")
