"""Invitations arrive by email (in the invited user's language) with a link that works, and
inviting again sends a fresh link that replaces the old one."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest_asyncio

from api.settings import Settings
from domain.integrations.mailer import TENANT_HEADER
from tests.factories import PASSWORD, Api, Tenant, bearer, expect
from tests.mail_support import Mailed, mailing_app

BASE_URL = "https://crm.example.com"
LINK = re.compile(re.escape(BASE_URL) + r"/accept-invite\?\S+")
NEW_PASSWORD = "Plum-Blossom-64"


@pytest_asyncio.fixture(loop_scope="session")
async def mailed(settings: Settings) -> AsyncIterator[Mailed]:
    async with mailing_app(settings, base_url=BASE_URL) as app:
        yield app


async def _invite(mailed: Mailed, tenant: Tenant, email: str, **fields: Any) -> dict[str, Any]:
    body = {"email": email, "name": "韩梅梅", "role_id": tenant.roles["sales"], **fields}
    return dict(expect(await mailed.client.post("/api/v1/users", json=body, headers=tenant.owner.headers), 201))


def _accept_body(text: str) -> dict[str, str]:
    found = LINK.search(text)
    assert found is not None, text
    query = parse_qs(urlsplit(found.group(0)).query)
    return {"tenant_slug": query["tenant"][0], "email": query["email"][0], "invite_token": query["token"][0]}


async def test_the_invitation_email_arrives_with_a_working_link(api: Api, mailed: Mailed) -> None:
    tenant = await api.signup()
    created = await _invite(mailed, tenant, "han.meimei@example.com")
    [mail] = await mailed.wait_for(1)
    assert mail.to == "han.meimei@example.com"
    assert mail.subject == f"Owner 邀请您加入 Chain {tenant.slug}"
    assert mail.header(TENANT_HEADER) == tenant.id
    assert "韩梅梅，您好" in mail.text
    accept = _accept_body(mail.text)
    assert accept == {
        "tenant_slug": tenant.slug,
        "email": "han.meimei@example.com",
        "invite_token": created["invite_token"],
    }
    pair = expect(await api.client.post("/api/v1/auth/accept-invite", json={**accept, "password": NEW_PASSWORD}), 200)
    me = expect(await api.client.get("/api/v1/me", headers=bearer(pair["access_token"])), 200)
    assert (me["user"]["id"], me["user"]["status"]) == (created["user"]["id"], "active")


async def test_english_users_get_the_english_invitation(api: Api, mailed: Mailed) -> None:
    tenant = await api.signup()
    await _invite(mailed, tenant, "lily@example.com", name="Lily", locale="en")
    [mail] = await mailed.wait_for(1)
    assert mail.subject == f"Owner invited you to Chain {tenant.slug}"
    assert mail.text.startswith("Hello Lily,")
    _accept_body(mail.text)


async def test_inviting_again_sends_a_new_link_and_the_old_one_stops_working(api: Api, mailed: Mailed) -> None:
    tenant = await api.signup()
    created = await _invite(mailed, tenant, "late@example.com")
    user_id = created["user"]["id"]
    again = expect(await mailed.client.post(f"/api/v1/users/{user_id}/reinvite", headers=tenant.owner.headers), 200)
    assert again["user"]["status"] == "invited"
    assert again["invite_token"] != created["invite_token"]
    first, second = await mailed.wait_for(2)
    assert second.to == "late@example.com"
    old, new = _accept_body(first.text), _accept_body(second.text)
    assert new["invite_token"] == again["invite_token"]
    stale = await api.client.post("/api/v1/auth/accept-invite", json={**old, "password": NEW_PASSWORD})
    assert expect(stale, 401)["code"] == "invalid_invite"
    expect(await api.client.post("/api/v1/auth/accept-invite", json={**new, "password": NEW_PASSWORD}), 200)

    accepted = await mailed.client.post(f"/api/v1/users/{user_id}/reinvite", headers=tenant.owner.headers)
    assert expect(accepted, 409)["code"] == "not_invited"
    audit = expect(
        await api.client.get("/api/v1/audit-log", params={"action": "user.reinvited"}, headers=tenant.owner.headers),
        200,
    )
    assert [e["target_id"] for e in audit["items"]] == [user_id]
    assert len(mailed.messages) == 2


async def test_a_user_created_with_a_password_gets_no_email(api: Api, mailed: Mailed) -> None:
    tenant = await api.signup()
    await _invite(mailed, tenant, "direct@example.com", password=PASSWORD)
    assert mailed.messages == []
