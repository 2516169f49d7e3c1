"""The live stream (SSE): a store-scoped user receives its store's events and not another's."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator

import httpx

from api.settings import Settings
from api.state import Resources
from domain.integrations.relay import Relay
from domain.integrations.stream import LiveStream
from tests.events_support import emit_event, order_data
from tests.factories import Api
from tests.live import live_server

STREAM = "/api/v1/events/stream"


async def _frames(lines: AsyncIterator[str]) -> AsyncIterator[dict[str, str]]:
    """SSE frames as {field: value}; comments under ":"."""
    frame: dict[str, str] = {}
    async for line in lines:
        if line == "":
            if frame:
                yield frame
            frame = {}
            continue
        name, _, value = line.partition(":")
        frame[name or ":"] = value.removeprefix(" ")


async def _emit(resources: Resources, tenant_id: uuid.UUID, store_id: str, number: str) -> uuid.UUID:
    return await emit_event(resources, tenant_id, order_data(number), store_id=uuid.UUID(store_id))


async def test_a_scoped_user_streams_only_its_stores_events(api: Api, resources: Resources, settings: Settings) -> None:
    tenant = await api.signup()
    tenant_id = uuid.UUID(tenant.id)
    sh = await api.store(tenant, "SH01")
    bj = await api.store(tenant, "BJ01")
    sales = await api.user(tenant, "sales", scope={"kind": "store", "store_ids": [sh]})
    other = await api.signup()  # another tenant's event on its own channel must never show up
    other_store = await api.store(other, "SH01")

    async with (
        live_server(settings) as base,
        httpx.AsyncClient(base_url=base, timeout=30) as http,
        http.stream("GET", STREAM, headers=sales.headers) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        frames = _frames(response.aiter_lines())
        async with asyncio.timeout(15):
            first = await anext(frames)
            assert first == {":": "subscribed", "retry": "3000"}  # a comment, not an event with empty data
            await _emit(resources, uuid.UUID(other.id), other_store, "SO-OTHER")
            hidden = await _emit(resources, tenant_id, bj, "SO-BJ")
            shown = await _emit(resources, tenant_id, sh, "SO-SH")
            for tid in (uuid.UUID(other.id), tenant_id):
                await Relay(resources.sessions, [LiveStream(resources.redis)], tenant_id=tid).drain()
            event = await anext(frames)

    assert event["event"] == "order.approved"
    assert event["id"] == str(shown)
    data = json.loads(event["data"])
    assert data["id"] == str(shown)
    assert data["number"] == "SO-SH"
    assert data["status"] == "approved"
    assert data["store_id"] == sh
    assert data["tenant_id"] == tenant.id
    assert event["id"] != str(hidden)


async def test_the_stream_needs_a_credential(api: Api) -> None:
    response = await api.client.get(STREAM)
    assert response.status_code == 401
