"""Merging customers: `customers.merged_into` (the survivor a merged record answers with), the
permission `customers:merge` for the managing roles, and the likeness keys duplicates are found
by (`nb:` name + birthday, `p4:` pinyin + last four digits) written for existing customers as
search terms, the way the app writes them from now on.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

from domain.customers.search import likeness_terms  # the rule as of this migration: pinyin needs Python
from migrations.rls import add_default_role_permissions

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customers", sa.Column("merged_into", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        op.f("fk_customers_tenant_id_merged_into"),
        "customers",
        "customers",
        ["tenant_id", "merged_into"],
        ["tenant_id", "id"],
    )
    add_default_role_permissions({key: ["customers:merge"] for key in MERGERS})
    _likeness_keys()


MERGERS = ("owner", "admin", "regional_manager", "store_manager")


def _likeness_keys() -> None:
    """Existing live customers' likeness keys, 5,000 customers at a time (RLS lifted for these
    statements only)."""
    bind = op.get_bind()
    for table in ("customers", "customer_search_terms"):
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    page = sa.text(
        "SELECT tenant_id, id, name, phone, birthday FROM customers WHERE deleted_at IS NULL "
        "AND (tenant_id, id) > (:tenant_id, :id) ORDER BY tenant_id, id LIMIT 5000"
    )
    insert = sa.text(
        "INSERT INTO customer_search_terms (tenant_id, term, customer_id) VALUES (:tenant_id, :term, :customer_id) "
        "ON CONFLICT DO NOTHING"
    )
    after = {"tenant_id": uuid.UUID(int=0), "id": uuid.UUID(int=0)}
    while rows := bind.execute(page, after).all():
        terms = [
            {"tenant_id": r.tenant_id, "term": t, "customer_id": r.id}
            for r in rows
            for t in likeness_terms(r.name, r.phone, r.birthday)
        ]
        if terms:
            bind.execute(insert, terms)
        after = {"tenant_id": rows[-1].tenant_id, "id": rows[-1].id}
    for table in ("customers", "customer_search_terms"):
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def downgrade() -> None:
    op.drop_constraint(op.f("fk_customers_tenant_id_merged_into"), "customers", type_="foreignkey")
    op.drop_column("customers", "merged_into")
