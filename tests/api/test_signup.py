"""Signup: a tenant with its owner, default roles, tokens and session cookies."""

from __future__ import annotations

import uuid

from tests.factories import PASSWORD, Api, expect, unique_slug

DEFAULT_ROLE_KEYS = {
    "owner",
    "admin",
    "regional_manager",
    "store_manager",
    "sales",
    "support",
    "marketing",
    "analyst",
}


def _signup_body(**overrides: str) -> dict[str, str]:
    return {
        "tenant_name": "华联超市",
        "tenant_slug": unique_slug("hl"),
        "owner_email": "Boss@HuaLian.cn",
        "owner_password": PASSWORD,
        "owner_name": "王老板",
        **overrides,
    }


async def test_signup_returns_tenant_owner_and_tokens(api: Api) -> None:
    payload = _signup_body()
    response = await api.client.post("/api/v1/signup", json=payload)
    body = expect(response, 201)
    assert set(body) == {"tenant", "user", "access_token", "refresh_token", "token_type", "expires_in"}
    tenant, user = body["tenant"], body["user"]
    assert tenant["slug"] == payload["tenant_slug"]
    assert tenant["name"] == "华联超市"
    assert tenant["status"] == "active"
    assert tenant["currency"] == "CNY"
    assert tenant["locale"] == "zh-CN"
    assert uuid.UUID(tenant["id"]).version == 7
    assert user["email"] == "boss@hualian.cn"
    assert user["name"] == "王老板"
    assert user["status"] == "active"
    assert user["role_name"] == "店主"
    assert user["scope"] == {"kind": "all", "region_ids": [], "store_ids": []}
    assert "password_hash" not in user
    assert body["token_type"] == "bearer"
    assert 0 < body["expires_in"] <= 900
    assert body["refresh_token"].startswith(f"{tenant['id']}.")
    me = expect(await api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"}), 200)
    assert me["user"]["id"] == user["id"]
    assert me["tenant"]["id"] == tenant["id"]


async def test_signup_creates_the_eight_default_roles(api: Api) -> None:
    tenant = await api.signup()
    roles = expect(await api.client.get("/api/v1/roles", headers=tenant.owner.headers), 200)["items"]
    assert {r["key"] for r in roles} == DEFAULT_ROLE_KEYS
    assert len(roles) == 8
    assert all(r["is_system"] for r in roles)
    names = {r["key"]: r["name"] for r in roles}
    assert (names["owner"], names["sales"], names["analyst"]) == ("店主", "销售", "数据分析")  # the tenant's locale
    owner = next(r for r in roles if r["key"] == "owner")
    catalogue = expect(await api.client.get("/api/v1/permissions", headers=tenant.owner.headers), 200)["items"]
    assert owner["permissions"] == sorted(p["key"] for p in catalogue)


async def test_duplicate_slug_is_409_slug_taken(api: Api) -> None:
    tenant = await api.signup()
    response = await api.client.post("/api/v1/signup", json=_signup_body(tenant_slug=tenant.slug))
    body = expect(response, 409)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert body["code"] == "slug_taken"


async def test_bad_slug_weak_password_and_bad_email_are_listed_together(api: Api) -> None:
    slug = "Bad_Slug"
    response = await api.client.post(
        "/api/v1/signup",
        json=_signup_body(tenant_slug=slug, owner_password="password123", owner_email="not-an-email"),
    )
    body = expect(response, 422)
    assert body["code"] == "validation_failed"
    assert [e["field"] for e in body["errors"]] == ["tenant_slug", "owner_password", "owner_email"]
    login = await api.client.post(
        "/api/v1/auth/login", json={"tenant_slug": slug.lower(), "email": "not-an-email", "password": "password123"}
    )
    assert expect(login, 401)["code"] == "invalid_credentials"


async def test_reserved_slug_and_short_password_are_refused(api: Api) -> None:
    response = await api.client.post("/api/v1/signup", json=_signup_body(tenant_slug="admin", owner_password="short"))
    assert expect(response, 422)["errors"] == [
        {"field": "tenant_slug", "message": "is reserved"},
        {"field": "owner_password", "message": "must be at least 10 characters"},
    ]


async def test_unknown_fields_are_refused(api: Api) -> None:
    response = await api.client.post("/api/v1/signup", json={**_signup_body(), "status": "suspended"})
    assert expect(response, 422)["errors"] == [{"field": "status", "message": "is not a known field"}]


async def test_signup_sets_the_refresh_and_csrf_cookies(api: Api) -> None:
    response = await api.client.post("/api/v1/signup", json=_signup_body())
    body = expect(response, 201)
    cookies = {c.split("=", 1)[0]: c for c in response.headers.get_list("set-cookie")}
    assert set(cookies) == {"crm_refresh", "crm_csrf"}
    refresh = [p.strip().lower() for p in cookies["crm_refresh"].split(";")]
    assert refresh[0] == f"crm_refresh={body['refresh_token']}".lower()
    assert "httponly" in refresh
    assert "samesite=strict" in refresh
    assert "path=/api/v1/auth" in refresh
    csrf = [p.strip().lower() for p in cookies["crm_csrf"].split(";")]
    assert "httponly" not in csrf
    assert "samesite=strict" in csrf
    assert len(response.cookies["crm_csrf"]) >= 24
