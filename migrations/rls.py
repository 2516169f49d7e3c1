"""SQL for the isolation rules of DESIGN.md, used by every migration that adds a tenant table."""

from __future__ import annotations

import os

import sqlalchemy as sa
from alembic import op

TENANT_MATCH = "tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)"


def app_role() -> str:
    """The runtime role that receives DML grants (never owns anything)."""
    role = os.environ.get("APP_DB_ROLE", "crm_app")
    if not role.replace("_", "").isalnum():
        raise ValueError(f"invalid role name {role!r}")
    return role


def protect_tenant_table(table: str, *, grants: str = "SELECT, INSERT, UPDATE, DELETE") -> None:
    """Force RLS with a USING + WITH CHECK tenant policy, then grant DML to the app role."""
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant_isolation ON {table} USING ({TENANT_MATCH}) WITH CHECK ({TENANT_MATCH})")
    op.execute(f"GRANT {grants} ON {table} TO {app_role()}")


def restrict_to_store_scope(table: str, *store_columns: str, shared_when: str | None = None) -> None:
    """A RESTRICTIVE policy: rows of a store are visible only inside the session's store scope.

    `app.store_ids` is '*' for all stores or a comma list of store ids; a row is visible when any
    of its store columns is in scope, and rows without a store stay visible to every store. Unset
    (NULL) matches only storeless rows: it fails closed. The ids are compared as text so that no
    cast can fail on the '*' marker (OR does not short-circuit). `shared_when`: an SQL condition
    under which the fence is lifted for the whole table (a tenant setting that shares the rows
    chain-wide); it is uncorrelated, so PostgreSQL evaluates it once per statement.
    """
    in_scope = " OR ".join(
        f"{c} IS NULL OR {c}::text = ANY (string_to_array(current_setting('app.store_ids', true), ','))"
        for c in store_columns
    )
    rule = f"current_setting('app.store_ids', true) = '*' OR {in_scope}"
    if shared_when:
        rule = f"{rule} OR ({shared_when})"
    op.execute(f"DROP POLICY IF EXISTS store_scope ON {table}")
    op.execute(f"CREATE POLICY store_scope ON {table} AS RESTRICTIVE USING ({rule}) WITH CHECK ({rule})")


def tenant_foreign_key(table: str, column: str, target: str, *, cascade: bool = False) -> sa.ForeignKeyConstraint:
    """The composite `(tenant_id, column)` → `target(tenant_id, id)` key of DESIGN rule 1, named as
    the models' naming convention names it."""
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{target}.tenant_id", f"{target}.id"],
        name=op.f(f"fk_{table}_tenant_id_{column}"),
        ondelete="CASCADE" if cascade else None,
    )


def grant_platform_table(table: str, grants: str) -> None:
    op.execute(f"GRANT {grants} ON {table} TO {app_role()}")


def add_default_role_permissions(role_permissions: dict[str, list[str]]) -> None:
    """Give existing tenants' default roles the permissions a new module brings (custom roles are
    the tenant's to change). RLS is forced on roles, so the owner lifts FORCE for this one
    statement, inside the migration's transaction."""

    def plain(word: str) -> str:
        if not word.replace(":", "").replace("_", "").isalnum():
            raise ValueError(f"unexpected permission or role key {word!r}")
        return word

    op.execute("ALTER TABLE roles NO FORCE ROW LEVEL SECURITY")
    for key, permissions in role_permissions.items():
        values = ", ".join(f"'{plain(p)}'" for p in permissions)
        # Only identifier characters reach the SQL (checked by plain()).
        op.execute(
            f"UPDATE roles SET permissions = ARRAY(SELECT DISTINCT unnest(permissions || ARRAY[{values}]::varchar[]) "  # noqa: S608
            f"ORDER BY 1) WHERE is_system AND key = '{plain(key)}'"
        )
    op.execute("ALTER TABLE roles FORCE ROW LEVEL SECURITY")
