"""SQL for the isolation rules of DESIGN.md, used by every migration that adds a tenant table."""

from __future__ import annotations

import os

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


def restrict_to_store_scope(table: str, store_column: str) -> None:
    """A RESTRICTIVE policy: rows of a store are visible only inside the session's store scope.

    `app.store_ids` is '*' for all stores or a comma list of store ids; rows without a store stay
    visible to every store. Unset (NULL) matches only storeless rows: it fails closed. The ids are
    compared as text so that no cast can fail on the '*' marker (OR does not short-circuit).
    """
    rule = (
        f"current_setting('app.store_ids', true) = '*' OR {store_column} IS NULL "
        f"OR {store_column}::text = ANY (string_to_array(current_setting('app.store_ids', true), ','))"
    )
    op.execute(f"CREATE POLICY store_scope ON {table} AS RESTRICTIVE USING ({rule}) WITH CHECK ({rule})")


def grant_platform_table(table: str, grants: str) -> None:
    op.execute(f"GRANT {grants} ON {table} TO {app_role()}")
