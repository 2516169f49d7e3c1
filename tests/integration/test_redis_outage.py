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
from tests.factories import PASSWORD, Api, expect

API = "/api/v1"


@pytest_asyncio.fixture(loop_scope="session")
async def no_redis(settings: Settings) -> AsyncIterator[Api]:
    """The same database, and a Redis URL nothing listens on (as when Redis is down)."""
    throttle._local = throttle._Local()  # this process's stand-in counters start empty
    gone = f"unix:///tmp/no-redis-{uuid.uuid4().hex}.sock"
    app: Litestar = create_app(dataclasses.replace(settings, redis_url=gone, login_ip_per_minute=3))
    async with AsyncTestClient(app=app) as client:
        yield Api(client)
    principal_cache._pending_drops.clear()  # what the dead Redis was owed is not the next test's


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
