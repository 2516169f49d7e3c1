"""Without Redis the product keeps working: staff log in, read and write; access changes take
effect at once; rate limits still count (per process); only the live stream answers a 503."""

from __future__ import annotations

import asyncio
import dataclasses
import time
import uuid
from collections.abc import AsyncIterator

import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from api.settings import Settings
from tenants import principal_cache, throttle
from tests.factories import PASSWORD, Actor, Api, expect

API = "/api/v1"


@pytest_asyncio.fixture(loop_scope="session")
async def no_redis(settings: Settings) -> AsyncIterator[Api]:
    """The same database, and a Redis URL nothing listens on (as when Redis is down)."""
    throttle._local = throttle._Local()  # this process's stand-in counters start empty
    gone = f"unix:///tmp/no-redis-{uuid.uuid4().hex}.sock"
    app: Litestar = create_app(dataclasses.replace(settings, redis_url=gone, login_ip_per_minute=3))
    async with AsyncTestClient(app=app) as client:
        yield Api(client)


async def test_staff_log_in_read_and_write_without_redis(api: Api, no_redis: Api) -> None:
    tenant = await api.signup()
    headers = await no_redis.login(tenant.slug, "owner@example.com")
    created = expect(await no_redis.client.post(f"{API}/customers", json={"name": "离线客户"}, headers=headers), 201)
    listed = expect(await no_redis.client.get(f"{API}/customers", headers=headers), 200)
    assert [c["id"] for c in listed["items"]] == [created["id"]]
    key = await api.api_key(tenant, ["customers:read"])
    by_key = expect(await no_redis.client.get(f"{API}/customers/{created['id']}", headers=key.headers), 200)
    assert by_key["name"] == "离线客户"


async def test_a_deactivated_user_is_shut_out_at_once_without_redis(api: Api, no_redis: Api) -> None:
    tenant = await api.signup()
    clerk = await api.user(tenant, "sales")
    owner_h = await no_redis.login(tenant.slug, "owner@example.com")
    clerk_h = await no_redis.login(tenant.slug, clerk.email)
    expect(await no_redis.client.get(f"{API}/customers", headers=clerk_h), 200)

    deactivated = await no_redis.client.post(f"{API}/users/{clerk.user_id}/deactivate", headers=owner_h)
    assert expect(deactivated, 200)["status"] == "inactive"
    assert expect(await no_redis.client.get(f"{API}/customers", headers=clerk_h), 401)["code"] == "invalid_token"


def another_process() -> None:
    """What a second process (another API worker) knows: nothing this one remembers in memory,
    only what Redis holds, including entries an access change could not drop while Redis was down."""
    principal_cache._local.clear()
    principal_cache._epochs.clear()


async def test_every_access_change_holds_in_every_process_whatever_redis_kept(api: Api, no_redis: Api) -> None:
    """Each change is made where Redis is down, so its cache entries survive in Redis; another
    process that reads them must still see the change (the tenant's access epoch moved on)."""
    tenant = await api.signup()
    hz, sh = await api.store(tenant, "HZ01"), await api.store(tenant, "SH01")
    owner = await no_redis.login(tenant.slug, "owner@example.com")
    clerk = await api.user(tenant, "sales", scope={"kind": "store", "store_ids": [hz, sh]})
    gone = await api.user(tenant, "sales")
    key = await api.api_key(tenant, ["customers:read"])
    key_id = expect(await api.client.get(f"{API}/api-keys", headers=tenant.owner.headers), 200)["items"][0]["id"]

    async def stores_of(actor: Actor) -> set[str]:
        return {s["id"] for s in expect(await api.client.get(f"{API}/stores", headers=actor.headers), 200)["items"]}

    async def warm() -> None:  # cached in Redis by a process that can reach it
        another_process()
        for actor in (clerk, gone, key):
            expect(await api.client.get(f"{API}/customers", headers=actor.headers), 200)

    await warm()
    assert await stores_of(clerk) == {hz, sh}
    narrowed = {"scope": {"kind": "store", "store_ids": [hz]}}
    expect(await no_redis.client.patch(f"{API}/users/{clerk.user_id}", json=narrowed, headers=owner), 200)
    another_process()
    assert await stores_of(clerk) == {hz}

    await warm()
    stripped = {"permissions": ["orders:read"]}
    expect(await no_redis.client.patch(f"{API}/roles/{tenant.roles['sales']}", json=stripped, headers=owner), 200)
    another_process()
    assert expect(await api.client.get(f"{API}/customers", headers=clerk.headers), 403)["code"] == "permission_denied"

    await warm_others(api, gone, key)
    expect(await no_redis.client.post(f"{API}/users/{gone.user_id}/deactivate", headers=owner), 200)
    another_process()
    assert expect(await api.client.get(f"{API}/orders", headers=gone.headers), 401)["code"] == "invalid_token"

    expect(await api.client.get(f"{API}/customers", headers=key.headers), 200)
    expect(await no_redis.client.delete(f"{API}/api-keys/{key_id}", headers=owner), 204)
    another_process()
    assert expect(await api.client.get(f"{API}/customers", headers=key.headers), 401)["code"] == "invalid_api_key"


async def warm_others(api: Api, user: Actor, key: Actor) -> None:
    another_process()
    expect(await api.client.get(f"{API}/orders", headers=user.headers), 200)
    expect(await api.client.get(f"{API}/customers", headers=key.headers), 200)


async def test_login_limits_still_count_without_redis(api: Api, no_redis: Api) -> None:
    tenant = await api.signup()
    body = {"tenant_slug": tenant.slug, "email": "owner@example.com", "password": PASSWORD}
    # The address limit counts per clock minute: start the four attempts well inside one.
    if (left := 60 - time.time() % 60) < 15:
        await asyncio.sleep(left + 0.1)
    answers = [(await no_redis.client.post(f"{API}/auth/login", json=body)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]  # three a minute for this address, in this process


async def test_the_live_stream_is_a_503_to_retry_without_redis(api: Api, no_redis: Api) -> None:
    tenant = await api.signup()
    response = await no_redis.client.get(
        f"{API}/events/stream", headers=await no_redis.login(tenant.slug, "owner@example.com")
    )
    body = expect(response, 503)
    assert body["code"] == "temporarily_unavailable"
    assert response.headers["retry-after"] == "5"
