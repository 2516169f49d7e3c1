"""Authentication must fail closed: every defective credential is a 401 problem+json with
WWW-Authenticate; refresh tokens rotate and reuse revokes the family; login is uniform and
rate-limited (DESIGN "Access", PITFALLS "Auth")."""

from __future__ import annotations

import base64
import dataclasses
import json
import time
import uuid
import warnings
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest_asyncio
from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from api.controllers.auth import CSRF_COOKIE, REFRESH_COOKIE
from api.settings import Settings
from api.state import Resources
from tests.factories import PASSWORD, Api, Tenant, bearer, expect

ME = "/api/v1/me"
LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def claims_for(settings: Settings, tenant: Tenant, **overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": tenant.owner.user_id,
        "tid": tenant.id,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=5),
        "jti": str(uuid.uuid4()),
        "typ": "access",
    }
    for key, value in overrides.items():
        if value is None:
            claims.pop(key, None)
        else:
            claims[key] = value
    return claims


def sign(settings: Settings, claims: dict[str, Any], key: str | None = None) -> str:
    return jwt.encode(claims, key or settings.jwt_secret, algorithm="HS256")


def assert_401(response: Response, code: str) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["www-authenticate"] == 'Bearer realm="api"'
    body = response.json()
    assert body["status"] == 401
    assert body["code"] == code, body


async def test_a_correctly_built_token_is_accepted(api: Api, settings: Settings) -> None:
    """The negative cases below differ from this one token in exactly one defect."""
    tenant = await api.signup()
    token = sign(settings, claims_for(settings, tenant))
    body = expect(await api.client.get(ME, headers=bearer(token)), 200)
    assert body["user"]["id"] == tenant.owner.user_id


async def test_no_credentials(api: Api) -> None:
    assert_401(await api.client.get(ME), "unauthenticated")
    assert_401(await api.client.get(ME, headers={"Authorization": "Bearer "}), "unauthenticated")
    assert_401(await api.client.get(ME, headers={"Authorization": "Basic b3duZXI6cGFzcw=="}), "unauthenticated")


async def test_defective_access_tokens_are_401(api: Api, settings: Settings) -> None:
    tenant = await api.signup()
    now = datetime.now(UTC)
    good = sign(settings, claims_for(settings, tenant))
    header, payload, signature = good.split(".")
    tampered_payload = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    tampered_payload["sub"] = str(uuid.uuid4())
    login = expect(
        await api.client.post(
            LOGIN, json={"tenant_slug": tenant.slug, "email": tenant.owner.email, "password": PASSWORD}
        ),
        200,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyJWT warns that the dev secret is short for HS512
        hs512 = jwt.encode(claims_for(settings, tenant), settings.jwt_secret, algorithm="HS512")
    cases = {
        "alg none": f"{b64({'alg': 'none', 'typ': 'JWT'})}.{payload}.",
        "alg none with signature": f"{b64({'alg': 'none', 'typ': 'JWT'})}.{payload}.{signature}",
        "HS512 with the right key": hs512,
        "wrong key": sign(settings, claims_for(settings, tenant), key="another-secret-of-at-least-32-bytes!!"),
        "expired": sign(
            settings, claims_for(settings, tenant, exp=now - timedelta(seconds=60), iat=now - timedelta(minutes=16))
        ),
        "nbf in the future": sign(settings, claims_for(settings, tenant, nbf=now + timedelta(seconds=60))),
        "wrong iss": sign(settings, claims_for(settings, tenant, iss="someone-else")),
        "iss substring of the expected issuer": sign(
            settings, claims_for(settings, tenant, iss=settings.jwt_issuer[:-1])
        ),
        "wrong aud": sign(settings, claims_for(settings, tenant, aud="another-api")),
        "aud list containing ours": sign(
            settings, claims_for(settings, tenant, aud=[settings.jwt_audience, "another-api"])
        ),
        "missing tid": sign(settings, claims_for(settings, tenant, tid=None)),
        "missing typ": sign(settings, claims_for(settings, tenant, typ=None)),
        "missing exp": sign(settings, claims_for(settings, tenant, exp=None)),
        "typ refresh": sign(settings, claims_for(settings, tenant, typ="refresh")),
        "tid not a uuid": sign(settings, claims_for(settings, tenant, tid="tenant-a")),
        "refresh token as bearer": login["refresh_token"],
        "tampered payload": f"{header}.{b64(tampered_payload)}.{signature}",
        "garbage": "not.a.jwt",
        "bad base64": "eyJhbGciOiJIUzI1NiJ9.%%%.xyz",
        "empty segments": "..",
    }
    for name, token in cases.items():
        response = await api.client.get(ME, headers={"Authorization": f"Bearer {token}"})
        try:
            assert_401(response, "invalid_token")
        except AssertionError as exc:
            raise AssertionError(f"case {name!r}: {exc}") from exc


async def test_token_of_another_tenant_with_a_forged_tid_is_401(api: Api, settings: Settings) -> None:
    """A validly signed token whose tid names a tenant where the user does not exist."""
    tenant = await api.signup()
    other = await api.signup()
    token = sign(settings, claims_for(settings, tenant, tid=other.id))
    assert_401(await api.client.get(ME, headers=bearer(token)), "invalid_token")


async def test_valid_token_of_a_deactivated_user_is_401(api: Api) -> None:
    tenant = await api.signup()
    sales = await api.user(tenant, "sales")
    expect(await api.client.get(ME, headers=sales.headers), 200)  # cached principal now
    expect(await api.client.post(f"/api/v1/users/{sales.user_id}/deactivate", headers=tenant.owner.headers), 200)
    assert_401(await api.client.get(ME, headers=sales.headers), "invalid_token")


async def login_pair(api: Api, tenant: Tenant) -> dict[str, Any]:
    return dict(
        expect(
            await api.client.post(
                LOGIN, json={"tenant_slug": tenant.slug, "email": tenant.owner.email, "password": PASSWORD}
            ),
            200,
        )
    )


async def test_refresh_rotates_and_reuse_revokes_the_family(api: Api) -> None:
    tenant = await api.signup()
    first = await login_pair(api, tenant)
    second = expect(await api.client.post(REFRESH, json={"refresh_token": first["refresh_token"]}), 200)
    assert second["refresh_token"] != first["refresh_token"]
    expect(await api.client.get(ME, headers=bearer(second["access_token"])), 200)
    reused = await api.client.post(REFRESH, json={"refresh_token": first["refresh_token"]})
    assert_401(reused, "refresh_token_reused")
    # The token the first rotation issued belongs to the same family: revoked too.
    assert_401(await api.client.post(REFRESH, json={"refresh_token": second["refresh_token"]}), "refresh_token_reused")
    # Another login (another family) is unaffected.
    other = await login_pair(api, tenant)
    expect(await api.client.post(REFRESH, json={"refresh_token": other["refresh_token"]}), 200)
    audit = expect(
        await api.client.get(
            "/api/v1/audit-log", params={"action": "auth.refresh_reuse_detected"}, headers=tenant.owner.headers
        ),
        200,
    )
    assert len(audit["items"]) == 2


async def test_unknown_and_malformed_refresh_tokens_are_401(api: Api) -> None:
    tenant = await api.signup()
    assert_401(
        await api.client.post(REFRESH, json={"refresh_token": f"{tenant.id}.not-a-token"}), "invalid_refresh_token"
    )
    assert_401(await api.client.post(REFRESH, json={"refresh_token": "garbage"}), "invalid_token")


async def test_logout_revokes_the_refresh_token(api: Api) -> None:
    tenant = await api.signup()
    pair = await login_pair(api, tenant)
    response = await api.client.post(LOGOUT, json={"refresh_token": pair["refresh_token"]})
    assert response.status_code == 204
    assert_401(await api.client.post(REFRESH, json={"refresh_token": pair["refresh_token"]}), "refresh_token_reused")


async def test_refresh_by_cookie_needs_the_csrf_header(api: Api) -> None:
    tenant = await api.signup()
    client = api.client
    client.cookies.clear()
    try:
        await login_pair(api, tenant)
        csrf = client.cookies.get(CSRF_COOKIE)
        assert csrf
        assert client.cookies.get(REFRESH_COOKIE)
        assert_401(await client.post(REFRESH), "csrf_failed")
        assert_401(await client.post(REFRESH, headers={"X-CSRF-Token": csrf + "x"}), "csrf_failed")
        body = expect(await client.post(REFRESH, headers={"X-CSRF-Token": csrf}), 200)
        expect(await client.get(ME, headers=bearer(body["access_token"])), 200)
        # The rotation set new cookies: the new pair works with the new CSRF value.
        new_csrf = client.cookies.get(CSRF_COOKIE)
        assert new_csrf
        assert new_csrf != csrf
        expect(await client.post(REFRESH, headers={"X-CSRF-Token": new_csrf}), 200)
    finally:
        client.cookies.clear()


async def test_wrong_password_and_unknown_user_are_indistinguishable(api: Api) -> None:
    tenant = await api.signup()
    attempts = [
        {"tenant_slug": tenant.slug, "email": tenant.owner.email, "password": "Wrong-Password-1"},
        {"tenant_slug": tenant.slug, "email": "nobody@example.com", "password": "Wrong-Password-1"},
        {"tenant_slug": "no-such-tenant-x", "email": tenant.owner.email, "password": "Wrong-Password-1"},
    ]
    responses = [await api.client.post(LOGIN, json=a) for a in attempts]
    assert [r.status_code for r in responses] == [401, 401, 401]
    assert responses[0].content == responses[1].content == responses[2].content
    assert responses[0].json()["code"] == "invalid_credentials"
    assert responses[0].headers["content-type"] == responses[1].headers["content-type"]


async def test_account_locks_after_max_failures_even_with_the_right_password(api: Api, settings: Settings) -> None:
    tenant = await api.signup()
    bad = {"tenant_slug": tenant.slug, "email": tenant.owner.email, "password": "Wrong-Password-1"}
    good = {**bad, "password": PASSWORD}
    for _ in range(settings.login_max_failures):
        assert (await api.client.post(LOGIN, json=bad)).status_code == 401
    locked = await api.client.post(LOGIN, json=good)
    assert locked.status_code == 429
    assert locked.headers["content-type"].startswith("application/problem+json")
    assert locked.json()["code"] == "account_locked"
    retry_after = int(locked.headers["retry-after"])
    assert 0 < retry_after <= settings.login_lockout_seconds
    # The lock is per tenant + account: the same email in another tenant still logs in.
    other = await api.signup(email=tenant.owner.email)
    expect(
        await api.client.post(
            LOGIN, json={"tenant_slug": other.slug, "email": other.owner.email, "password": PASSWORD}
        ),
        200,
    )


async def test_a_success_before_the_limit_clears_the_failures(api: Api, settings: Settings) -> None:
    tenant = await api.signup()
    bad = {"tenant_slug": tenant.slug, "email": tenant.owner.email, "password": "Wrong-Password-1"}
    good = {**bad, "password": PASSWORD}
    for _ in range(settings.login_max_failures - 1):
        assert (await api.client.post(LOGIN, json=bad)).status_code == 401
    expect(await api.client.post(LOGIN, json=good), 200)
    for _ in range(settings.login_max_failures - 1):
        assert (await api.client.post(LOGIN, json=bad)).status_code == 401
    expect(await api.client.post(LOGIN, json=good), 200)


@pytest_asyncio.fixture(loop_scope="session")
async def strict_client(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A second app instance with a per-IP login budget of 3 a minute."""
    strict: Litestar = create_app(dataclasses.replace(settings, login_ip_per_minute=3))
    async with AsyncTestClient(app=strict) as test_client:
        yield test_client


async def test_per_ip_login_limit(api: Api, strict_client: AsyncTestClient[Litestar], resources: Resources) -> None:
    tenant = await api.signup()
    # The per-IP counter is a fixed one-minute window shared with every other test client:
    # start at the beginning of a fresh window so the count is ours alone.
    if time.time() % 60 > 50:
        time.sleep(61 - time.time() % 60)  # noqa: ASYNC251 - deliberately block: nothing else may run
    async for key in resources.redis.scan_iter(match="p:login:ip:*"):
        await resources.redis.delete(key)
    for i in range(3):
        response = await strict_client.post(
            LOGIN, json={"tenant_slug": tenant.slug, "email": f"nobody{i}@example.com", "password": "Wrong-1-abc"}
        )
        assert response.status_code == 401
    limited = await strict_client.post(
        LOGIN, json={"tenant_slug": tenant.slug, "email": tenant.owner.email, "password": PASSWORD}
    )
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert 0 < int(limited.headers["retry-after"]) <= 60
    async for key in resources.redis.scan_iter(match="p:login:ip:*"):
        await resources.redis.delete(key)


async def test_bad_api_keys_are_401(api: Api) -> None:
    tenant = await api.signup()
    real = await api.api_key(tenant, ["customers:read"])
    expect(await api.client.get("/api/v1/customers", headers=real.headers), 200)
    key_id = real.headers["X-API-Key"].split("_")[1]
    cases = {
        "crm_0123456789abcdef_nope": "invalid_api_key",  # well-formed, unknown key id
        f"crm_{key_id}_wrong-secret": "invalid_api_key",  # known key id, wrong secret
        "garbage": "invalid_token",
        "crm__x": "invalid_token",
        "crm_0123456789abcdef_": "invalid_token",
    }
    for key, code in cases.items():
        response = await api.client.get("/api/v1/customers", headers={"X-API-Key": key})
        try:
            assert_401(response, code)
        except AssertionError as exc:
            raise AssertionError(f"key {key!r}: {exc}") from exc
