"""Automatic assignment: round-robin among active support users whose store scope covers the
ticket's store, fair under concurrency; manual assignment is checked the same way."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from typing import Any

from api.state import Resources
from domain.integrations.relay import Relay
from domain.service.consumers import AssignmentNotices
from tests.factories import Actor, Api, expect
from tests.service_support import API, Desk, act, desk, open_ticket

SETTINGS = f"{API}/settings/service"


async def enable_auto_assign(api: Api, d: Desk) -> None:
    current = expect(await api.client.get(SETTINGS, headers=d.tenant.owner.headers), 200)
    body: dict[str, Any] = {
        key: current[key]
        for key in (
            "targets",
            "business_hours",
            "escalate_raise_priority",
            "escalation_assignee_id",
            "reopen_window_hours",
            "csat_ttl_hours",
        )
    }
    expect(await api.client.put(SETTINGS, json={**body, "auto_assign": True}, headers=d.tenant.owner.headers), 200)


async def team(api: Api, d: Desk) -> tuple[list[Actor], Actor]:
    """Two support users for SH01 (in id order) and one for another store only."""
    hz = await api.store(d.tenant, "HZ01")
    first = await api.user(d.tenant, "support", scope={"kind": "store", "store_ids": [d.store_id]})
    second = await api.user(d.tenant, "support", scope={"kind": "store", "store_ids": [d.store_id]})
    elsewhere = await api.user(d.tenant, "support", scope={"kind": "store", "store_ids": [hz]})
    return sorted([first, second], key=lambda a: a.user_id), elsewhere


async def test_round_robin_takes_turns_among_eligible_users(api: Api) -> None:
    d = await desk(api)
    (a, b), elsewhere = await team(api, d)
    # A sales user and the owner hold tickets rights but are not support users: never picked.
    await api.user(d.tenant, "sales", scope={"kind": "store", "store_ids": [d.store_id]})
    await enable_auto_assign(api, d)
    picked = [(await open_ticket(api, d.tenant.owner, d))["assignee_id"] for _ in range(5)]
    assert picked == [a.user_id, b.user_id, a.user_id, b.user_id, a.user_id]
    assert elsewhere.user_id not in picked


async def test_round_robin_is_fair_under_concurrency(api: Api) -> None:
    d = await desk(api)
    (a, b), _ = await team(api, d)
    await enable_auto_assign(api, d)
    created = await asyncio.gather(*(open_ticket(api, d.tenant.owner, d) for _ in range(8)))
    assert Counter(t["assignee_id"] for t in created) == {a.user_id: 4, b.user_id: 4}


async def test_assign_manually_or_take_the_next_turn(api: Api) -> None:
    d = await desk(api)
    (a, b), elsewhere = await team(api, d)
    ticket = await open_ticket(api, d.tenant.owner, d)
    assert ticket["assignee_id"] is None  # auto-assign is off by default
    manual = await act(api, d.tenant.owner, ticket["id"], "assign", body={"assignee_id": b.user_id})
    assert (manual["assignee_id"], manual["assignee_name"]) == (b.user_id, "Support")
    refused = await api.client.post(
        f"{API}/tickets/{ticket['id']}/assign", json={"assignee_id": elsewhere.user_id}, headers=d.tenant.owner.headers
    )
    assert expect(refused, 422)["errors"] == [
        {"field": "assignee_id", "message": "is not an active user who can work tickets of this store"}
    ]
    auto = await act(api, d.tenant.owner, ticket["id"], "assign", body={"auto": True})
    assert auto["assignee_id"] == a.user_id
    unassigned = await act(api, d.tenant.owner, ticket["id"], "assign", body={"assignee_id": None})
    assert unassigned["assignee_id"] is None
    assert [e["kind"] for e in unassigned["events"]] == ["created", "assigned", "assigned", "assigned"]
    # The support agent may take tickets of their store, but not assign across stores.
    nobody = await desk(api)
    lonely = await open_ticket(api, nobody.tenant.owner, nobody)
    none_left = await api.client.post(
        f"{API}/tickets/{lonely['id']}/assign", json={"auto": True}, headers=nobody.tenant.owner.headers
    )
    assert expect(none_left, 409)["code"] == "no_assignee"


async def test_assignees_are_notified_unless_they_took_the_ticket(api: Api, resources: Resources) -> None:
    d = await desk(api)
    (a, b), _ = await team(api, d)
    first = await open_ticket(api, d.tenant.owner, d, assignee_id=a.user_id)  # by the owner: a hears
    second = await open_ticket(api, d.tenant.owner, d)
    await act(api, b, second["id"], "assign", body={"assignee_id": b.user_id})  # b takes it: silence
    await act(api, d.tenant.owner, second["id"], "assign", body={"assignee_id": a.user_id})  # a hears
    relay = Relay(resources.sessions, [AssignmentNotices()], tenant_id=uuid.UUID(d.tenant.id))
    await relay.drain()
    await relay.drain()  # idempotent: nothing is delivered twice

    async def titles(actor: Actor) -> list[tuple[str, str]]:
        body = expect(await api.client.get(f"{API}/notifications", headers=actor.headers), 200)
        return sorted((n["title"], n["link"]) for n in body["items"])

    assert await titles(a) == sorted(
        [
            (f"工单 {first['number']} 已分配给您", f"/tickets/{first['id']}"),
            (f"工单 {second['number']} 已分配给您", f"/tickets/{second['id']}"),
        ]
    )
    assert await titles(b) == []
