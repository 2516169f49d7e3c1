"""Staff accounts: create with a password or an invite, list, update, deactivate, own password."""

from __future__ import annotations

from typing import Any

from tests.factories import PASSWORD, Actor, Api, Tenant, bearer, expect

NEW_PASSWORD = "Battery-Staple-77"


async def _create(api: Api, tenant: Tenant, actor: Actor | None = None, **fields: Any) -> Any:
    payload = {"email": "li.lei@example.com", "name": "李雷", "role_id": tenant.roles["sales"], **fields}
    return await api.client.post("/api/v1/users", json=payload, headers=(actor or tenant.owner).headers)


async def _login(api: Api, tenant: Tenant, email: str, password: str = PASSWORD) -> Any:
    return await api.client.post(
        "/api/v1/auth/login", json={"tenant_slug": tenant.slug, "email": email, "password": password}
    )


async def test_owner_creates_a_user_with_a_password_who_can_log_in(api: Api) -> None:
    tenant = await api.signup()
    body = expect(await _create(api, tenant, email="Li.Lei@Example.com", password=PASSWORD), 201)
    assert body["invite_token"] is None
    user = body["user"]
    assert user["email"] == "li.lei@example.com"
    assert user["status"] == "active"
    assert user["role_id"] == tenant.roles["sales"]
    assert user["role_name"] == "销售"
    assert (user["role_name_zh"], user["role_name_en"]) == ("销售", "Sales")  # a default role in each language
    assert user["scope"] == {"kind": "all", "region_ids": [], "store_ids": []}
    pair = expect(await _login(api, tenant, "li.lei@example.com"), 200)
    me = expect(await api.client.get("/api/v1/me", headers=bearer(pair["access_token"])), 200)
    assert me["user"]["id"] == user["id"]


async def test_user_without_password_is_invited_and_accepts_the_invite(api: Api) -> None:
    tenant = await api.signup()
    body = expect(await _create(api, tenant, email="han.meimei@example.com"), 201)
    token = body["invite_token"]
    assert isinstance(token, str)
    assert len(token) >= 24
    assert body["user"]["status"] == "invited"
    assert expect(await _login(api, tenant, "han.meimei@example.com"), 401)["code"] == "invalid_credentials"

    accept = {"tenant_slug": tenant.slug, "email": "Han.Meimei@example.com", "password": NEW_PASSWORD}
    wrong = await api.client.post("/api/v1/auth/accept-invite", json={**accept, "invite_token": "nope"})
    assert expect(wrong, 401)["code"] == "invalid_invite"
    # An address that does not parse names nobody invited: the same answer, not a 500.
    unparsable = await api.client.post(
        "/api/v1/auth/accept-invite", json={**accept, "email": "@example", "invite_token": token}
    )
    assert expect(unparsable, 401)["code"] == "invalid_invite"
    weak = await api.client.post(
        "/api/v1/auth/accept-invite", json={**accept, "invite_token": token, "password": "short"}
    )
    assert expect(weak, 422)["errors"] == [{"field": "password", "message": "must be at least 10 characters"}]

    pair = expect(await api.client.post("/api/v1/auth/accept-invite", json={**accept, "invite_token": token}), 200)
    assert pair["token_type"] == "bearer"
    me = expect(await api.client.get("/api/v1/me", headers=bearer(pair["access_token"])), 200)
    assert me["user"]["id"] == body["user"]["id"]
    assert me["user"]["status"] == "active"
    expect(await _login(api, tenant, "han.meimei@example.com", NEW_PASSWORD), 200)
    reused = await api.client.post("/api/v1/auth/accept-invite", json={**accept, "invite_token": token})
    assert expect(reused, 401)["code"] == "invalid_invite"


async def test_duplicate_email_is_409_email_taken(api: Api) -> None:
    tenant = await api.signup()
    expect(await _create(api, tenant, password=PASSWORD), 201)
    response = await _create(api, tenant, email="LI.LEI@example.com", name="另一个李雷")
    assert expect(response, 409)["code"] == "email_taken"
    owner_again = await _create(api, tenant, email=tenant.owner.email)
    assert expect(owner_again, 409)["code"] == "email_taken"


async def test_invalid_email_password_and_role_are_422(api: Api) -> None:
    tenant = await api.signup()
    assert expect(await _create(api, tenant, email="nope"), 422)["errors"] == [
        {"field": "email", "message": "is not a valid email address"}
    ]
    assert expect(await _create(api, tenant, password="password123"), 422)["errors"][0]["field"] == "password"
    other = await api.signup()
    foreign_role = await _create(api, tenant, role_id=other.roles["sales"])
    assert expect(foreign_role, 422)["errors"] == [{"field": "role_id", "message": "is not a role of this tenant"}]


async def test_list_filters_by_q_and_status(api: Api) -> None:
    tenant = await api.signup()
    expect(await _create(api, tenant, email="zhang.wei@example.com", name="张伟", password=PASSWORD), 201)
    expect(await _create(api, tenant, email="wang.fang@example.com", name="王芳"), 201)
    url, headers = "/api/v1/users", tenant.owner.headers

    async def emails(**params: Any) -> list[str]:
        return [u["email"] for u in expect(await api.client.get(url, params=params, headers=headers), 200)["items"]]

    assert await emails() == ["owner@example.com", "wang.fang@example.com", "zhang.wei@example.com"]
    assert await emails(q="zhang") == ["zhang.wei@example.com"]
    assert await emails(q="王") == ["wang.fang@example.com"]
    assert await emails(status="invited") == ["wang.fang@example.com"]
    assert await emails(status="active") == ["owner@example.com", "zhang.wei@example.com"]
    assert await emails(role_id=tenant.roles["owner"]) == ["owner@example.com"]
    assert await emails(status="inactive") == []
    page = expect(await api.client.get(url, params={"limit": 2}, headers=headers), 200)
    assert len(page["items"]) == 2
    rest = expect(await api.client.get(url, params={"limit": 2, "cursor": page["next_cursor"]}, headers=headers), 200)
    assert [u["email"] for u in rest["items"]] == ["zhang.wei@example.com"]
    assert rest["next_cursor"] is None
    bad = await api.client.get(url, params={"status": "deleted"}, headers=headers)
    assert expect(bad, 422)["code"] == "validation_failed"


async def test_patch_changes_name_role_and_scope(api: Api) -> None:
    tenant = await api.signup()
    region = await api.region(tenant, "华南")
    store = await api.store(tenant, "GZ01", region="华南")
    sales = await api.user(tenant, "sales")
    url = f"/api/v1/users/{sales.user_id}"
    updated = expect(
        await api.client.patch(
            url,
            json={
                "name": "李经理",
                "role_id": tenant.roles["store_manager"],
                "scope": {"kind": "store", "store_ids": [store]},
            },
            headers=tenant.owner.headers,
        ),
        200,
    )
    assert updated["name"] == "李经理"
    assert updated["role_id"] == tenant.roles["store_manager"]
    assert updated["role_name"] == "店长"
    assert updated["scope"] == {"kind": "store", "region_ids": [], "store_ids": [store]}
    me = expect(await api.client.get("/api/v1/me", headers=sales.headers), 200)
    assert "users:read" in me["permissions"]
    assert me["scope"]["store_ids"] == [store]

    regional = expect(
        await api.client.patch(
            url, json={"scope": {"kind": "region", "region_ids": [region]}}, headers=tenant.owner.headers
        ),
        200,
    )
    assert regional["scope"] == {"kind": "region", "region_ids": [region], "store_ids": []}
    empty = await api.client.patch(url, json={"scope": {"kind": "store"}}, headers=tenant.owner.headers)
    assert expect(empty, 422)["errors"] == [{"field": "scope.store_ids", "message": "must list at least one store"}]
    unknown = await api.client.patch(url, json={"status": "active"}, headers=tenant.owner.headers)
    assert expect(unknown, 422)["errors"] == [{"field": "status", "message": "is not a known field"}]


async def test_store_manager_can_read_users_but_not_create_them(api: Api) -> None:
    tenant = await api.signup()
    manager = await api.user(tenant, "store_manager")
    listed = expect(await api.client.get("/api/v1/users", headers=manager.headers), 200)
    assert len(listed["items"]) == 2
    response = await _create(api, tenant, actor=manager, password=PASSWORD)
    body = expect(response, 403)
    assert body["code"] == "permission_denied"
    assert body["permission"] == "users:manage"
    assert len(expect(await api.client.get("/api/v1/users", headers=tenant.owner.headers), 200)["items"]) == 2


async def test_nobody_grants_a_role_with_permissions_they_lack(api: Api) -> None:
    tenant = await api.signup()
    hr_role = expect(
        await api.client.post(
            "/api/v1/roles",
            json={
                "name": "HR",
                "permissions": [
                    "users:read",
                    "users:manage",
                    "roles:read",
                    "stores:read",
                    "customers:read",
                    "customers:create",
                    "customers:update",
                    # everything the sales role holds, so HR may hand it out
                    "products:read",
                    "inventory:read",
                    "orders:read",
                    "orders:create",
                    "orders:fulfil",
                    "payments:record",
                    "tickets:read",
                    "tickets:create",
                ],
            },
            headers=tenant.owner.headers,
        ),
        201,
    )
    tenant.roles["hr"] = hr_role["id"]
    hr = await api.user(tenant, "hr")
    admin = await api.user(tenant, "admin")

    as_admin = await _create(api, tenant, actor=hr, email="new.admin@example.com", role_id=tenant.roles["admin"])
    body = expect(as_admin, 403)
    assert body["code"] == "permission_escalation"
    assert "roles:manage" in body["detail"]
    sales = expect(await _create(api, tenant, actor=hr, email="new.sales@example.com", password=PASSWORD), 201)

    promote = await api.client.patch(
        f"/api/v1/users/{sales['user']['id']}", json={"role_id": tenant.roles["admin"]}, headers=hr.headers
    )
    assert expect(promote, 403)["code"] == "permission_escalation"
    demote_admin = await api.client.patch(
        f"/api/v1/users/{admin.user_id}", json={"role_id": tenant.roles["sales"]}, headers=hr.headers
    )
    assert expect(demote_admin, 403)["code"] == "permission_escalation"
    deactivate_admin = await api.client.post(f"/api/v1/users/{admin.user_id}/deactivate", headers=hr.headers)
    assert expect(deactivate_admin, 403)["code"] == "permission_escalation"

    users = expect(await api.client.get("/api/v1/users", headers=tenant.owner.headers), 200)["items"]
    assert {u["email"]: u["role_name"] for u in users}[admin.email] == "管理员"
    assert "new.admin@example.com" not in {u["email"] for u in users}


async def test_deactivated_user_loses_token_and_login(api: Api) -> None:
    tenant = await api.signup()
    sales = await api.user(tenant, "sales")
    expect(await api.client.get("/api/v1/me", headers=sales.headers), 200)  # principal now cached
    body = expect(await api.client.post(f"/api/v1/users/{sales.user_id}/deactivate", headers=tenant.owner.headers), 200)
    assert body["status"] == "inactive"
    assert expect(await api.client.get("/api/v1/me", headers=sales.headers), 401)["code"] == "invalid_token"
    assert expect(await api.client.get("/api/v1/customers", headers=sales.headers), 401)["code"] == "invalid_token"
    assert expect(await _login(api, tenant, sales.email), 401)["code"] == "invalid_credentials"

    again = expect(await api.client.post(f"/api/v1/users/{sales.user_id}/activate", headers=tenant.owner.headers), 200)
    assert again["status"] == "active"
    expect(await _login(api, tenant, sales.email), 200)


async def test_nobody_deactivates_themselves(api: Api) -> None:
    tenant = await api.signup()
    response = await api.client.post(f"/api/v1/users/{tenant.owner.user_id}/deactivate", headers=tenant.owner.headers)
    assert expect(response, 403)["code"] == "self_deactivation"
    assert expect(await api.client.get("/api/v1/me", headers=tenant.owner.headers), 200)["user"]["status"] == "active"


async def test_unknown_user_is_404(api: Api) -> None:
    tenant = await api.signup()
    other = await api.signup()
    url = f"/api/v1/users/{other.owner.user_id}"
    assert expect(await api.client.get(url, headers=tenant.owner.headers), 404)["code"] == "not_found"
    patched = await api.client.patch(url, json={"name": "x"}, headers=tenant.owner.headers)
    assert expect(patched, 404)["code"] == "not_found"


async def test_changing_own_password_needs_the_current_one(api: Api) -> None:
    tenant = await api.signup()
    sales = await api.user(tenant, "sales")
    url = "/api/v1/me/password"
    wrong = await api.client.post(
        url, json={"current_password": "Wrong-Horse-42", "new_password": NEW_PASSWORD}, headers=sales.headers
    )
    assert expect(wrong, 422)["errors"] == [{"field": "current_password", "message": "is incorrect"}]
    weak = await api.client.post(
        url, json={"current_password": PASSWORD, "new_password": "1234567890"}, headers=sales.headers
    )
    assert expect(weak, 422)["errors"][0]["field"] == "new_password"
    expect(await _login(api, tenant, sales.email), 200)

    ok = await api.client.post(
        url, json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}, headers=sales.headers
    )
    assert ok.status_code == 204
    expect(await _login(api, tenant, sales.email, NEW_PASSWORD), 200)
    assert expect(await _login(api, tenant, sales.email), 401)["code"] == "invalid_credentials"


async def test_a_renamed_role_reads_the_same_in_both_languages(api: Api) -> None:
    tenant = await api.signup()
    renamed = await api.client.patch(
        f"/api/v1/roles/{tenant.roles['sales']}", json={"name": "收银员"}, headers=tenant.owner.headers
    )
    expect(renamed, 200)
    created = expect(await _create(api, tenant, password=PASSWORD), 201)["user"]
    assert (created["role_name"], created["role_name_zh"], created["role_name_en"]) == ("收银员", "收银员", "收银员")
    listed = expect(await api.client.get("/api/v1/users", headers=tenant.owner.headers), 200)["items"]
    owner = next(u for u in listed if u["id"] == tenant.owner.user_id)
    assert (owner["role_name_zh"], owner["role_name_en"]) == ("店主", "Owner")
