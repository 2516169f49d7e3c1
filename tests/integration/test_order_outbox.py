"""The transactional outbox: one event per committed transition, none for a refused or
rolled-back one."""

from __future__ import annotations

import uuid

import pytest

from api.state import Resources
from domain.orders import transitions
from tenants.context import Ctx
from tenants.db import TenantScope, tenant_session
from tenants.permissions import ALL_PERMISSIONS
from tenants.principal import Principal, RequestMeta
from tests.factories import Api, expect
from tests.orders_support import API, act, create_order, outbox_events, shop


async def test_every_committed_transition_has_its_event(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 2}])
    oid = order["id"]
    line = order["lines"][0]["id"]
    await act(api, owner, oid, "submit")
    await act(api, owner, oid, "fulfil", body={"lines": [{"line_id": line, "quantity": 1}]})
    await act(api, owner, oid, "fulfil", body={"lines": [{"line_id": line, "quantity": 1}]})
    await act(api, owner, oid, "ship", body={"carrier": "顺丰", "tracking_number": "SF9"})
    await act(api, owner, oid, "deliver")
    await act(api, owner, oid, "complete")

    events = await outbox_events(resources, s.tenant.id, oid)
    assert [e["topic"] for e in events] == [
        "order.created",
        "order.submitted",
        "order.approved",
        "order.fulfilled",
        "order.fulfilled",
        "order.shipped",
        "order.delivered",
        "order.completed",
    ]
    assert [e["status"] for e in events] == [
        "draft",
        "approved",
        "approved",
        "processing",
        "fulfilled",
        "shipped",
        "delivered",
        "completed",
    ]
    assert [e["version"] for e in events] == list(range(1, 9))
    shipped = events[5]
    assert (shipped["carrier"], shipped["tracking_number"]) == ("顺丰", "SF9")
    assert {k: shipped[k] for k in ("order_id", "number", "store_id", "customer_id", "total", "requires_approval")} == {
        "order_id": oid,
        "number": order["number"],
        "store_id": s.store_id,
        "customer_id": s.customer_id,
        "total": "200.00",
        "requires_approval": False,
    }


async def test_refused_transitions_write_no_event(api: Api, resources: Resources) -> None:
    s = await shop(api, resources, {"A": 1, "B": 0})
    owner = s.tenant.owner
    order = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 2}])
    oid = order["id"]
    await act(api, owner, oid, "approve", 409)  # illegal from draft
    await act(api, owner, oid, "submit", 409)  # short stock: the whole request rolls back
    await act(api, owner, oid, "ship", 409, {"carrier": "SF", "tracking_number": "1"})
    assert [e["topic"] for e in await outbox_events(resources, s.tenant.id, oid)] == ["order.created"]
    cancelled = await act(api, owner, oid, "cancel", body={"reason": "out of stock"})
    assert cancelled["status"] == "cancelled"
    assert [e["topic"] for e in await outbox_events(resources, s.tenant.id, oid)] == [
        "order.created",
        "order.cancelled",
    ]


async def test_a_rolled_back_transition_leaves_neither_change_nor_event(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, [{"product_id": s.products["B"], "quantity": 1}])
    actor = Principal(
        kind="user",
        tenant_id=uuid.UUID(s.tenant.id),
        actor_id=uuid.UUID(owner.user_id),
        label=owner.email,
        permissions=ALL_PERMISSIONS,
        user_id=uuid.UUID(owner.user_id),
    )

    class Abort(Exception):
        pass

    async def submit_then_fail() -> None:
        async with tenant_session(resources.sessions, TenantScope(actor.tenant_id)) as session:
            submitted = await transitions.submit(Ctx(session, actor, RequestMeta()), uuid.UUID(order["id"]))
            assert submitted.status == "approved"
            assert len(await outbox_events(resources, s.tenant.id, order["id"])) == 1  # not visible before commit
            raise Abort

    with pytest.raises(Abort):
        await submit_then_fail()
    assert [e["topic"] for e in await outbox_events(resources, s.tenant.id, order["id"])] == ["order.created"]
    after = expect(await api.client.get(f"{API}/orders/{order['id']}", headers=owner.headers), 200)
    assert (after["status"], after["version"]) == ("draft", 1)
