"""Shared fixtures: one embedded PostgreSQL + Redis per test session, migrated once; the app
under test talks to them as the non-owner app role, exactly as in production."""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import build_resources, create_app
from api.embedded import EmbeddedUrls, resolve_urls
from api.migrate import upgrade
from api.settings import Settings, load_settings
from api.state import Resources
from tests.factories import Api

TEST_ROOT = Path(os.environ.get("TEST_DATA_DIR", "")) if os.environ.get("TEST_DATA_DIR") else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark browser tests and run them last, after every asyncio test."""
    browser_tests = [item for item in items if "tests/e2e/" in str(item.path)]
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
    items[:] = [item for item in items if item not in browser_tests] + browser_tests


@pytest.fixture(scope="session")
def services() -> Iterator[EmbeddedUrls]:
    """Embedded PostgreSQL and Redis under a fresh directory, migrated as the owner role."""
    root = Path(tempfile.mkdtemp(prefix="crm-test-", dir="/tmp"))
    urls = resolve_urls("", "", "", str(root))
    upgrade(urls.migration_database_url)
    yield urls
    try:
        import pgserver

        pgserver.get_server(str(root / "pg"), cleanup_mode=None).cleanup()  # type: ignore[attr-defined]
    except Exception:  # noqa: S110 - best effort: the directory goes away below anyway
        pass
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def settings(services: EmbeddedUrls) -> Settings:
    return dataclasses.replace(
        load_settings(),
        env="test",
        database_url=services.database_url,
        migration_database_url=services.migration_database_url,
        redis_url=services.redis_url,
        login_ip_per_minute=100_000,
        api_key_per_minute=100_000,
    )


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def resources(settings: Settings) -> AsyncIterator[Resources]:
    """Direct database and Redis access for integration tests (same app role as the API)."""
    res = build_resources(settings)
    yield res
    await res.redis.aclose()
    await res.engine.dispose()


@pytest.fixture(scope="session")
def app(settings: Settings) -> Litestar:
    """The app opens its own engine and Redis client in its lifespan, as in production."""
    return create_app(settings)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


@pytest.fixture
def api(client: AsyncTestClient[Litestar]) -> Api:
    return Api(client)
