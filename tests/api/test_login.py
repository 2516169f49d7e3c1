"""Login, /me, refresh rotation and logout."""

from __future__ import annotations

from typing import Any

from tests.factories import PASSWORD, Api, Tenant, bearer, expect


async def _login(api: Api, tenant: Tenant, email: str | None = None, password: str = PASSWORD) -> dict[str, Any]:
    response = await api.client.post(
        "/api/v1/auth/login",
        json={"tenant_slug": tenant.slug, "email": email or tenant.owner.email, "password": password},
    )
    return dict(expect(response, 200))


async def test_login_returns_a_bearer_pair(api: Api) -> None:
    tenant = await api.signup()
    body = await _login(api, tenant, email="OWNER@example.com")
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer"
    assert 0 < body["expires_in"] <= 900
    assert body["refresh_token"].startswith(f"{tenant.id}.")
    me = expect(await api.client.get("/api/v1/me", headers=bearer(body["access_token"])), 200)
    assert me["user"]["id"] == tenant.owner.user_id
    assert me["user"]["last_login_at"] is not None


async def test_wrong_password_unknown_user_and_unknown_tenant_look_the_same(api: Api) -> None:
    tenant = await api.signup()
    attempts = [
        {"tenant_slug": tenant.slug, "email": tenant.owner.email, "password": "Wrong-Horse-42"},
        {"tenant_slug": tenant.slug, "email": "nobody@example.com", "password": PASSWORD},
        {"tenant_slug": "no-such-tenant-x", "email": tenant.owner.email, "password": PASSWORD},
    ]
    bodies = [expect(await api.client.post("/api/v1/auth/login", json=a), 401) for a in attempts]
    assert {b["code"] for b in bodies} == {"invalid_credentials"}
    assert {b["detail"] for b in bodies} == {"The tenant, email or password is incorrect."}


async def test_me_shows_user_tenant_permissions_and_scope(api: Api) -> None:
    tenant = await api.signup()
    await api.region(tenant, "华东")
    store = await api.store(tenant, "SH01", region="华东")
    sales = await api.user(tenant, "sales", scope={"kind": "store", "store_ids": [store]})
    me = expect(await api.client.get("/api/v1/me", headers=sales.headers), 200)
    assert set(me) == {"user", "tenant", "permissions", "scope"}
    assert me["user"]["id"] == sales.user_id
    assert me["user"]["email"] == sales.email
    assert me["user"]["role_name"] == "销售"
    assert me["tenant"]["id"] == tenant.id
    assert me["tenant"]["slug"] == tenant.slug
    assert me["permissions"] == [
        "customers:create",
        "customers:read",
        "customers:update",
        "inventory:read",
        "orders:create",
        "orders:fulfil",
        "orders:read",
        "payments:record",
        "products:read",
        "stores:read",
        "tickets:create",
        "tickets:read",
    ]
    assert me["scope"] == {"kind": "store", "region_ids": [], "store_ids": [store]}


async def test_me_needs_a_credential(api: Api) -> None:
    response = await api.client.get("/api/v1/me")
    assert expect(response, 401)["code"] == "unauthenticated"
    assert response.headers["www-authenticate"] == 'Bearer realm="api"'
    assert expect(await api.client.get("/api/v1/me", headers=bearer("nonsense")), 401)["code"] == "invalid_token"


async def test_refresh_by_body_rotates_and_the_new_access_token_works(api: Api) -> None:
    tenant = await api.signup()
    first = await _login(api, tenant)
    rotated = expect(await api.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}), 200)
    assert rotated["token_type"] == "bearer"
    assert rotated["refresh_token"] != first["refresh_token"]
    assert rotated["access_token"] != first["access_token"]
    me = expect(await api.client.get("/api/v1/me", headers=bearer(rotated["access_token"])), 200)
    assert me["user"]["id"] == tenant.owner.user_id
    again = expect(await api.client.post("/api/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]}), 200)
    assert again["refresh_token"] not in {first["refresh_token"], rotated["refresh_token"]}


async def test_reusing_a_spent_refresh_token_revokes_the_family(api: Api) -> None:
    tenant = await api.signup()
    first = await _login(api, tenant)
    rotated = expect(await api.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}), 200)
    reuse = await api.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert expect(reuse, 401)["code"] == "refresh_token_reused"
    later = await api.client.post("/api/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert expect(later, 401)["code"] == "refresh_token_reused"


async def test_refresh_with_unknown_or_malformed_token_is_401(api: Api) -> None:
    tenant = await api.signup()
    unknown = await api.client.post("/api/v1/auth/refresh", json={"refresh_token": f"{tenant.id}.not-issued"})
    assert expect(unknown, 401)["code"] == "invalid_refresh_token"
    malformed = await api.client.post("/api/v1/auth/refresh", json={"refresh_token": "garbage"})
    assert expect(malformed, 401)["code"] == "invalid_token"


async def test_cookie_refresh_needs_the_csrf_header(api: Api) -> None:
    tenant = await api.signup()
    login = await api.client.post(
        "/api/v1/auth/login",
        json={"tenant_slug": tenant.slug, "email": tenant.owner.email, "password": PASSWORD},
    )
    expect(login, 200)
    csrf = login.cookies["crm_csrf"]
    without = await api.client.post("/api/v1/auth/refresh")
    assert expect(without, 401)["code"] == "csrf_failed"
    wrong = await api.client.post("/api/v1/auth/refresh", headers={"X-CSRF-Token": "x" + csrf})
    assert expect(wrong, 401)["code"] == "csrf_failed"
    ok = await api.client.post("/api/v1/auth/refresh", headers={"X-CSRF-Token": csrf})
    body = expect(ok, 200)
    assert body["refresh_token"] != login.json()["refresh_token"]
    assert ok.cookies["crm_refresh"] == body["refresh_token"]


async def test_logout_revokes_the_refresh_token_and_clears_cookies(api: Api) -> None:
    tenant = await api.signup()
    pair = await _login(api, tenant)
    response = await api.client.post("/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})
    assert response.status_code == 204
    assert response.content == b""
    cleared = {c.split("=", 1)[0]: c.lower() for c in response.headers.get_list("set-cookie")}
    assert set(cleared) == {"crm_refresh", "crm_csrf"}
    assert "max-age=0" in cleared["crm_refresh"]
    after = await api.client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert expect(after, 401)["code"] == "refresh_token_reused"


async def test_logout_without_a_token_is_still_204(api: Api) -> None:
    response = await api.client.post("/api/v1/auth/logout")
    assert response.status_code == 204
