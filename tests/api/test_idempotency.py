"""Idempotency-Key on POST: replay, reuse with another body, in flight, and concurrent retries."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import httpx
from sqlalchemy import func, select, update

from api.idempotency import principal_key
from api.settings import Settings
from api.state import Resources
from api.worker import build_sweeper
from domain.integrations import idempotency
from domain.integrations.models import IdempotencyKey
from tenants.db import TenantScope, tenant_session
from tenants.principal import Principal
from tests.factories import Api, expect
from tests.live import live_server

CUSTOMERS = "/api/v1/customers"


def _key() -> str:
    return f"idem-{uuid.uuid4()}"


async def _count(api: Api, headers: dict[str, str], name: str) -> int:
    listed = expect(await api.client.get(CUSTOMERS, params={"q": name, "limit": 200}, headers=headers), 200)
    return sum(1 for item in listed["items"] if item["name"] == name)


async def test_same_key_and_body_replays_the_stored_response(api: Api) -> None:
    tenant = await api.signup()
    headers = {**tenant.owner.headers, "Idempotency-Key": _key()}
    name = f"幂等{uuid.uuid4().hex[:6]}"

    first = await api.client.post(CUSTOMERS, json={"name": name}, headers=headers)
    second = await api.client.post(CUSTOMERS, json={"name": name}, headers=headers)

    assert first.status_code == 201
    assert "idempotent-replayed" not in first.headers
    assert second.status_code == 201
    assert second.headers["idempotent-replayed"] == "true"
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers["etag"] == first.headers["etag"]
    assert await _count(api, tenant.owner.headers, name) == 1


async def test_same_key_with_a_different_body_is_422(api: Api) -> None:
    tenant = await api.signup()
    headers = {**tenant.owner.headers, "Idempotency-Key": _key()}
    expect(await api.client.post(CUSTOMERS, json={"name": "王一"}, headers=headers), 201)

    reused = await api.client.post(CUSTOMERS, json={"name": "王二"}, headers=headers)

    body = expect(reused, 422)
    assert reused.headers["content-type"].split(";")[0] == "application/problem+json"
    assert body["code"] == "idempotency_key_reused"
    assert body["errors"] == [{"field": "Idempotency-Key", "message": "was already used for a different request"}]
    assert await _count(api, tenant.owner.headers, "王二") == 0


async def test_keys_are_per_principal_and_without_a_key_nothing_changes(api: Api) -> None:
    tenant = await api.signup()
    key = _key()
    other = await api.user(tenant, "admin")
    name = f"各自{uuid.uuid4().hex[:6]}"
    expect(
        await api.client.post(CUSTOMERS, json={"name": name}, headers={**tenant.owner.headers, "Idempotency-Key": key}),
        201,
    )
    # Another principal's identical key is its own key: a second write, not a replay.
    mine = await api.client.post(CUSTOMERS, json={"name": name}, headers={**other.headers, "Idempotency-Key": key})
    assert mine.status_code == 201
    assert "idempotent-replayed" not in mine.headers
    # No header: two POSTs, two customers.
    expect(await api.client.post(CUSTOMERS, json={"name": name}, headers=tenant.owner.headers), 201)
    assert await _count(api, tenant.owner.headers, name) == 3


async def test_an_error_response_is_not_stored_and_the_key_stays_usable(api: Api) -> None:
    tenant = await api.signup()
    headers = {**tenant.owner.headers, "Idempotency-Key": _key()}
    expect(await api.client.post(CUSTOMERS, json={"name": ""}, headers=headers), 422)
    # Same key, corrected body: the failed attempt wrote nothing and claimed nothing.
    created = await api.client.post(CUSTOMERS, json={"name": "改正"}, headers=headers)
    assert created.status_code == 201
    assert "idempotent-replayed" not in created.headers


async def test_a_malformed_key_is_rejected(api: Api) -> None:
    tenant = await api.signup()
    response = await api.client.post(
        CUSTOMERS, json={"name": "x"}, headers={**tenant.owner.headers, "Idempotency-Key": "k" * 256}
    )
    body = expect(response, 422)
    assert body["code"] == "validation_failed"
    assert [e["field"] for e in body["errors"]] == ["Idempotency-Key"]


async def test_a_key_in_flight_answers_409(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    key = _key()
    owner = Principal(
        kind="user",
        tenant_id=uuid.UUID(tenant.id),
        actor_id=uuid.UUID(tenant.owner.user_id),
        label="owner",
        permissions=frozenset(),
        user_id=uuid.UUID(tenant.owner.user_id),
    )
    headers = {**tenant.owner.headers, "Idempotency-Key": key}

    class Abandon(Exception):
        pass

    try:
        # Another request holding the same key: its transaction is open, exactly as the
        # middleware leaves it while a handler runs.
        async with tenant_session(resources.sessions, TenantScope(owner.tenant_id)) as session:
            held = await idempotency.claim(
                session, owner.tenant_id, principal_key(owner), key, "POST", CUSTOMERS, "0" * 64
            )
            assert held.outcome == "claimed"
            busy = await api.client.post(CUSTOMERS, json={"name": "并发"}, headers=headers)
            assert busy.status_code == 409
            assert busy.json()["code"] == "idempotency_in_flight"
            raise Abandon
    except Abandon:
        pass
    # The holder rolled back (like a request that failed): the key is free again.
    done = await api.client.post(CUSTOMERS, json={"name": "并发"}, headers=headers)
    assert done.status_code == 201
    assert await _count(api, tenant.owner.headers, "并发") == 1


async def test_an_expired_key_is_claimed_afresh(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    headers = {**tenant.owner.headers, "Idempotency-Key": _key()}
    expect(await api.client.post(CUSTOMERS, json={"name": "过期"}, headers=headers), 201)
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(tenant.id))) as session:
        await session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.tenant_id == uuid.UUID(tenant.id))
            .values(expires_at=func.now() - timedelta(seconds=1))
        )
    again = await api.client.post(CUSTOMERS, json={"name": "过期二"}, headers=headers)
    assert again.status_code == 201
    assert "idempotent-replayed" not in again.headers


async def test_concurrent_same_key_posts_create_exactly_one_customer(api: Api, settings: Settings) -> None:
    tenant = await api.signup()
    name = f"同时{uuid.uuid4().hex[:6]}"
    headers = {**tenant.owner.headers, "Idempotency-Key": _key()}
    async with live_server(settings) as base, httpx.AsyncClient(base_url=base, timeout=30) as http:
        responses = await asyncio.gather(
            *(http.post(CUSTOMERS, json={"name": name}, headers=headers) for _ in range(8))
        )
    originals = [r for r in responses if r.status_code == 201 and "idempotent-replayed" not in r.headers]
    replays = [r for r in responses if r.status_code == 201 and r.headers.get("idempotent-replayed") == "true"]
    in_flight = [r for r in responses if r.status_code == 409 and r.json()["code"] == "idempotency_in_flight"]
    assert len(originals) == 1
    assert len(originals) + len(replays) + len(in_flight) == 8
    assert all(r.content == originals[0].content for r in replays)
    assert await _count(api, tenant.owner.headers, name) == 1


async def test_the_sweeper_purges_expired_keys_of_each_tenant_only(api: Api, resources: Resources) -> None:
    first, second = await api.signup(), await api.signup()
    for tenant in (first, second):
        for name in ("甲", "乙"):
            headers = {**tenant.owner.headers, "Idempotency-Key": _key()}
            expect(await api.client.post(CUSTOMERS, json={"name": name}, headers=headers), 201)

    async def keys(tenant_id: str) -> list[str]:
        async with tenant_session(resources.sessions, TenantScope(uuid.UUID(tenant_id))) as session:
            rows = await session.execute(select(IdempotencyKey.key).order_by(IdempotencyKey.key))
            return list(rows.scalars())

    kept = (await keys(first.id))[1]
    expired = (await keys(first.id))[0]
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(first.id))) as session:
        await session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.key == expired)
            .values(expires_at=func.now() - timedelta(minutes=1))
        )
    second_keys = await keys(second.id)

    handled = await build_sweeper(resources.sessions).run_once()

    assert handled["idempotency purge"] >= 1
    assert await keys(first.id) == [kept]
    assert await keys(second.id) == second_keys
