"""Loyalty: the program a tenant runs (one row, tiers inside), each member's account (balance and
tier, the row redemptions lock; CHECK balance >= 0) and the append-only points ledger (the app
role may only read and insert it; points are chain-wide, so no store fence: a member's
ledger is seen wherever she is). Orders gain the points redeemed at capture and what they
took off the total, and the member's tier discount. Permissions `loyalty:adjust` and `loyalty:manage` for the managing roles.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from migrations.rls import add_default_role_permissions, app_role, protect_tenant_table

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# tenants/permissions.py when this was written.
ADJUSTERS = ("owner", "admin", "regional_manager", "store_manager")
MANAGERS = ("owner", "admin")


def upgrade() -> None:
    op.create_table(
        "loyalty_programs",
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("earn_rate", sa.Numeric(10, 4), nullable=False),
        sa.Column("earn_rounding", sa.String(length=10), nullable=False),
        sa.Column("earn_on", sa.String(length=20), nullable=False),
        sa.Column("expiry_months", sa.Integer(), nullable=False),
        sa.Column("redeem_rate", sa.Integer(), nullable=False),
        sa.Column("tier_basis", sa.String(length=10), nullable=False),
        sa.Column("apply_tier_discount", sa.Boolean(), nullable=False),
        sa.Column("tiers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("member_prefix", sa.String(length=10), nullable=False),
        sa.Column("member_digits", sa.Integer(), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("earn_rate >= 0", name=op.f("ck_loyalty_programs_earn_rate_not_negative")),
        sa.CheckConstraint("redeem_rate > 0", name=op.f("ck_loyalty_programs_redeem_rate_positive")),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_loyalty_programs")),
        sa.UniqueConstraint("tenant_id", name=op.f("uq_loyalty_programs_tenant_id")),
    )
    op.create_table(
        "loyalty_accounts",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("member_number", sa.String(length=30), nullable=False),
        sa.Column("balance", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=30), nullable=False),
        sa.Column("expiry_checked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tier_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("balance >= 0", name=op.f("ck_loyalty_accounts_balance_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_loyalty_accounts_tenant_id_customer_id"),
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_loyalty_accounts")),
        sa.UniqueConstraint("tenant_id", "customer_id", name=op.f("uq_loyalty_accounts_tenant_id_customer_id")),
        sa.UniqueConstraint("tenant_id", "member_number", name=op.f("uq_loyalty_accounts_tenant_id_member_number")),
    )
    op.create_index(  # the daily tier review: members with a tier, least recently judged first
        "ix_loyalty_accounts_tenant_id_tier_checked_at",
        "loyalty_accounts",
        ["tenant_id", "tier_checked_at"],
        unique=False,
        postgresql_where=sa.text("tier <> ''"),
    )
    op.create_table(
        "loyalty_ledger",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=True),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("return_id", sa.Uuid(), nullable=True),
        sa.Column("store_id", sa.Uuid(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('earn', 'reverse', 'redeem', 'restore', 'adjust', 'expire')", name=op.f("ck_loyalty_ledger_kind")
        ),
        sa.CheckConstraint("points <> 0", name=op.f("ck_loyalty_ledger_points_not_zero")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "account_id"],
            ["loyalty_accounts.tenant_id", "loyalty_accounts.id"],
            name=op.f("fk_loyalty_ledger_tenant_id_account_id"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_loyalty_ledger_tenant_id_customer_id"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "order_id"],
            ["orders.tenant_id", "orders.id"],
            name=op.f("fk_loyalty_ledger_tenant_id_order_id"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "return_id"],
            ["order_returns.tenant_id", "order_returns.id"],
            name=op.f("fk_loyalty_ledger_tenant_id_return_id"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "store_id"],
            ["stores.tenant_id", "stores.id"],
            name=op.f("fk_loyalty_ledger_tenant_id_store_id"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "created_by"],
            ["users.tenant_id", "users.id"],
            name=op.f("fk_loyalty_ledger_tenant_id_created_by"),
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_loyalty_ledger")),
    )
    op.create_index(
        "ix_loyalty_ledger_tenant_id_account_id_created_at_id",
        "loyalty_ledger",
        ["tenant_id", "account_id", "created_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_loyalty_ledger_tenant_id_account_id_expires_at",
        "loyalty_ledger",
        ["tenant_id", "account_id", "expires_at"],
        unique=False,
    )
    op.create_index(
        "uq_loyalty_ledger_tenant_id_order_id_kind",
        "loyalty_ledger",
        ["tenant_id", "order_id", "kind"],
        unique=True,
        postgresql_where=sa.text("kind IN ('earn', 'redeem', 'restore')"),
    )
    op.create_index("uq_loyalty_ledger_tenant_id_return_id", "loyalty_ledger", ["tenant_id", "return_id"], unique=True)
    for column in ("customer_id", "store_id", "created_by"):
        op.create_index(f"ix_loyalty_ledger_tenant_id_{column}", "loyalty_ledger", ["tenant_id", column], unique=False)
    op.add_column("orders", sa.Column("points_redeemed", sa.Integer(), server_default=sa.text("0"), nullable=False))
    op.add_column(
        "orders", sa.Column("points_discount", sa.Numeric(14, 2), server_default=sa.text("0"), nullable=False)
    )
    op.add_column("orders", sa.Column("tier_discount", sa.Numeric(14, 2), server_default=sa.text("0"), nullable=False))
    op.create_check_constraint(op.f("ck_orders_points_redeemed_not_negative"), "orders", "points_redeemed >= 0")
    protect_tenant_table("loyalty_programs", grants="SELECT, INSERT, UPDATE")
    protect_tenant_table("loyalty_accounts", grants="SELECT, INSERT, UPDATE")
    protect_tenant_table("loyalty_ledger", grants="SELECT, INSERT")  # append-only: movements never change
    # ...but whose they are does, when two records of one customer are merged.
    op.execute(f"GRANT UPDATE (account_id, customer_id) ON loyalty_ledger TO {app_role()}")
    add_default_role_permissions({key: ["loyalty:adjust"] for key in ADJUSTERS})
    add_default_role_permissions({key: ["loyalty:manage"] for key in MANAGERS})


def downgrade() -> None:
    op.drop_constraint(op.f("ck_orders_points_redeemed_not_negative"), "orders", type_="check")
    op.drop_column("orders", "tier_discount")
    op.drop_column("orders", "points_discount")
    op.drop_column("orders", "points_redeemed")
    op.drop_table("loyalty_ledger")
    op.drop_table("loyalty_accounts")
    op.drop_table("loyalty_programs")
