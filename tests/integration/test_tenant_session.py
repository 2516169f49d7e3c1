"""The tenant session: the scope rides with BEGIN, is transaction-local, and fails closed."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import pytest
from sqlalchemy import select, text

from api.state import Resources
from domain.customers.models import Customer as CustomerRow
from tenants.db import NoTenantError, TenantScope, platform_session, read_rows, tenant_session
from tests.factories import Api


async def test_scope_is_sent_with_begin_in_one_message(resources: Resources, monkeypatch: pytest.MonkeyPatch) -> None:
    async with platform_session(resources.sessions) as session:  # the dialect's first-connect queries
        await session.execute(text("SELECT 1"))
    sent: list[str] = []
    original = asyncpg.Connection.execute

    async def recording(self: asyncpg.Connection, query: str, *args: Any, **kwargs: Any) -> str:
        sent.append(query)
        return await original(self, query, *args, **kwargs)

    monkeypatch.setattr(asyncpg.Connection, "execute", recording)
    tenant = uuid.uuid4()
    store = uuid.uuid4()
    async with tenant_session(resources.sessions, TenantScope(tenant, (store,))) as session:
        seen = (
            await session.execute(text("SELECT current_setting('app.tenant_id'), current_setting('app.store_ids')"))
        ).one()
    assert tuple(seen) == (str(tenant), str(store))
    assert sent == [
        f"BEGIN; SELECT set_config('app.tenant_id', '{tenant}', true), set_config('app.store_ids', '{store}', true);",
        "COMMIT;",
    ]


async def test_setting_does_not_survive_the_transaction(resources: Resources) -> None:
    async with tenant_session(resources.sessions, TenantScope(uuid.uuid4())) as session:
        await session.execute(text("SELECT 1"))
    async with platform_session(resources.sessions) as session:
        value = (await session.execute(text("SELECT current_setting('app.tenant_id', true)"))).scalar_one()
    assert value in (None, "")  # unset and reset-to-empty are both "no tenant" to the policies


async def test_unused_scope_is_never_applied_to_a_later_transaction(resources: Resources) -> None:
    async with tenant_session(resources.sessions, TenantScope(uuid.uuid4())):
        pass  # no statement: the scope was prepared for a BEGIN that never happened
    async with platform_session(resources.sessions) as session:
        value = (await session.execute(text("SELECT current_setting('app.tenant_id', true)"))).scalar_one()
    assert value in (None, "")


async def test_no_tenant_is_refused(resources: Resources) -> None:
    with pytest.raises(NoTenantError):
        async with tenant_session(resources.sessions, None):
            pass
    with pytest.raises(NoTenantError):
        TenantScope("not-a-uuid").as_sql()  # type: ignore[arg-type]


async def test_one_statement_read_is_fenced_by_row_level_security_alone(resources: Resources, api: Api) -> None:
    """read_rows sets the scope inside its single statement, before the scan: with no tenant
    filter in the query at all, the policies still show only the scoped tenant's rows."""
    first, second = await api.signup(), await api.signup()
    await api.customer(first.owner, name="甲")
    await api.customer(second.owner, name="乙")
    await api.customer(second.owner, name="丙")
    everyone = select(CustomerRow.name).order_by(CustomerRow.name)  # deliberately unfiltered
    for tenant, names in ((first, ["甲"]), (second, ["丙", "乙"])):
        scope = TenantScope(uuid.UUID(tenant.id))
        async with tenant_session(resources.sessions, scope) as session:
            rows = await read_rows(session, scope, everyone)
        assert [r.name for r in rows] == sorted(names)
    async with platform_session(resources.sessions) as session:  # the setting ended with the statement
        value = (await session.execute(text("SELECT current_setting('app.tenant_id', true)"))).scalar_one()
    assert value in (None, "")


async def test_one_statement_read_is_one_message_and_joins_a_begun_transaction(
    resources: Resources, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = await api.signup()
    await api.customer(tenant.owner, name="丁")
    scope = TenantScope(uuid.UUID(tenant.id))
    query = select(CustomerRow.name)
    sent: list[str] = []
    original = asyncpg.Connection.execute

    async def recording(self: asyncpg.Connection, statement: str, *args: Any, **kwargs: Any) -> str:
        sent.append(statement)
        return await original(self, statement, *args, **kwargs)

    monkeypatch.setattr(asyncpg.Connection, "execute", recording)
    async with tenant_session(resources.sessions, scope) as session:
        assert [r.name for r in await read_rows(session, scope, query)] == ["丁"]
    assert sent == []  # no BEGIN, no COMMIT: the read was its own implicit transaction
    async with tenant_session(resources.sessions, scope) as session:
        await session.execute(text("SELECT 1"))  # the transaction has begun, with its scope
        assert [r.name for r in await read_rows(session, scope, query)] == ["丁"]
    assert [s.split(";")[0] for s in sent] == ["BEGIN", "COMMIT"]
