"""API keys: scoped to permissions, never wider than their creator, revocable, expiring,
with last-used tracking (DESIGN "Access": same permission path as users)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from httpx import Response

from tests.factories import Api, expect

API = "/api/v1"


def assert_problem(response: Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code, body
    return dict(body)


async def test_read_only_key_reads_customers_and_nothing_else(api: Api) -> None:
    tenant = await api.signup()
    customer = await api.customer(tenant.owner, name="冯十四")
    key = await api.api_key(tenant, ["customers:read"])
    listed = expect(await api.client.get(f"{API}/customers", headers=key.headers), 200)
    assert [c["id"] for c in listed["items"]] == [customer["id"]]
    expect(await api.client.get(f"{API}/customers/{customer['id']}", headers=key.headers), 200)
    denied = [
        ("POST", f"{API}/customers", {"name": "新客"}),
        ("PATCH", f"{API}/customers/{customer['id']}", {"name": "改"}),
        ("DELETE", f"{API}/customers/{customer['id']}", None),
        ("GET", f"{API}/users", None),
        ("POST", f"{API}/users", {"email": "a@example.com", "name": "A", "role_id": tenant.roles["sales"]}),
        ("GET", f"{API}/roles", None),
        ("POST", f"{API}/roles", {"name": "r", "permissions": []}),
        ("GET", f"{API}/api-keys", None),
        ("POST", f"{API}/api-keys", {"name": "k", "scopes": ["customers:read"]}),
        ("GET", f"{API}/stores", None),
        ("GET", f"{API}/audit-log", None),
    ]
    for method, url, body in denied:
        response = await api.client.request(method, url, json=body, headers=key.headers)
        assert_problem(response, 403, "permission_denied")
    unchanged = expect(await api.client.get(f"{API}/customers", headers=tenant.owner.headers), 200)
    assert [c["id"] for c in unchanged["items"]] == [customer["id"]]
    # API keys are not users: the profile route refuses them.
    assert_problem(await api.client.get(f"{API}/me", headers=key.headers), 403, "not_a_user")


async def test_a_key_cannot_hold_permissions_its_creator_lacks(api: Api) -> None:
    tenant = await api.signup()
    await api.custom_role(tenant, "integrator", ["api_keys:manage", "api_keys:read", "customers:read"])
    integrator = await api.user(tenant, "integrator")
    body = {"name": "k", "scopes": ["customers:read", "customers:delete"]}
    escalation = await api.client.post(f"{API}/api-keys", json=body, headers=integrator.headers)
    assert_problem(escalation, 403, "permission_escalation")
    ok = await api.client.post(
        f"{API}/api-keys", json={"name": "k", "scopes": ["customers:read"]}, headers=integrator.headers
    )
    assert expect(ok, 201)["api_key"]["scopes"] == ["customers:read"]
    # A key that may manage keys cannot mint a wider one either.
    manager = await api.api_key(tenant, ["api_keys:manage", "customers:read"])
    wider = await api.client.post(
        f"{API}/api-keys", json={"name": "k2", "scopes": ["users:manage"]}, headers=manager.headers
    )
    assert_problem(wider, 403, "permission_escalation")
    keys = expect(await api.client.get(f"{API}/api-keys", headers=tenant.owner.headers), 200)
    assert len(keys["items"]) == 2  # the integrator's key and the manager key, nothing escalated


async def test_unknown_or_empty_scopes_are_422(api: Api) -> None:
    tenant = await api.signup()
    unknown = await api.client.post(
        f"{API}/api-keys",
        json={"name": "k", "scopes": ["customers:read", "customers:fly"]},
        headers=tenant.owner.headers,
    )
    body = assert_problem(unknown, 422, "validation_failed")
    assert body["errors"] == [{"field": "scopes", "message": "unknown permissions: customers:fly"}]
    empty = await api.client.post(f"{API}/api-keys", json={"name": "k", "scopes": []}, headers=tenant.owner.headers)
    assert assert_problem(empty, 422, "validation_failed")["errors"][0]["field"] == "scopes"


async def test_revoked_key_is_401(api: Api) -> None:
    tenant = await api.signup()
    key, created = await api.create_api_key(tenant, ["customers:read"])
    expect(await api.client.get(f"{API}/customers", headers=key.headers), 200)
    revoked = await api.client.delete(f"{API}/api-keys/{created['id']}", headers=tenant.owner.headers)
    assert revoked.status_code == 204
    response = await api.client.get(f"{API}/customers", headers=key.headers)
    assert_problem(response, 401, "invalid_api_key")
    assert response.headers["www-authenticate"] == 'Bearer realm="api"'
    listed = expect(await api.client.get(f"{API}/api-keys/{created['id']}", headers=tenant.owner.headers), 200)
    assert listed["revoked_at"] is not None


async def test_expired_key_is_401(api: Api) -> None:
    tenant = await api.signup()
    soon = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
    key, created = await api.create_api_key(tenant, ["customers:read"], expires_at=soon)
    expect(await api.client.get(f"{API}/customers", headers=key.headers), 200)
    await asyncio.sleep(
        max(0.0, (datetime.fromisoformat(created["expires_at"]) - datetime.now(UTC)).total_seconds()) + 0.5
    )
    assert_problem(await api.client.get(f"{API}/customers", headers=key.headers), 401, "invalid_api_key")
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    response = await api.client.post(
        f"{API}/api-keys",
        json={"name": "k", "scopes": ["customers:read"], "expires_at": past},
        headers=tenant.owner.headers,
    )
    assert assert_problem(response, 422, "validation_failed")["errors"][0]["field"] == "expires_at"


async def test_last_used_at_is_recorded(api: Api) -> None:
    tenant = await api.signup()
    key, created = await api.create_api_key(tenant, ["customers:read"])
    assert created["last_used_at"] is None
    started = datetime.now(UTC)
    expect(await api.client.get(f"{API}/customers", headers=key.headers), 200)
    after = expect(await api.client.get(f"{API}/api-keys/{created['id']}", headers=tenant.owner.headers), 200)
    assert after["last_used_at"] is not None
    used = datetime.fromisoformat(after["last_used_at"])
    assert started - timedelta(seconds=5) <= used <= datetime.now(UTC)


async def test_a_key_may_mint_a_narrower_key_owned_by_its_creator(api: Api) -> None:
    """Regression: `created_by` references users; a key-minted key used to be a 500 (FK)."""
    tenant = await api.signup()
    manager, manager_row = await api.create_api_key(tenant, ["api_keys:manage", "customers:read"])
    minted = await api.client.post(
        f"{API}/api-keys", json={"name": "child", "scopes": ["customers:read"]}, headers=manager.headers
    )
    body = expect(minted, 201)
    assert body["api_key"]["created_by"] == manager_row["created_by"] == tenant.owner.user_id
    child = {"X-API-Key": body["key"]}
    expect(await api.client.get(f"{API}/customers", headers=child), 200)
    audit = expect(
        await api.client.get(
            f"{API}/audit-log",
            params={"action": "api_key.created", "target_id": body["api_key"]["id"]},
            headers=tenant.owner.headers,
        ),
        200,
    )
    assert [(e["actor_type"], e["actor_id"]) for e in audit["items"]] == [("api_key", manager_row["id"])]
