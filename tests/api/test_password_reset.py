"""Forgotten passwords: the same answer for every account, an emailed single-use link that
expires, sessions ended on reset, and a per-account and per-address budget."""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest_asyncio
from litestar.testing import AsyncTestClient
from sqlalchemy import update

from api.app import create_app
from api.settings import Settings
from api.state import Resources
from domain.integrations.mailer import TENANT_HEADER
from tenants.clock import utcnow
from tenants.db import TenantScope, tenant_session
from tenants.models import User
from tests.factories import PASSWORD, Api, expect
from tests.mail_support import Mailed, mailing_app

BASE_URL = "https://crm.example.com"
RESET = "/api/v1/auth/password-reset"
CONFIRM = "/api/v1/auth/password-reset/confirm"
LOGIN = "/api/v1/auth/login"
LINK = re.compile(re.escape(BASE_URL) + r"/reset-password\?token=([0-9a-f-]{36}\.[A-Za-z0-9_-]{43})")
NEW_PASSWORD = "Fresh-Lantern-77"


@pytest_asyncio.fixture(loop_scope="session")
async def mailed(settings: Settings) -> AsyncIterator[Mailed]:
    """An app with its own mail sink (the dev sink, on a free port)."""
    async with mailing_app(settings, base_url=BASE_URL, reset_ip_per_hour=100_000) as app:
        yield app


def _link(text: str) -> str:
    found = LINK.search(text)
    assert found is not None, text
    return found.group(1)


async def test_known_and_unknown_accounts_get_the_same_answer(api: Api, mailed: Mailed) -> None:
    tenant = await api.signup()
    known = await mailed.client.post(RESET, json={"tenant_slug": tenant.slug, "email": tenant.owner.email})
    unknown_user = await mailed.client.post(RESET, json={"tenant_slug": tenant.slug, "email": "nobody@example.com"})
    unknown_tenant = await mailed.client.post(RESET, json={"tenant_slug": "no-such-chain", "email": tenant.owner.email})
    assert [r.status_code for r in (known, unknown_user, unknown_tenant)] == [202, 202, 202]
    assert (
        known.json() == unknown_user.json() == unknown_tenant.json() == {"status": "accepted", "expires_in_minutes": 30}
    )
    assert {k: v for k, v in known.headers.items() if k not in {"date", "x-request-id"}} == {
        k: v for k, v in unknown_user.headers.items() if k not in {"date", "x-request-id"}
    }
    [mail] = await mailed.wait_for(1)
    assert [m.to for m in mailed.messages] == [tenant.owner.email]
    audit = expect(
        await api.client.get(
            "/api/v1/audit-log", params={"action": "auth.password_reset"}, headers=tenant.owner.headers
        ),
        200,
    )
    assert sorted((e["action"], e["actor_label"]) for e in audit["items"]) == [
        ("auth.password_reset_refused", "nobody@example.com"),
        ("auth.password_reset_requested", tenant.owner.email),
    ]
    assert mail.header(TENANT_HEADER) == tenant.id
    assert mail.subject == f"Chain {tenant.slug}：重置您的密码"
    _link(mail.text)


async def test_the_link_sets_the_password_once_and_ends_every_session(api: Api, mailed: Mailed) -> None:
    tenant = await api.signup()
    session = expect(
        await api.client.post(
            LOGIN, json={"tenant_slug": tenant.slug, "email": tenant.owner.email, "password": PASSWORD}
        ),
        200,
    )
    expect(await mailed.client.post(RESET, json={"tenant_slug": tenant.slug, "email": tenant.owner.email.upper()}), 202)
    [mail] = await mailed.wait_for(1)
    token = _link(mail.text)

    weak = await api.client.post(CONFIRM, json={"token": token, "password": "short"})
    assert weak.status_code == 422
    assert [e["field"] for e in weak.json()["errors"]] == ["password"]

    assert (await api.client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD})).status_code == 204
    old = await api.client.post(
        LOGIN, json={"tenant_slug": tenant.slug, "email": tenant.owner.email, "password": PASSWORD}
    )
    assert old.status_code == 401
    expect(
        await api.client.post(
            LOGIN, json={"tenant_slug": tenant.slug, "email": tenant.owner.email, "password": NEW_PASSWORD}
        ),
        200,
    )
    revoked = await api.client.post("/api/v1/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert revoked.status_code == 401

    again = await api.client.post(CONFIRM, json={"token": token, "password": "Another-Lantern-88"})
    assert again.status_code == 422
    assert again.json()["code"] == "invalid_reset_token"
    assert [e["field"] for e in again.json()["errors"]] == ["token"]


async def test_an_expired_link_is_refused(api: Api, mailed: Mailed, resources: Resources) -> None:
    tenant = await api.signup()
    expect(await mailed.client.post(RESET, json={"tenant_slug": tenant.slug, "email": tenant.owner.email}), 202)
    [mail] = await mailed.wait_for(1)
    token = _link(mail.text)
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(tenant.id))) as session:
        await session.execute(
            update(User)
            .where(User.id == uuid.UUID(tenant.owner.user_id))
            .values(reset_expires_at=utcnow() - timedelta(seconds=1))
        )
    expired = await api.client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD})
    assert expired.status_code == 422
    assert expired.json()["code"] == "invalid_reset_token"
    expect(
        await api.client.post(
            LOGIN, json={"tenant_slug": tenant.slug, "email": tenant.owner.email, "password": PASSWORD}
        ),
        200,
    )


async def test_a_newer_link_replaces_the_older_one(api: Api, mailed: Mailed) -> None:
    tenant = await api.signup()
    for _ in range(2):
        expect(await mailed.client.post(RESET, json={"tenant_slug": tenant.slug, "email": tenant.owner.email}), 202)
    first, second = await mailed.wait_for(2)
    stale = await api.client.post(CONFIRM, json={"token": _link(first.text), "password": NEW_PASSWORD})
    assert stale.json()["code"] == "invalid_reset_token"
    assert (
        await api.client.post(CONFIRM, json={"token": _link(second.text), "password": NEW_PASSWORD})
    ).status_code == 204


async def test_malformed_tokens_are_the_same_422(api: Api) -> None:
    for token in ["nope", f"{uuid.uuid4()}.guess", "not-a-uuid.abc"]:
        response = await api.client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD})
        assert response.status_code == 422, token
        assert response.json()["code"] == "invalid_reset_token"


async def test_english_users_get_the_english_email(api: Api, mailed: Mailed) -> None:
    tenant = await api.signup()
    expect(await api.client.patch("/api/v1/me", json={"locale": "en"}, headers=tenant.owner.headers), 200)
    expect(await mailed.client.post(RESET, json={"tenant_slug": tenant.slug, "email": tenant.owner.email}), 202)
    [mail] = await mailed.wait_for(1)
    assert mail.subject == f"Chain {tenant.slug}: reset your password"
    assert "The link works once" in mail.text


async def test_requests_are_limited_per_account_whether_or_not_it_exists(api: Api, mailed: Mailed) -> None:
    tenant = await api.signup()
    for email in [tenant.owner.email, "ghost@example.com"]:
        for _ in range(3):
            expect(await mailed.client.post(RESET, json={"tenant_slug": tenant.slug, "email": email}), 202)
        limited = await mailed.client.post(RESET, json={"tenant_slug": tenant.slug, "email": email})
        assert limited.status_code == 429
        assert limited.json()["code"] == "rate_limited"
        assert 0 < int(limited.headers["retry-after"]) <= 3600
    assert len(await mailed.wait_for(3)) == 3


async def test_requests_are_limited_per_address(api: Api, settings: Settings, resources: Resources) -> None:
    tenant = await api.signup()
    strict = create_app(dataclasses.replace(settings, reset_ip_per_hour=2, smtp_port=1))
    async for key in resources.redis.scan_iter(match="p:reset:ip:*"):
        await resources.redis.delete(key)
    async with AsyncTestClient(app=strict) as client:
        for i in range(2):
            expect(await client.post(RESET, json={"tenant_slug": tenant.slug, "email": f"u{i}@example.com"}), 202)
        limited = await client.post(RESET, json={"tenant_slug": tenant.slug, "email": "u9@example.com"})
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    async for key in resources.redis.scan_iter(match="p:reset:ip:*"):
        await resources.redis.delete(key)
