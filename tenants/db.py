"""Engine and the tenant-scoped session: the single place where app.tenant_id is set.

Every request and every job reaches tenant data through `tenant_session`. It opens one
transaction, sets `app.tenant_id` (and the caller's store scope) with a bound, transaction-local
`set_config`, and refuses to open without a tenant. Row-level security keys on those settings,
so a pooled connection never carries one tenant's setting into the next transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

ALL_STORES = "*"

_SET_SCOPE = text("SELECT set_config('app.tenant_id', :tenant_id, true), set_config('app.store_ids', :store_ids, true)")


class NoTenantError(RuntimeError):
    """A tenant session was requested without a tenant: a programming error, never user input."""


@dataclass(frozen=True, slots=True)
class TenantScope:
    """Who the transaction acts for: the tenant, and the stores whose rows it may see.

    `store_ids=None` means every store of the tenant; a tuple restricts store-owned rows
    (RESTRICTIVE policies read it) to those stores.
    """

    tenant_id: uuid.UUID
    store_ids: tuple[uuid.UUID, ...] | None = None

    def store_setting(self) -> str:
        if self.store_ids is None:
            return ALL_STORES
        return ",".join(str(s) for s in self.store_ids)


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    """Engine for the app role. No reset-on-return round trip: every session ends its own
    transaction explicitly (commit or rollback), so the pool's extra ROLLBACK is pure cost."""
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=False,
        pool_reset_on_return=None,
        echo=echo,
        connect_args={"server_settings": {"application_name": "retail-crm", "timezone": "UTC"}},
    )


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


@asynccontextmanager
async def tenant_session(
    sessions: async_sessionmaker[AsyncSession], scope: TenantScope | None
) -> AsyncIterator[AsyncSession]:
    """One transaction bound to one tenant; commits on success, rolls back on any error."""
    if scope is None or not isinstance(scope.tenant_id, uuid.UUID):
        raise NoTenantError("tenant_session needs the tenant of a verified credential")
    async with sessions() as session, session.begin():
        await bind_tenant(session, scope)
        yield session


async def bind_tenant(session: AsyncSession, scope: TenantScope) -> None:
    """Set the tenant and store scope for the rest of the current transaction only."""
    await session.execute(_SET_SCOPE, {"tenant_id": str(scope.tenant_id), "store_ids": scope.store_setting()})


@asynccontextmanager
async def platform_session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A transaction with no tenant: sees only platform tables (tenant registry, key directory)."""
    async with sessions() as session, session.begin():
        yield session


def uuid_list(values: Sequence[uuid.UUID] | None) -> tuple[uuid.UUID, ...] | None:
    return None if values is None else tuple(values)
