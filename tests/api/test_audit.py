"""The audit log: who did what to which row, with before/after values; append-only for the app."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from api.state import Resources
from tenants.db import TenantScope, tenant_session
from tests.factories import PASSWORD, Api, Tenant, expect


async def _entries(api: Api, tenant: Tenant, **params: Any) -> list[dict[str, Any]]:
    body = expect(await api.client.get("/api/v1/audit-log", params=params, headers=tenant.owner.headers), 200)
    return list(body["items"])


async def test_customer_lifecycle_is_audited_with_changes(api: Api) -> None:
    tenant = await api.signup()
    customer = await api.customer(tenant.owner, name="张三", phone="13800138000")
    url = f"/api/v1/customers/{customer['id']}"
    expect(await api.client.patch(url, json={"name": "张三丰", "tags": ["vip"]}, headers=tenant.owner.headers), 200)
    assert (await api.client.delete(url, headers=tenant.owner.headers)).status_code == 204

    entries = await _entries(api, tenant, target_type="customer", target_id=customer["id"])
    assert [e["action"] for e in entries] == ["customer.deleted", "customer.updated", "customer.created"]
    for entry in entries:
        assert entry["actor_type"] == "user"
        assert entry["actor_id"] == tenant.owner.user_id
        assert entry["actor_label"] == tenant.owner.email
        assert entry["target_type"] == "customer"
        assert entry["target_id"] == customer["id"]
        assert entry["request_id"] != ""
    deleted, updated, created = entries
    assert updated["changes"] == {
        "name": {"from": "张三", "to": "张三丰"},
        "tags": {"from": [], "to": ["vip"]},
    }
    assert created["changes"]["name"] == {"from": None, "to": "张三"}
    assert created["changes"]["phone"] == {"from": None, "to": "+8613800138000"}
    assert deleted["changes"] == {"name": "张三丰"}


async def test_login_and_user_creation_are_audited(api: Api) -> None:
    tenant = await api.signup()
    sales = await api.user(tenant, "sales")
    bad = await api.client.post(
        "/api/v1/auth/login", json={"tenant_slug": tenant.slug, "email": sales.email, "password": "Wrong-Horse-42"}
    )
    expect(bad, 401)

    created = await _entries(api, tenant, action="user.created")
    assert len(created) == 1
    assert created[0]["actor_id"] == tenant.owner.user_id
    assert created[0]["target_type"] == "user"
    assert created[0]["target_id"] == sales.user_id
    assert created[0]["changes"] == {"email": sales.email, "role": "销售", "scope": "all"}

    logins = await _entries(api, tenant, action="auth.login", target_id=sales.user_id)
    assert [(e["action"], e["actor_id"], e["actor_label"]) for e in logins] == [
        ("auth.login_failed", sales.user_id, sales.email),
        ("auth.login", sales.user_id, sales.email),
    ]
    signup = await _entries(api, tenant, action="tenant.signup")
    assert [(e["target_type"], e["target_id"]) for e in signup] == [("tenant", tenant.id)]


async def test_user_update_records_from_and_to(api: Api) -> None:
    tenant = await api.signup()
    sales = await api.user(tenant, "sales")
    expect(
        await api.client.patch(
            f"/api/v1/users/{sales.user_id}",
            json={"name": "王销售", "role_id": tenant.roles["support"]},
            headers=tenant.owner.headers,
        ),
        200,
    )
    [entry] = await _entries(api, tenant, action="user.updated")
    assert entry["changes"] == {
        "name": {"from": "Sales", "to": "王销售"},
        "role_id": {"from": tenant.roles["sales"], "to": tenant.roles["support"]},
    }


async def test_filters_narrow_the_log(api: Api) -> None:
    tenant = await api.signup()
    first = await api.customer(tenant.owner, name="甲")
    second = await api.customer(tenant.owner, name="乙")
    await api.store(tenant, "SH01")

    assert {e["target_id"] for e in await _entries(api, tenant, action="customer.")} == {first["id"], second["id"]}
    assert [e["action"] for e in await _entries(api, tenant, target_type="store")] == ["store.created"]
    by_target = await _entries(api, tenant, target_id=second["id"])
    assert [(e["action"], e["target_id"]) for e in by_target] == [("customer.created", second["id"])]
    by_actor = await _entries(api, tenant, actor_id=tenant.owner.user_id, action="customer.created")
    assert len(by_actor) == 2
    assert await _entries(api, tenant, actor_id=str(uuid.uuid4())) == []
    assert await _entries(api, tenant, action="nothing.") == []


async def test_pagination_walks_every_entry_once(api: Api) -> None:
    tenant = await api.signup()
    for i in range(5):
        await api.customer(tenant.owner, name=f"客户{i}")
    everything = await _entries(api, tenant)
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = expect(await api.client.get("/api/v1/audit-log", params=params, headers=tenant.owner.headers), 200)
        assert len(body["items"]) <= 2
        seen += [e["id"] for e in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [e["id"] for e in everything]
    assert len(seen) == 6  # signup + five customers
    ats = [e["at"] for e in everything]
    assert ats == sorted(ats, reverse=True)
    bad = await api.client.get("/api/v1/audit-log", params={"cursor": "!!"}, headers=tenant.owner.headers)
    assert expect(bad, 422)["errors"] == [{"field": "cursor", "message": "is not a cursor this API issued"}]


async def test_sales_cannot_read_the_audit_log(api: Api) -> None:
    tenant = await api.signup()
    sales = await api.user(tenant, "sales")
    response = await api.client.get("/api/v1/audit-log", headers=sales.headers)
    body = expect(response, 403)
    assert body["code"] == "permission_denied"
    assert body["permission"] == "audit:read"
    analyst = await api.user(tenant, "analyst")
    expect(await api.client.get("/api/v1/audit-log", headers=analyst.headers), 200)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET action = 'tampered' WHERE tenant_id = :tid",
        "DELETE FROM audit_log WHERE tenant_id = :tid",
    ],
    ids=["update", "delete"],
)
async def test_app_role_cannot_rewrite_the_audit_log(api: Api, resources: Resources, statement: str) -> None:
    tenant = await api.signup()
    before = await _entries(api, tenant)
    assert before != []
    tid = uuid.UUID(tenant.id)
    with pytest.raises(DBAPIError) as raised:
        async with tenant_session(resources.sessions, TenantScope(tid)) as session:
            await session.execute(text(statement), {"tid": tid})
    assert "permission denied for table audit_log" in str(raised.value.orig)
    assert await _entries(api, tenant) == before


async def test_app_role_can_only_read_and_append_audit_rows(resources: Resources, api: Api) -> None:
    tenant = await api.signup()
    tid = uuid.UUID(tenant.id)
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        rows = (
            await session.execute(text("SELECT action FROM audit_log WHERE tenant_id = :tid"), {"tid": tid})
        ).scalars()
        assert list(rows) == ["tenant.signup"]
    sales = await api.user(tenant, "sales")
    await api.login(tenant.slug, sales.email, PASSWORD)
    assert [e["action"] for e in await _entries(api, tenant, target_id=sales.user_id)] == [
        "auth.login",
        "auth.login",
        "user.created",
    ]
