"""A COMMIT that fails answers problem+json, and says what the client can do next.

The fault is placed exactly at COMMIT with a deferred constraint trigger on customers (created
as the owner role for the one marked name, dropped after): it either terminates its own
connection, as a PostgreSQL shutdown does mid-commit, or raises, as a deferred constraint does.
A cut connection leaves the outcome unknown to the app, so the answer is 503 with Retry-After,
and a retry with the same Idempotency-Key settles it with exactly one record.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from api.embedded import EmbeddedUrls
from api.settings import Settings
from tests.factories import Api, expect
from tests.live import live_server

CUSTOMERS = "/api/v1/customers"
CUT = "PERFORM pg_terminate_backend(pg_backend_pid())"
REFUSE = "RAISE EXCEPTION 'refused at commit' USING ERRCODE = 'check_violation'"


@asynccontextmanager
async def fault_at_commit(services: EmbeddedUrls, name: str, action: str) -> AsyncIterator[None]:
    """Until the block ends, committing a customer called `name` runs `action` inside COMMIT."""
    owner = create_async_engine(services.migration_database_url, poolclass=NullPool)
    tag = uuid.uuid4().hex[:12]
    statements = [
        f"""CREATE FUNCTION fault_{tag}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.name = '{name}' THEN {action}; END IF;
            RETURN NULL; END $$""",
        f"""CREATE CONSTRAINT TRIGGER fault_{tag} AFTER INSERT ON customers
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fault_{tag}()""",
    ]
    try:
        async with owner.begin() as conn:
            for statement in statements:
                await conn.execute(text(statement))
        yield
    finally:
        async with owner.begin() as conn:
            await conn.execute(text(f"DROP TRIGGER IF EXISTS fault_{tag} ON customers"))
            await conn.execute(text(f"DROP FUNCTION IF EXISTS fault_{tag}()"))
        await owner.dispose()


async def _named(http: httpx.AsyncClient, headers: dict[str, str], name: str) -> int:
    listed = expect(await http.get(CUSTOMERS, params={"q": name, "limit": 50}, headers=headers), 200)
    return sum(1 for item in listed["items"] if item["name"] == name)


async def test_a_commit_cut_by_the_database_is_503_and_the_retry_settles_it(
    api: Api, settings: Settings, services: EmbeddedUrls
) -> None:
    tenant = await api.signup()
    name = f"断线{uuid.uuid4().hex[:8]}"
    key = {"Idempotency-Key": f"cut-{uuid.uuid4()}"}
    async with live_server(settings) as base, httpx.AsyncClient(base_url=base, timeout=30) as http:
        for headers in ({**tenant.owner.headers, **key}, tenant.owner.headers):
            async with fault_at_commit(services, name, CUT):
                cut = await http.post(CUSTOMERS, json={"name": name}, headers=headers)
            assert cut.status_code == 503, cut.text
            assert cut.headers["content-type"] == "application/problem+json"
            assert cut.json()["code"] == "database_unavailable"
            assert int(cut.headers["retry-after"]) > 0
        assert await _named(http, tenant.owner.headers, name) == 0

        retried = await http.post(CUSTOMERS, json={"name": name}, headers={**tenant.owner.headers, **key})
        assert retried.status_code == 201, retried.text
        replayed = await http.post(CUSTOMERS, json={"name": name}, headers={**tenant.owner.headers, **key})
        assert replayed.headers["idempotent-replayed"] == "true"
        assert replayed.json()["id"] == retried.json()["id"]
        assert await _named(http, tenant.owner.headers, name) == 1


async def test_a_commit_the_database_refuses_is_a_problem_and_writes_nothing(
    api: Api, settings: Settings, services: EmbeddedUrls
) -> None:
    tenant = await api.signup()
    name = f"拒绝{uuid.uuid4().hex[:8]}"
    key = {"Idempotency-Key": f"refused-{uuid.uuid4()}"}
    async with live_server(settings) as base, httpx.AsyncClient(base_url=base, timeout=30) as http:
        async with fault_at_commit(services, name, REFUSE):
            for headers in ({**tenant.owner.headers, **key}, tenant.owner.headers):
                refused = await http.post(CUSTOMERS, json={"name": name}, headers=headers)
                assert refused.status_code == 500, refused.text
                assert refused.headers["content-type"] == "application/problem+json"
                assert refused.json()["code"] == "internal_error"
        assert await _named(http, tenant.owner.headers, name) == 0
        retried = await http.post(CUSTOMERS, json={"name": name}, headers={**tenant.owner.headers, **key})
        assert retried.status_code == 201, retried.text
        assert await _named(http, tenant.owner.headers, name) == 1
