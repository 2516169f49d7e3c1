"""Engine and the tenant-scoped session: the single place where app.tenant_id is set.

Every request and every job reaches tenant data through `tenant_session`. It opens one
transaction, sets `app.tenant_id` (and the caller's store scope) transaction-locally, and refuses
to open without a tenant. Row-level security keys on those settings, so a pooled connection never
carries one tenant's setting into the next transaction.

Round trips: the settings ride in the same message as BEGIN (see `ScopedConnection`), so a
transaction costs BEGIN+scope, its statements and COMMIT; the pool adds no reset round trip on
release. A request that only reads goes further with `read_rows`: one statement that sets the
scope and runs the query in a single implicit transaction, one round trip in all.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import Row, Select, String, bindparam, func, select, text, true
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

ALL_STORES = "*"

_SET_SCOPE = text("SELECT set_config('app.tenant_id', :tenant_id, true), set_config('app.store_ids', :store_ids, true)")


# What a client is told to wait before retrying when the database is out of reach.
RETRY_AFTER_SECONDS = 3

# asyncpg's errors for a connection that is gone or refused: closed mid-operation, the server
# shutting down, crashed or starting up (class 57, not a cancelled statement), class 08.
_CUT = (
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.PostgresConnectionError,
)


def _raised_by_driver(exc: BaseException) -> bool:
    """An OSError out of asyncpg: the socket refused, reset or not there (a restart in progress)."""
    tb = exc.__traceback__
    while tb is not None:
        if str(tb.tb_frame.f_globals.get("__name__", "")).startswith("asyncpg"):
            return True
        tb = tb.tb_next
    return False


def unreachable(exc: BaseException) -> bool:
    """Whether `exc` says the database could not be reached (or was lost mid-statement or
    mid-COMMIT), rather than that it refused the work: the same request may succeed later."""
    seen: set[int] = set()
    found: BaseException | None = exc
    while found is not None and id(found) not in seen:
        seen.add(id(found))
        if getattr(found, "connection_invalidated", False) or isinstance(found, _CUT):
            return True
        if isinstance(found, OSError) and _raised_by_driver(found):
            return True
        found = found.__cause__ or found.__context__
    return False


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

    def plain(self) -> TenantScope:
        """The scope with every id rebuilt as a plain uuid.UUID from its integer (see `as_sql`)."""
        ids = [self.tenant_id, *(self.store_ids or ())]
        if not all(isinstance(i, uuid.UUID) for i in ids):
            raise NoTenantError("tenant and store ids must be uuid.UUID instances")
        return TenantScope(
            uuid.UUID(int=self.tenant_id.int),
            None if self.store_ids is None else tuple(uuid.UUID(int=s.int) for s in self.store_ids),
        )

    def as_sql(self) -> str:
        """The two set_config calls as SQL text, for the BEGIN message (no bind parameters there).

        Safe by type, not by escaping: only uuid.UUID values are accepted, and they are rebuilt
        from their 128-bit integer as plain uuid.UUID, whose text form is hex digits and hyphens.
        (Ids read from the database are asyncpg's uuid.UUID subclass: accepted, never trusted.)
        """
        plain = self.plain()
        return (
            f"SELECT set_config('app.tenant_id', '{plain.tenant_id}', true), "
            f"set_config('app.store_ids', '{plain.store_setting()}', true);"
        )


class ScopedConnection(asyncpg.Connection):  # type: ignore[misc]
    """asyncpg connection that can send the tenant settings in the same message as BEGIN."""

    _pending_scope: TenantScope | None = None

    def scope_next_begin(self, scope: TenantScope | None) -> None:
        """Arm (or disarm) the scope for the next BEGIN. Its SQL (which checks the ids) is built
        only when a BEGIN is sent: a request that only reads (`read_rows`) never sends one."""
        self._pending_scope = scope

    async def execute(self, query: str, *args: Any, timeout: float | None = None) -> str:  # noqa: ASYNC109 - asyncpg signature
        pending = self._pending_scope
        if pending is not None and not args and query.startswith("BEGIN"):
            self._pending_scope = None
            query = f"{query} {pending.as_sql()}"
        result: str = await super().execute(query, *args, timeout=timeout)
        return result


def create_engine(url: str, *, pool_size: int = 10, max_overflow: int | None = None, echo: bool = False) -> AsyncEngine:
    """Engine for the app role. No reset-on-return round trip: every session ends its own
    transaction explicitly (commit or rollback), so the pool's extra ROLLBACK is pure cost."""
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size if max_overflow is None else max_overflow,
        pool_pre_ping=False,
        pool_reset_on_return=None,
        echo=echo,
        connect_args={
            "server_settings": {"application_name": "retail-crm", "timezone": "UTC"},
            "connection_class": ScopedConnection,
        },
    )


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


async def _driver(session: AsyncSession) -> ScopedConnection | None:
    raw = await (await session.connection()).get_raw_connection()
    driver = raw.driver_connection
    return driver if isinstance(driver, ScopedConnection) else None


@asynccontextmanager
async def tenant_session(
    sessions: async_sessionmaker[AsyncSession], scope: TenantScope | None
) -> AsyncIterator[AsyncSession]:
    """One transaction bound to one tenant; commits on success, rolls back on any error."""
    if scope is None or not isinstance(scope.tenant_id, uuid.UUID):
        raise NoTenantError("tenant_session needs the tenant of a verified credential")
    async with sessions() as session, session.begin():
        driver = await _driver(session)
        try:
            if driver is not None and not driver.is_in_transaction():
                driver.scope_next_begin(scope)
            else:
                await bind_tenant(session, scope)
            yield session
            # Flush while the scope is still armed: a transaction whose only work is pending ORM
            # writes sends its BEGIN here, and must not send it after the scope is cleared below.
            await session.flush()
        finally:
            if driver is not None:
                driver.scope_next_begin(None)  # never let an unused scope reach the next transaction


@asynccontextmanager
async def tenant_wide(session: AsyncSession, scope: TenantScope) -> AsyncIterator[None]:
    """Inside the block the transaction sees every store of its tenant, then `scope` again: for
    bookkeeping a decision already authorised requires (a merge moves the person's orders of every
    store). Never for reading what the caller is shown."""
    await bind_tenant(session, TenantScope(scope.tenant_id))
    try:
        yield
    finally:
        await bind_tenant(session, scope)


async def bind_tenant(session: AsyncSession, scope: TenantScope) -> None:
    """Set the tenant and store scope for the rest of the current transaction only."""
    await session.execute(_SET_SCOPE, {"tenant_id": str(scope.tenant_id), "store_ids": scope.store_setting()})


@asynccontextmanager
async def platform_session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A transaction with no tenant: sees only platform tables (tenant registry, key directory)."""
    async with sessions() as session, session.begin():
        yield session


@functools.lru_cache(maxsize=256)
def in_scope(query: Select[Any]) -> Select[Any]:
    """`query` as one statement that first sets the scope, transaction-locally:

        SELECT scoped.* FROM (SELECT set_config('app.tenant_id', :scope_tenant_id, true), …) AS scope,
               LATERAL (<query> AND scope.tenant_id IS NOT NULL OFFSET 0) AS scoped

    The lateral reference makes the planner run the scope row before the query (a nested loop
    with `scope` outside; OFFSET 0 keeps the query from being flattened into the join), so the
    row-level security policies read the new settings. Sent outside BEGIN, the statement is its
    own implicit transaction and the settings end with it. Should the order ever differ, the
    policies would see no tenant at all and return nothing: the failure is closed.

    The scope values are bind parameters (`scope_params`), so a query built once (with its own
    bind parameters) is wrapped once and then served from SQLAlchemy's compiled cache.
    """
    settings = select(
        func.set_config("app.tenant_id", bindparam("scope_tenant_id", type_=String), True).label("tenant_id"),
        func.set_config("app.store_ids", bindparam("scope_store_ids", type_=String), True).label("store_ids"),
    ).subquery("scope")
    body = query.where(settings.c.tenant_id.is_not(None)).offset(0).lateral("scoped")
    return select(body).select_from(settings).join(body, true())


def scope_params(scope: TenantScope) -> dict[str, str]:
    plain = scope.plain()
    return {"scope_tenant_id": str(plain.tenant_id), "scope_store_ids": plain.store_setting()}


async def read_rows(
    session: AsyncSession, scope: TenantScope, query: Select[Any], params: dict[str, Any] | None = None
) -> Sequence[Row[Any]]:
    """Rows of a Core `query` (columns, not entities; `params` for its bind parameters) in the
    caller's scope.

    In a tenant session that has not begun yet (nothing sent, nothing pending to flush), the read
    is one round trip: `in_scope(query)` runs with the connection in autocommit for that one
    statement, so no BEGIN or COMMIT is sent, and the connection returns to the request's
    transaction untouched. Inside a begun transaction it is an ordinary statement of it.
    """
    conn = await session.connection()
    raw = await conn.get_raw_connection()
    driver, adapter = raw.driver_connection, raw.dbapi_connection
    pending = session.new or session.dirty or session.deleted
    if not isinstance(driver, ScopedConnection) or driver.is_in_transaction() or pending or adapter is None:
        if pending:
            await session.flush()  # a Core statement does not autoflush; the read must see them
        rows: Sequence[Row[Any]] = (await conn.execute(query, params or {})).all()
        return rows
    adapter.autocommit = True  # SQLAlchemy's asyncpg adapter then sends no BEGIN for this statement
    try:
        rows = (await conn.execute(in_scope(query), {**(params or {}), **scope_params(scope)})).all()
        return rows
    finally:
        adapter.autocommit = False


ANALYTIC_WORK_MEM = "64MB"


async def analytic_memory(session: AsyncSession) -> None:
    """Give this transaction's statements room to hash and sort a big tenant's rows in memory
    (a segment's grouped totals over 130,000 orders spilled to disk at the default 4 MB); the
    setting ends with the transaction, like the tenant's."""
    await session.execute(text("SELECT set_config('work_mem', :mem, true)"), {"mem": ANALYTIC_WORK_MEM})
