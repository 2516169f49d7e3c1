"""Ticket changes reach the live stream (SSE) of users who may read them: a support agent scoped
to one store receives that store's ticket events, not another store's."""

from __future__ import annotations

import asyncio
import json
import uuid

import httpx

from api.settings import Settings
from api.state import Resources
from domain.integrations.relay import Relay
from domain.integrations.stream import LiveStream
from tests.api.test_event_stream import STREAM, _frames
from tests.factories import Api
from tests.live import live_server
from tests.service_support import Desk, act, open_ticket


async def test_a_scoped_agent_streams_only_its_stores_tickets(
    api: Api, resources: Resources, settings: Settings
) -> None:
    tenant = await api.signup()
    sh = await api.store(tenant, "SH01")
    hz = await api.store(tenant, "HZ01")
    customer = await api.customer(tenant.owner, name="流客")
    d = Desk(tenant, sh, customer["id"])
    agent = await api.user(tenant, "support", scope={"kind": "store", "store_ids": [sh]})
    relay = Relay(resources.sessions, [LiveStream(resources.redis)], tenant_id=uuid.UUID(tenant.id))
    await relay.drain()  # nothing of this tenant is pending before the stream opens

    async with (
        live_server(settings) as base,
        httpx.AsyncClient(base_url=base, timeout=30) as http,
        http.stream("GET", STREAM, headers=agent.headers) as response,
    ):
        assert response.status_code == 200
        frames = _frames(response.aiter_lines())
        async with asyncio.timeout(15):
            assert (await anext(frames))[":"] == "subscribed"
            hidden = await open_ticket(api, tenant.owner, d, store_id=hz)
            await act(api, tenant.owner, hidden["id"], "start")
            shown = await open_ticket(api, tenant.owner, d, store_id=sh)
            await relay.drain()
            event = await anext(frames)

    assert event["event"] == "ticket.created"
    data = json.loads(event["data"])
    assert (data["aggregate_type"], data["aggregate_id"]) == ("ticket", shown["id"])
    assert (data["number"], data["status"], data["store_id"]) == (shown["number"], "new", sh)
