"""Members are the chain's: a tenant setting shares customers with every store (the default) or
keeps each one to its home store; customers get a preferred language for the messages they receive.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.rls import protect_tenant_table, restrict_to_store_scope

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The tenant of the session shares its customers chain-wide.
CHAIN_WIDE = (
    "EXISTS (SELECT 1 FROM tenants WHERE tenants.id = "
    "(SELECT nullif(current_setting('app.tenant_id', true), '')::uuid) AND tenants.customer_visibility = 'chain')"
)


def upgrade() -> None:
    op.add_column(
        "tenants",
        sa.Column("customer_visibility", sa.String(length=20), server_default="chain", nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_tenants_customer_visibility"), "tenants", "customer_visibility IN ('chain', 'home_store')"
    )
    op.add_column("customers", sa.Column("language", sa.String(length=10), nullable=True))
    op.create_check_constraint(op.f("ck_customers_language"), "customers", "language IN ('zh-CN', 'en')")
    restrict_to_store_scope("customers", "home_store_id", shared_when=CHAIN_WIDE)
    op.create_table(
        "customer_references",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("masked_name", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_customer_references_tenant_id_customer_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "customer_id", name=op.f("pk_customer_references")),
    )
    protect_tenant_table("customer_references")
    # Existing customers get their reference: the first character and a fixed mask (as
    # domain/customers/references.mask_name). RLS is forced on both tables, so the owner lifts
    # FORCE for this one statement, inside the migration's transaction.
    op.execute("ALTER TABLE customers NO FORCE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE customer_references NO FORCE ROW LEVEL SECURITY")
    op.execute(
        "INSERT INTO customer_references (tenant_id, customer_id, masked_name) "
        "SELECT tenant_id, id, CASE WHEN btrim(name) = '' THEN '' "
        "WHEN ascii(btrim(name)) < 128 THEN left(btrim(name), 1) || '***' "
        "ELSE left(btrim(name), 1) || '**' END FROM customers"
    )
    op.execute("ALTER TABLE customer_references FORCE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE customers FORCE ROW LEVEL SECURITY")


def downgrade() -> None:
    op.drop_table("customer_references")
    restrict_to_store_scope("customers", "home_store_id")
    op.drop_constraint(op.f("ck_customers_language"), "customers")
    op.drop_column("customers", "language")
    op.drop_constraint(op.f("ck_tenants_customer_visibility"), "tenants")
    op.drop_column("tenants", "customer_visibility")
