"""Roles and the permission catalogue."""

from __future__ import annotations

from typing import Any

from tenants.permissions import ALL_PERMISSIONS
from tests.factories import Api, Tenant, expect


async def _create_role(api: Api, tenant: Tenant, name: str = "Cashier", permissions: list[str] | None = None) -> Any:
    perms = ["customers:read", "customers:create"] if permissions is None else permissions
    return await api.client.post(
        "/api/v1/roles",
        json={"name": name, "description": "Front desk", "permissions": perms},
        headers=tenant.owner.headers,
    )


async def test_permission_catalogue_is_listed(api: Api) -> None:
    tenant = await api.signup()
    sales = await api.user(tenant, "sales")
    body = expect(await api.client.get("/api/v1/permissions", headers=sales.headers), 200)
    keys = [p["key"] for p in body["items"]]
    assert set(keys) == ALL_PERMISSIONS
    assert len(keys) == len(ALL_PERMISSIONS)
    read = next(p for p in body["items"] if p["key"] == "customers:read")
    assert read == {"key": "customers:read", "resource": "customers", "action": "read", "description": "View customers"}
    assert expect(await api.client.get("/api/v1/permissions"), 401)["code"] == "unauthenticated"


async def test_create_custom_role_and_read_it_back(api: Api) -> None:
    tenant = await api.signup()
    role = expect(
        await _create_role(api, tenant, permissions=["customers:read", "customers:create", "customers:read"]), 201
    )
    assert role["key"] is None
    assert role["name"] == "Cashier"
    assert role["description"] == "Front desk"
    assert role["permissions"] == ["customers:create", "customers:read"]
    assert role["is_system"] is False
    fetched = expect(await api.client.get(f"/api/v1/roles/{role['id']}", headers=tenant.owner.headers), 200)
    assert fetched == role
    listed = expect(await api.client.get("/api/v1/roles", headers=tenant.owner.headers), 200)["items"]
    assert len(listed) == 9


async def test_unknown_permission_is_422(api: Api) -> None:
    tenant = await api.signup()
    response = await _create_role(api, tenant, permissions=["customers:read", "orders:teleport"])
    assert expect(response, 422)["errors"] == [
        {"field": "permissions", "message": "unknown permissions: orders:teleport"}
    ]


async def test_duplicate_role_name_is_409(api: Api) -> None:
    tenant = await api.signup()
    expect(await _create_role(api, tenant), 201)
    assert expect(await _create_role(api, tenant), 409)["code"] == "role_name_taken"
    assert expect(await _create_role(api, tenant, name="销售"), 409)["code"] == "role_name_taken"


async def test_update_permissions_reaches_the_role_holders(api: Api) -> None:
    tenant = await api.signup()
    role = expect(await _create_role(api, tenant, permissions=["customers:read"]), 201)
    tenant.roles["cashier"] = role["id"]
    cashier = await api.user(tenant, "cashier")
    denied = await api.client.post("/api/v1/customers", json={"name": "张三"}, headers=cashier.headers)
    assert expect(denied, 403)["code"] == "permission_denied"

    updated = expect(
        await api.client.patch(
            f"/api/v1/roles/{role['id']}",
            json={"name": "Senior cashier", "permissions": ["customers:read", "customers:create"]},
            headers=tenant.owner.headers,
        ),
        200,
    )
    assert updated["name"] == "Senior cashier"
    assert updated["permissions"] == ["customers:create", "customers:read"]
    await api.customer(cashier, name="张三")
    me = expect(await api.client.get("/api/v1/me", headers=cashier.headers), 200)
    assert me["user"]["role_name"] == "Senior cashier"


async def test_system_roles_other_than_owner_can_be_edited(api: Api) -> None:
    tenant = await api.signup()
    response = await api.client.patch(
        f"/api/v1/roles/{tenant.roles['marketing']}", json={"description": "Campaigns"}, headers=tenant.owner.headers
    )
    assert expect(response, 200)["description"] == "Campaigns"


async def test_owner_role_is_locked(api: Api) -> None:
    tenant = await api.signup()
    response = await api.client.patch(
        f"/api/v1/roles/{tenant.roles['owner']}", json={"permissions": ["customers:read"]}, headers=tenant.owner.headers
    )
    assert expect(response, 403)["code"] == "owner_role_locked"
    owner = expect(await api.client.get(f"/api/v1/roles/{tenant.roles['owner']}", headers=tenant.owner.headers), 200)
    assert set(owner["permissions"]) == ALL_PERMISSIONS


async def test_system_role_cannot_be_deleted(api: Api) -> None:
    tenant = await api.signup()
    response = await api.client.delete(f"/api/v1/roles/{tenant.roles['analyst']}", headers=tenant.owner.headers)
    assert expect(response, 409)["code"] == "system_role"


async def test_role_in_use_cannot_be_deleted(api: Api) -> None:
    tenant = await api.signup()
    role = expect(await _create_role(api, tenant), 201)
    tenant.roles["cashier"] = role["id"]
    await api.user(tenant, "cashier")
    response = await api.client.delete(f"/api/v1/roles/{role['id']}", headers=tenant.owner.headers)
    assert expect(response, 409)["code"] == "role_in_use"


async def test_unused_custom_role_is_deleted(api: Api) -> None:
    tenant = await api.signup()
    role = expect(await _create_role(api, tenant), 201)
    url = f"/api/v1/roles/{role['id']}"
    response = await api.client.delete(url, headers=tenant.owner.headers)
    assert response.status_code == 204
    assert expect(await api.client.get(url, headers=tenant.owner.headers), 404)["code"] == "not_found"
    assert expect(await api.client.delete(url, headers=tenant.owner.headers), 404)["code"] == "not_found"


async def test_roles_need_roles_manage(api: Api) -> None:
    tenant = await api.signup()
    manager = await api.user(tenant, "store_manager")
    expect(await api.client.get("/api/v1/roles", headers=manager.headers), 200)
    response = await api.client.post("/api/v1/roles", json={"name": "X", "permissions": []}, headers=manager.headers)
    assert expect(response, 403)["code"] == "permission_denied"


async def test_default_roles_come_in_both_languages_until_the_tenant_edits_them(api: Api) -> None:
    tenant = await api.signup()  # a zh-CN tenant: default roles are created in Chinese
    roles = {
        r["key"]: r for r in expect(await api.client.get("/api/v1/roles", headers=tenant.owner.headers), 200)["items"]
    }
    sales = roles["sales"]
    assert (sales["name"], sales["name_zh"], sales["name_en"]) == ("销售", "销售", "Sales")
    assert (sales["description_zh"], sales["description_en"]) == ("收银与销售人员", "Cashiers and sales staff")
    assert (roles["owner"]["name_zh"], roles["owner"]["name_en"]) == ("店主", "Owner")

    edited = await api.client.patch(
        f"/api/v1/roles/{tenant.roles['sales']}", json={"name": "收银员"}, headers=tenant.owner.headers
    )
    body = expect(edited, 200)
    # The tenant's own name is the same in both languages; the untouched description stays bilingual.
    assert (body["name_zh"], body["name_en"]) == ("收银员", "收银员")
    assert (body["description_zh"], body["description_en"]) == ("收银与销售人员", "Cashiers and sales staff")

    custom = expect(await _create_role(api, tenant), 201)
    assert (custom["name_zh"], custom["name_en"], custom["description_en"]) == ("Cashier", "Cashier", "Front desk")
