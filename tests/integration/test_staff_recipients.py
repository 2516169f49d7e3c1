"""users_who_can answers, in one statement, what load_user_principal + can + covers_store decide
user by user: active users, their role's permissions, their store scope (all, region, store,
own with or without stores)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from api.state import Resources
from tenants.auth import load_user_principal
from tenants.db import TenantScope, tenant_session
from tenants.models import Role
from tenants.staff import users_who_can
from tests.factories import Actor, Api, Tenant, expect

PERMISSIONS = ("orders:approve", "tickets:update", "customers:read")


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


async def _staff(api: Api) -> tuple[Tenant, dict[str, Actor], dict[str, str]]:
    tenant = await api.signup()
    await api.region(tenant, "East")
    stores = {
        "A": await api.store(tenant, "A01", region="East"),
        "B": await api.store(tenant, "B01", region="East"),
        "C": await api.store(tenant, "C01"),
    }
    east = [tenant.regions["East"]]
    ticket_worker = await api.custom_role(tenant, "Ticket worker", ["tickets:update", "tickets:read"])
    tenant.roles["ticket_worker"] = ticket_worker
    users = {
        "owner": tenant.owner,
        "manager_a": await api.user(tenant, "store_manager", scope={"kind": "store", "store_ids": [stores["A"]]}),
        "manager_east": await api.user(tenant, "store_manager", scope={"kind": "region", "region_ids": east}),
        "manager_all": await api.user(tenant, "store_manager"),
        "sales_own": await api.user(tenant, "sales", scope={"kind": "own"}),
        "sales_own_c": await api.user(tenant, "sales", scope={"kind": "own", "store_ids": [stores["C"]]}),
        "support_b_gone": await api.user(tenant, "support", scope={"kind": "store", "store_ids": [stores["B"]]}),
        "worker_c": await api.user(tenant, "ticket_worker", scope={"kind": "store", "store_ids": [stores["C"]]}),
    }
    gone = users["support_b_gone"].user_id
    expect(await api.client.post(f"/api/v1/users/{gone}/deactivate", headers=tenant.owner.headers), 200)
    return tenant, users, stores


async def test_users_who_can_matches_the_principal_rule(api: Api, resources: Resources) -> None:
    tenant, users, stores = await _staff(api)
    tenant_id = uuid.UUID(tenant.id)
    names = {uuid.UUID(a.user_id): name for name, a in users.items()}
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        principals = {uid: await load_user_principal(session, tenant_id, uid) for uid in names}
        for permission in PERMISSIONS:
            for store in [None, *stores.values()]:
                store_id = uuid.UUID(store) if store else None
                expected = sorted(
                    uid
                    for uid, p in principals.items()
                    if p is not None and p.can(permission) and p.covers_store(store_id)
                )
                got = await users_who_can(session, tenant_id, permission, store_id)
                assert [m.user_id for m in got] == expected, (permission, store)
                scoped = sorted(
                    uid for uid in expected if (p := principals[uid]) is not None and p.store_ids is not None
                )
                narrow = await users_who_can(session, tenant_id, permission, store_id, chain_wide=False)
                assert [m.user_id for m in narrow] == scoped, (permission, store, "scoped")

        # Spelled out for one case: who may approve orders of store A.
        approvers = await users_who_can(session, tenant_id, "orders:approve", uuid.UUID(stores["A"]))
        assert {names[m.user_id] for m in approvers} == {"owner", "manager_a", "manager_east", "manager_all"}
        # Store C's own managers (the breach notice): nobody chain-wide, nobody of region East.
        c_managers = await users_who_can(
            session, tenant_id, None, uuid.UUID(stores["C"]), chain_wide=False, where=Role.key == "store_manager"
        )
        assert c_managers == []
        workers_c = await users_who_can(session, tenant_id, "tickets:update", uuid.UUID(stores["C"]))
        assert "worker_c" in {names[m.user_id] for m in workers_c}
        assert "support_b_gone" not in {names[m.user_id] for m in workers_c}


async def test_users_who_can_is_one_statement(api: Api, resources: Resources) -> None:
    tenant, _, stores = await _staff(api)
    tenant_id = uuid.UUID(tenant.id)
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        await users_who_can(session, tenant_id, "orders:approve", None)  # the session is open and scoped
        with counted(resources) as statements:
            found = await users_who_can(session, tenant_id, "orders:approve", uuid.UUID(stores["B"]))
        assert len(found) == 3  # owner, the region manager, the chain-wide manager
        assert len(statements) == 1
