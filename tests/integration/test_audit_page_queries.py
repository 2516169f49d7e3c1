"""A page of the audit log names its people and records in one statement, whatever the mix of
record types on it (two statements in all: the page and the names)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text

from api.state import Resources
from tenants import audit_log
from tenants.context import Ctx
from tenants.db import TenantScope, tenant_session
from tenants.permissions import ALL_PERMISSIONS
from tenants.principal import Principal, RequestMeta
from tests.factories import Api, expect
from tests.orders_support import create_order, shop


@contextmanager
def counted(resources: Resources) -> Iterator[list[str]]:
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(resources.engine.sync_engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(resources.engine.sync_engine, "before_cursor_execute", seen)


async def test_one_statement_names_a_page_of_mixed_entries(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    await api.user(s.tenant, "sales")
    await api.region(s.tenant, "华东")
    expect(await api.client.post("/api/v1/roles", json={"name": "店员", "permissions": []}, headers=owner.headers), 201)

    principal = Principal("user", uuid.UUID(s.tenant.id), uuid.UUID(owner.user_id), "owner", frozenset(ALL_PERMISSIONS))
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(s.tenant.id))) as session:
        ctx = Ctx(session=session, actor=principal, meta=RequestMeta())
        await session.execute(text("SELECT 1"))
        with counted(resources) as statements:
            page = await audit_log.list_entries(
                ctx,
                action=None,
                actor_id=None,
                target_type=None,
                target_id=None,
                since=None,
                until=None,
                limit=50,
                cursor=None,
            )
    types = {e.target_type for e in page.items}
    assert {"order", "customer", "store", "user", "region", "role"} <= types
    assert all(e.target_label for e in page.items if e.target_type in {"order", "customer", "store", "region", "role"})
    assert len(statements) == 2, statements
