"""The tenant session: the scope rides with BEGIN, is transaction-local, and fails closed."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text

from api.state import Resources
from tenants.db import NoTenantError, TenantScope, platform_session, tenant_session


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
