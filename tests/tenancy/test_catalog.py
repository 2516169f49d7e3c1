"""Catalog lint of the migrated schema (DESIGN "Tenant isolation" rules 1–3 and 8).

The catalog is read as the owner role (the migration role); privilege and RLS behaviour are
checked as the app role, which is what the API connects as. Connecting as a superuser would
make the RLS checks pass vacuously (PITFALLS).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from api.embedded import EmbeddedUrls
from tests.factories import Api

# Platform-level tables: the tenant registry (login looks tenants up by slug before any tenant
# is set), the API-key directory (maps a key's public id to its tenant before the key can be
# verified inside that tenant), the outbox's pending queue (event id → tenant, so one relay finds
# work in every tenant), public links (a hashed token → tenant resource, for pages opened without
# login) and Alembic's bookkeeping. Reviewed; extend only deliberately.
# PgQueuer's queue (migration 0015): an entry carries a tenant and a job id, the job row is the tenant's.
QUEUE_TABLES = {"pgqueuer", "pgqueuer_log", "pgqueuer_schedules", "pgqueuer_statistics"}
PLATFORM_TABLES = {"tenants", "api_key_directory", "outbox_pending", "public_links", "alembic_version", *QUEUE_TABLES}
# Platform tables that carry a tenant_id are bare lookups: exactly these columns, no tenant data.
PLATFORM_LOOKUPS = {
    "api_key_directory": ["key_id", "tenant_id"],
    "outbox_pending": ["available_at", "event_id", "tenant_id"],
    "public_links": ["created_at", "expires_at", "kind", "target_id", "tenant_id", "token_hash"],
}
TENANT_SETTING = "current_setting('app.tenant_id'"


def _engine(url: str) -> AsyncEngine:
    return create_async_engine(url, poolclass=NullPool)


@pytest_asyncio.fixture(loop_scope="session")
async def owner_conn(services: EmbeddedUrls) -> AsyncIterator[AsyncConnection]:
    engine = _engine(services.migration_database_url)
    async with engine.connect() as conn:
        yield conn
    await engine.dispose()


@pytest_asyncio.fixture(loop_scope="session")
async def app_engine(services: EmbeddedUrls) -> AsyncIterator[AsyncEngine]:
    engine = _engine(services.database_url)
    yield engine
    await engine.dispose()


def app_role(services: EmbeddedUrls) -> str:
    name = make_url(services.database_url).username
    assert name
    return name


async def rows(conn: AsyncConnection, sql: str, **params: Any) -> list[Any]:
    return list((await conn.execute(text(sql), params)).all())


async def public_tables(conn: AsyncConnection) -> dict[str, int]:
    """table name → oid, for ordinary and partitioned tables in schema public."""
    found = await rows(
        conn,
        """
        SELECT c.relname, c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        """,
    )
    return {name: oid for name, oid in found}


async def tenant_attnum(conn: AsyncConnection, oid: int) -> int | None:
    found = await rows(
        conn,
        "SELECT attnum FROM pg_attribute WHERE attrelid = :oid AND attname = 'tenant_id' AND NOT attisdropped",
        oid=oid,
    )
    return int(found[0][0]) if found else None


async def tenant_tables(conn: AsyncConnection) -> dict[str, tuple[int, int]]:
    """Tables that must follow the tenant rules: every table except the platform list."""
    out: dict[str, tuple[int, int]] = {}
    for name, oid in (await public_tables(conn)).items():
        if name in PLATFORM_TABLES:
            continue
        attnum = await tenant_attnum(conn, oid)
        assert attnum is not None, f"{name} has no tenant_id and is not in the reviewed platform list"
        out[name] = (oid, attnum)
    return out


async def in_transaction(conn: AsyncConnection, tenant_id: str | None, sql: str, **params: Any) -> None:
    """Run one statement in its own transaction, as `tenant_id` (or with no tenant set)."""
    async with conn.begin():
        if tenant_id is not None:
            await conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant_id})
        await conn.execute(text(sql), params)


async def test_schema_has_tenant_tables_and_exactly_the_platform_tables(owner_conn: AsyncConnection) -> None:
    tables = await public_tables(owner_conn)
    without_tenant = {name for name, oid in tables.items() if await tenant_attnum(owner_conn, oid) is None}
    assert without_tenant == PLATFORM_TABLES - set(PLATFORM_LOOKUPS)
    assert set(tables) >= PLATFORM_TABLES
    for table, expected in PLATFORM_LOOKUPS.items():
        columns = await rows(
            owner_conn,
            """SELECT attname FROM pg_attribute WHERE attrelid = ('public.' || :t)::regclass
               AND attnum > 0 AND NOT attisdropped ORDER BY attname""",
            t=table,
        )
        assert [c[0] for c in columns] == expected, table
    tenant = await tenant_tables(owner_conn)
    assert {"regions", "stores", "roles", "users", "customers", "audit_log"} <= set(tenant)


async def test_every_tenant_table_forces_rls_with_a_tenant_policy_on_read_and_write(
    owner_conn: AsyncConnection,
) -> None:
    tables = await tenant_tables(owner_conn)
    for name, (oid, _) in tables.items():
        flags = await rows(owner_conn, "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = :o", o=oid)
        assert flags == [(True, True)], f"{name}: RLS must be ENABLEd and FORCEd"
        policies = await rows(
            owner_conn,
            """SELECT policyname, permissive, cmd, qual, with_check FROM pg_policies
               WHERE schemaname = 'public' AND tablename = :t""",
            t=name,
        )
        tenant_policies = [
            p
            for p in policies
            if p.permissive == "PERMISSIVE"
            and p.cmd == "ALL"
            and p.qual is not None
            and p.with_check is not None
            and TENANT_SETTING in p.qual
            and TENANT_SETTING in p.with_check
            and "tenant_id =" in p.qual
            and "tenant_id =" in p.with_check
        ]
        assert len(tenant_policies) == 1, f"{name}: needs one USING + WITH CHECK policy on app.tenant_id: {policies}"
        # Permissive policies are OR-ed: any other permissive policy would widen the tenant fence.
        permissive = [p.policyname for p in policies if p.permissive == "PERMISSIVE"]
        assert permissive == [tenant_policies[0].policyname], f"{name}: extra permissive policies {permissive}"


async def test_keys_uniques_and_indexes_lead_with_tenant_id(owner_conn: AsyncConnection) -> None:
    tables = await tenant_tables(owner_conn)
    for name, (oid, attnum) in tables.items():
        pk = await rows(owner_conn, "SELECT conkey FROM pg_constraint WHERE conrelid = :o AND contype = 'p'", o=oid)
        assert len(pk) == 1, f"{name} has no primary key"
        assert pk[0][0][0] == attnum, f"{name}: primary key must be (tenant_id, ...)"
        assert len(pk[0][0]) >= 2, f"{name}: primary key must be (tenant_id, id)"
        uniques = await rows(
            owner_conn, "SELECT conname, conkey FROM pg_constraint WHERE conrelid = :o AND contype = 'u'", o=oid
        )
        for conname, conkey in uniques:
            assert conkey[0] == attnum, f"{name}.{conname}: unique constraint must start with tenant_id"
        indexes = await rows(
            owner_conn,
            """SELECT i.indexrelid::regclass::text AS name, i.indkey[0] AS first, i.indisunique
               FROM pg_index i WHERE i.indrelid = :o""",
            o=oid,
        )
        assert indexes, f"{name} has no index at all"
        for index_name, first, _unique in indexes:
            assert first == attnum, f"{name}: index {index_name} must start with tenant_id"


async def test_foreign_keys_between_tenant_tables_are_composite_on_tenant_id(owner_conn: AsyncConnection) -> None:
    tables = await tenant_tables(owner_conn)
    by_oid = {oid: (name, attnum) for name, (oid, attnum) in tables.items()}
    checked = 0
    fks = await rows(
        owner_conn,
        """SELECT c.conname, c.conrelid, c.confrelid, c.conkey, c.confkey FROM pg_constraint c
           JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' AND c.contype = 'f'""",
    )
    for conname, conrelid, confrelid, conkey, confkey in fks:
        if confrelid not in by_oid:
            continue
        assert conrelid in by_oid, f"{conname}: a platform table references a tenant table"
        _, local_tenant = by_oid[conrelid]
        _, remote_tenant = by_oid[confrelid]
        pairs = list(zip(conkey, confkey, strict=True))
        assert len(pairs) >= 2, f"{conname}: single-column foreign key to a tenant table"
        assert (local_tenant, remote_tenant) in pairs, f"{conname}: must map tenant_id to tenant_id"
        checked += 1
    assert checked >= 8  # stores→regions, users→roles, customers→stores/users x3, ...


async def test_app_role_is_unprivileged_and_owns_nothing(owner_conn: AsyncConnection, services: EmbeddedUrls) -> None:
    role = app_role(services)
    attrs = await rows(owner_conn, "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r", r=role)
    assert attrs == [(False, False)]
    owned = await rows(
        owner_conn,
        """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = :r)""",
        r=role,
    )
    assert owned == []  # tables, sequences, views, indexes
    functions = await rows(
        owner_conn,
        """SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = :r)""",
        r=role,
    )
    assert functions == []
    can_create = await rows(owner_conn, "SELECT has_schema_privilege(:r, 'public', 'CREATE')", r=role)
    assert can_create == [(False,)]
    for privilege in ("UPDATE", "DELETE", "TRUNCATE"):
        granted = await rows(owner_conn, "SELECT has_table_privilege(:r, 'public.audit_log', :p)", r=role, p=privilege)
        assert granted == [(False,)], f"the app role must not {privilege} the audit log"
    insert = await rows(owner_conn, "SELECT has_table_privilege(:r, 'public.audit_log', 'INSERT')", r=role)
    assert insert == [(True,)]
    # TRUNCATE ignores row-level security; TRIGGER/REFERENCES are not DML.
    for table in await public_tables(owner_conn):
        for privilege in ("TRUNCATE", "TRIGGER", "REFERENCES"):
            granted = await rows(
                owner_conn, "SELECT has_table_privilege(:r, :t, :p)", r=role, t=f"public.{table}", p=privilege
            )
            assert granted == [(False,)], f"the app role has {privilege} on {table}"


async def test_app_role_without_tenant_sees_no_rows_and_cannot_insert(api: Api, app_engine: AsyncEngine) -> None:
    tenant = await api.signup()
    await api.customer(tenant.owner, name="钱九")
    async with app_engine.connect() as conn:
        # Not vacuous: with the tenant set, the same role and query see the customer.
        async with conn.begin():
            await conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant.id})
            assert (await conn.execute(text("SELECT count(*) FROM customers"))).scalar_one() == 1
        async with conn.begin():
            assert (await conn.execute(text("SELECT current_setting('app.tenant_id', true)"))).scalar_one() in (
                "",
                None,
            )
            assert (await conn.execute(text("SELECT count(*) FROM customers"))).scalar_one() == 0
            assert (await conn.execute(text("SELECT count(*) FROM users"))).scalar_one() == 0
        with pytest.raises(DBAPIError) as caught:
            await in_transaction(
                conn,
                None,
                "INSERT INTO regions (tenant_id, id, name, created_at) VALUES (:t, :i, 'x', now())",
                t=tenant.id,
                i=str(uuid.uuid4()),
            )
        assert getattr(caught.value.orig, "sqlstate", None) == "42501"
        assert "row-level security" in str(caught.value.orig)


async def test_app_role_cannot_write_into_or_move_rows_to_another_tenant(api: Api, app_engine: AsyncEngine) -> None:
    tenant = await api.signup()
    other = await api.signup()
    region_id = await api.region(tenant, "华北")
    async with app_engine.connect() as conn:
        with pytest.raises(DBAPIError) as caught:
            await in_transaction(
                conn,
                tenant.id,
                "INSERT INTO regions (tenant_id, id, name, created_at) VALUES (:o, :i, 'x', now())",
                o=other.id,
                i=str(uuid.uuid4()),
            )
        assert getattr(caught.value.orig, "sqlstate", None) == "42501"
        with pytest.raises(DBAPIError) as caught:
            await in_transaction(
                conn, tenant.id, "UPDATE regions SET tenant_id = :o WHERE id = :i", o=other.id, i=region_id
            )
        assert getattr(caught.value.orig, "sqlstate", None) == "42501"
        async with conn.begin():
            await conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": other.id})
            hidden = await conn.execute(text("UPDATE regions SET name = 'stolen' WHERE id = :i"), {"i": region_id})
            assert hidden.rowcount == 0
