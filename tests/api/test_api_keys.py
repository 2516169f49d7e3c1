"""API keys: shown once, authenticate via X-API-Key with their scopes, revocable."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from tests.factories import Api, expect

KEY = re.compile(r"^crm_([0-9a-f]{16})_([A-Za-z0-9-]+)$")


async def test_key_is_shown_once_and_never_listed(api: Api) -> None:
    tenant = await api.signup()
    created = expect(
        await api.client.post(
            "/api/v1/api-keys",
            json={"name": " POS sync ", "scopes": ["customers:read", "customers:create", "customers:read"]},
            headers=tenant.owner.headers,
        ),
        201,
    )
    match = KEY.match(created["key"])
    assert match is not None
    key_meta = created["api_key"]
    assert key_meta["key_id"] == match.group(1)
    assert key_meta["name"] == "POS sync"
    assert key_meta["scopes"] == ["customers:create", "customers:read"]
    assert key_meta["store_ids"] is None
    assert key_meta["revoked_at"] is None
    assert key_meta["created_by"] == tenant.owner.user_id
    secret = match.group(2)

    listed = await api.client.get("/api/v1/api-keys", headers=tenant.owner.headers)
    assert [k["id"] for k in expect(listed, 200)["items"]] == [key_meta["id"]]
    assert secret not in listed.text
    assert "key" not in listed.json()["items"][0]
    single = await api.client.get(f"/api/v1/api-keys/{key_meta['id']}", headers=tenant.owner.headers)
    assert expect(single, 200) == key_meta
    assert secret not in single.text


async def test_key_authenticates_within_its_scopes(api: Api) -> None:
    tenant = await api.signup()
    key = await api.api_key(tenant, ["customers:read", "customers:create"])
    created = await api.customer(key, name="接口客户")
    assert created["created_by"] is None
    listed = expect(await api.client.get("/api/v1/customers", headers=key.headers), 200)
    assert [c["name"] for c in listed["items"]] == ["接口客户"]
    denied = await api.client.delete(f"/api/v1/customers/{created['id']}", headers=key.headers)
    assert expect(denied, 403)["code"] == "permission_denied"
    assert expect(await api.client.get("/api/v1/me", headers=key.headers), 403)["code"] == "not_a_user"
    entries = expect(
        await api.client.get("/api/v1/audit-log", params={"action": "customer.created"}, headers=tenant.owner.headers),
        200,
    )["items"]
    assert [(e["actor_type"], e["actor_label"].startswith("api-key:")) for e in entries] == [("api_key", True)]


async def test_revoked_key_is_401(api: Api) -> None:
    tenant = await api.signup()
    key = await api.api_key(tenant, ["customers:read"])
    expect(await api.client.get("/api/v1/customers", headers=key.headers), 200)
    key_id = expect(await api.client.get("/api/v1/api-keys", headers=tenant.owner.headers), 200)["items"][0]["id"]
    response = await api.client.delete(f"/api/v1/api-keys/{key_id}", headers=tenant.owner.headers)
    assert response.status_code == 204
    assert expect(await api.client.get("/api/v1/customers", headers=key.headers), 401)["code"] == "invalid_api_key"
    listed = expect(await api.client.get(f"/api/v1/api-keys/{key_id}", headers=tenant.owner.headers), 200)
    assert listed["revoked_at"] is not None


async def test_wrong_secret_and_malformed_keys_are_401(api: Api) -> None:
    tenant = await api.signup()
    key = await api.api_key(tenant, ["customers:read"])
    good = key.headers["X-API-Key"]
    tampered = good[:-1] + ("A" if good[-1] != "A" else "B")
    bad = await api.client.get("/api/v1/customers", headers={"X-API-Key": tampered})
    assert expect(bad, 401)["code"] == "invalid_api_key"
    malformed = await api.client.get("/api/v1/customers", headers={"X-API-Key": "crm_nothex_secret"})
    assert expect(malformed, 401)["code"] == "invalid_token"


async def test_key_creation_is_validated(api: Api) -> None:
    tenant = await api.signup()
    url, headers = "/api/v1/api-keys", tenant.owner.headers
    empty = await api.client.post(url, json={"name": "k", "scopes": []}, headers=headers)
    assert expect(empty, 422)["errors"] == [{"field": "scopes", "message": "must list at least one permission"}]
    unknown = await api.client.post(url, json={"name": "k", "scopes": ["orders:fly"]}, headers=headers)
    assert expect(unknown, 422)["errors"] == [{"field": "scopes", "message": "unknown permissions: orders:fly"}]
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    expired = await api.client.post(
        url, json={"name": "k", "scopes": ["customers:read"], "expires_at": past}, headers=headers
    )
    assert expect(expired, 422)["errors"] == [{"field": "expires_at", "message": "must be in the future"}]
    assert expect(await api.client.get(url, headers=headers), 200)["items"] == []


async def test_key_cannot_exceed_its_creator(api: Api) -> None:
    tenant = await api.signup()
    hr = expect(
        await api.client.post(
            "/api/v1/roles",
            json={"name": "Integrator", "permissions": ["api_keys:read", "api_keys:manage", "customers:read"]},
            headers=tenant.owner.headers,
        ),
        201,
    )
    tenant.roles["integrator"] = hr["id"]
    integrator = await api.user(tenant, "integrator")
    response = await api.client.post(
        "/api/v1/api-keys", json={"name": "k", "scopes": ["customers:delete"]}, headers=integrator.headers
    )
    assert expect(response, 403)["code"] == "permission_escalation"
    ok = await api.client.post(
        "/api/v1/api-keys", json={"name": "k", "scopes": ["customers:read"]}, headers=integrator.headers
    )
    expect(ok, 201)


async def test_a_cached_key_still_checks_its_secret(api: Api) -> None:
    """A key used a moment ago is served from the principal cache; a wrong secret for the same
    key id is still 401, and the right one still works."""
    tenant = await api.signup()
    key = await api.api_key(tenant, ["customers:read"])
    good = key.headers["X-API-Key"]
    expect(await api.client.get("/api/v1/customers", headers=key.headers), 200)
    tampered = good[:-1] + ("A" if good[-1] != "A" else "B")
    assert expect(await api.client.get("/api/v1/customers", headers={"X-API-Key": tampered}), 401)["code"] == (
        "invalid_api_key"
    )
    expect(await api.client.get("/api/v1/customers", headers=key.headers), 200)
