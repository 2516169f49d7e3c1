"""Each API key has its own per-minute budget; past it, 429 problem+json with Retry-After."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator

import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from api.settings import Settings
from tests.factories import Api, expect


@pytest_asyncio.fixture(loop_scope="session")
async def limited_client(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=create_app(dataclasses.replace(settings, api_key_per_minute=3))) as client:
        yield client


async def test_a_key_over_its_budget_gets_429_and_another_key_does_not(
    api: Api, limited_client: AsyncTestClient[Litestar]
) -> None:
    tenant = await api.signup()
    busy = await api.api_key(tenant, ["customers:read"])
    quiet = await api.api_key(tenant, ["customers:read"])
    if 60 - time.time() % 60 < 5:  # the window is per minute: keep all calls inside one window
        await asyncio.sleep(60 - time.time() % 60 + 0.1)
    for _ in range(3):
        expect(await limited_client.get("/api/v1/customers", headers=busy.headers), 200)
    limited = await limited_client.get("/api/v1/customers", headers=busy.headers)
    assert expect(limited, 429)["code"] == "rate_limited"
    assert limited.headers["content-type"].startswith("application/problem+json")
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    expect(await limited_client.get("/api/v1/customers", headers=quiet.headers), 200)
