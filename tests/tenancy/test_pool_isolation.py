"""A pooled connection never carries one tenant's setting into the next transaction (DESIGN rule 4).

A dedicated engine with exactly one connection (pool_size=1, max_overflow=0) makes "the next
transaction" provably run on the same server backend (checked with pg_backend_pid()).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.embedded import EmbeddedUrls
from api.state import Resources
from tenants.db import NoTenantError, TenantScope, create_engine, session_factory, tenant_session
from tests.factories import Api

PID = text("SELECT pg_backend_pid()")
SETTING = text("SELECT current_setting('app.tenant_id', true)")
CUSTOMERS = text("SELECT count(*) FROM customers")


@pytest_asyncio.fixture(loop_scope="session")
async def one_connection(services: EmbeddedUrls) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(services.database_url, pool_size=1, max_overflow=0)
    yield session_factory(engine)
    await engine.dispose()


async def plain_transaction(sessions: async_sessionmaker[AsyncSession]) -> tuple[int, str | None, int]:
    """(backend pid, app.tenant_id, visible customers) in a transaction that sets no tenant."""
    async with sessions() as session, session.begin():
        pid = (await session.execute(PID)).scalar_one()
        setting = (await session.execute(SETTING)).scalar_one()
        count = (await session.execute(CUSTOMERS)).scalar_one()
    return int(pid), setting, int(count)


async def test_tenant_setting_does_not_survive_the_transaction(
    api: Api, one_connection: async_sessionmaker[AsyncSession]
) -> None:
    tenant = await api.signup()
    await api.customer(tenant.owner, name="周十")
    scope = TenantScope(uuid.UUID(tenant.id))
    async with tenant_session(one_connection, scope) as session:
        pid = (await session.execute(PID)).scalar_one()
        assert (await session.execute(SETTING)).scalar_one() == tenant.id
        assert (await session.execute(CUSTOMERS)).scalar_one() == 1
    next_pid, setting, count = await plain_transaction(one_connection)
    assert next_pid == pid  # same connection, reused from the pool
    assert setting in ("", None)
    assert count == 0


async def test_tenant_session_without_a_tenant_raises(resources: Resources) -> None:
    with pytest.raises(NoTenantError):
        async with tenant_session(resources.sessions, None):
            pass
    with pytest.raises(NoTenantError):
        async with tenant_session(resources.sessions, TenantScope("not-a-uuid")):  # type: ignore[arg-type]
            pass


async def test_resources_sessions_see_nothing_without_a_tenant(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    await api.customer(tenant.owner, name="吴十一")
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(tenant.id))) as session:
        assert (await session.execute(CUSTOMERS)).scalar_one() == 1
    for _ in range(3):  # whichever pooled connection comes back
        _, setting, count = await plain_transaction(resources.sessions)
        assert setting in ("", None)
        assert count == 0


class Boom(Exception):
    pass


async def test_python_error_inside_tenant_session_leaves_no_tenant_behind(
    api: Api, one_connection: async_sessionmaker[AsyncSession]
) -> None:
    tenant = await api.signup()
    await api.customer(tenant.owner, name="郑十二")
    seen: list[int] = []

    async def fail_inside() -> None:
        async with tenant_session(one_connection, TenantScope(uuid.UUID(tenant.id))) as session:
            seen.append((await session.execute(PID)).scalar_one())
            assert (await session.execute(CUSTOMERS)).scalar_one() == 1
            raise Boom

    with pytest.raises(Boom):
        await fail_inside()
    pid = seen[0]
    next_pid, setting, count = await plain_transaction(one_connection)
    assert next_pid == pid
    assert setting in ("", None)
    assert count == 0


async def test_sql_error_inside_tenant_session_leaves_no_tenant_behind(
    api: Api, one_connection: async_sessionmaker[AsyncSession]
) -> None:
    tenant = await api.signup()
    await api.customer(tenant.owner, name="王十三")
    seen: list[int] = []

    async def fail_inside() -> None:
        async with tenant_session(one_connection, TenantScope(uuid.UUID(tenant.id))) as session:
            seen.append((await session.execute(PID)).scalar_one())
            await session.execute(text("SELECT 1 / 0"))

    with pytest.raises(DBAPIError):
        await fail_inside()
    pid = seen[0]
    next_pid, setting, count = await plain_transaction(one_connection)
    assert next_pid == pid
    assert setting in ("", None)
    assert count == 0
