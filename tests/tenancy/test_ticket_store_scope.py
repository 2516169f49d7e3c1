"""Store scope on tickets (DESIGN "Access"): support staff scoped to stores see their stores'
tickets and the chain-wide ones (no store); `own` scope narrows to tickets assigned to or created
by the user. Out-of-scope tickets answer 404 on every ticket route, like missing ones, and the
live stream carries ticket events only to callers who may read them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from litestar import Litestar

from api.controllers.events import visible
from domain.integrations.stream import StreamEvent
from tenants.principal import Principal
from tests.factories import Api, expect
from tests.service_support import API, Desk, open_ticket
from tests.tenancy.test_isolation_matrix import id_routes

ACTION_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    (f"{API}/tickets/{{ticket_id:uuid}}", "PATCH"): {"subject": "越界"},
    (f"{API}/tickets/{{ticket_id:uuid}}/assign", "POST"): {"auto": True},
    (f"{API}/tickets/{{ticket_id:uuid}}/comments", "POST"): {"body": "越界", "public": True},
    (f"{API}/tickets/{{ticket_id:uuid}}/returns", "POST"): {
        "lines": [{"line_id": str(uuid.uuid4()), "quantity": 1}],
        "reason": "越界",
    },
}


async def test_who_sees_which_tickets(api: Api, app: Litestar) -> None:
    t = await api.signup()
    sh = await api.store(t, "SH01")
    hz = await api.store(t, "HZ01")
    customer = await api.customer(t.owner, name="跨店客")
    d = Desk(t, sh, customer["id"])
    agent = await api.user(t, "support", scope={"kind": "store", "store_ids": [sh]})
    own = await api.user(t, "support", scope={"kind": "own", "store_ids": [sh]})
    tickets = {
        "sh": (await open_ticket(api, t.owner, d, store_id=sh))["id"],
        "hz": (await open_ticket(api, t.owner, d, store_id=hz))["id"],
        "chain": (await open_ticket(api, t.owner, d))["id"],  # the customer has no home store
        "sh_own": (await open_ticket(api, t.owner, d, store_id=sh, assignee_id=own.user_id))["id"],
        "own_created": (
            await open_ticket(
                api, own, d, customer_id=(await api.customer(t.owner, name="指派客", assigned_to=own.user_id))["id"]
            )
        )["id"],
    }
    by_id = {v: k for k, v in tickets.items()}
    expected = {
        "owner": (t.owner, set(tickets)),
        "support SH01": (agent, {"sh", "chain", "sh_own", "own_created"}),
        "own + SH01": (own, {"sh_own", "own_created"}),
    }
    for name, (actor, labels) in expected.items():
        listed = expect(await api.client.get(f"{API}/tickets", params={"limit": 200}, headers=actor.headers), 200)
        assert {by_id[x["id"]] for x in listed["items"]} == labels, name
        for label, tid in tickets.items():
            response = await api.client.get(f"{API}/tickets/{tid}", headers=actor.headers)
            assert response.status_code == (200 if label in labels else 404), (name, label)
    # Every ticket route on the HZ01 ticket answers 404 to the SH01 agent, and nothing changes.
    before = expect(await api.client.get(f"{API}/tickets/{tickets['hz']}", headers=t.owner.headers), 200)
    for path, method, params in id_routes(app):
        if params != ["ticket_id"]:
            continue
        url = path.replace("{ticket_id:uuid}", tickets["hz"])
        response = await api.client.request(method, url, json=ACTION_BODIES.get((path, method)), headers=agent.headers)
        assert (response.status_code, response.json()["code"]) == (404, "not_found"), (method, path, response.text)
    after = expect(await api.client.get(f"{API}/tickets/{tickets['hz']}", headers=t.owner.headers), 200)
    assert after == before
    # A scoped user cannot file a ticket for another store, nor assign one to a user outside it.
    other = await api.client.post(
        f"{API}/tickets", json={"subject": "x", "customer_id": customer["id"], "store_id": hz}, headers=agent.headers
    )
    assert expect(other, 422)["errors"][0]["field"] == "store_id"


def test_the_live_stream_filters_ticket_events_by_permission_and_store() -> None:
    tenant, sh, hz = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()

    def event(store: uuid.UUID | None) -> StreamEvent:
        return StreamEvent(
            id=uuid.uuid4(),
            tenant_id=tenant,
            topic="ticket.created",
            aggregate_type="ticket",
            aggregate_id=uuid.uuid4(),
            store_id=store,
            number="TK-000001",
            status="new",
            created_at=datetime.now(UTC),
        )

    agent = Principal("user", tenant, uuid.uuid4(), "a", frozenset({"tickets:read"}), "store", (sh,))
    blind = Principal("user", tenant, uuid.uuid4(), "b", frozenset({"orders:read"}))
    assert [visible(agent, event(s)) for s in (sh, hz, None)] == [True, False, True]
    assert visible(blind, event(sh)) is False
