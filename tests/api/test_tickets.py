"""Tickets over HTTP: create, read, edit, the lifecycle (409 on illegal moves), comments and the
first response, filters and search, and bad input (422, nothing written)."""

from __future__ import annotations

import uuid

from api.state import Resources
from tests.factories import Api, expect
from tests.orders_support import deliver_order, shop
from tests.service_support import API, act, comment, desk, open_ticket


async def test_create_and_read_a_ticket(api: Api) -> None:
    d = await desk(api)
    owner = d.tenant.owner
    ticket = await open_ticket(api, owner, d, description="杯盖密封圈坏了", priority="high", tags=["质量", "质量"])
    assert ticket["number"] == "TK-000001"
    assert (ticket["status"], ticket["priority"], ticket["channel"]) == ("new", "high", "staff")
    assert ticket["store_id"] == d.store_id  # the customer's home store
    assert ticket["customer_name"] == "王小二"
    assert ticket["tags"] == ["质量"]
    assert ticket["allowed_actions"] == ["assign", "start", "wait", "resolve", "close"]
    assert ticket["sla"]["state"] == "ok"
    assert ticket["sla"]["first_response"]["target_minutes"] == 120
    assert ticket["sla"]["resolution"]["target_minutes"] == 480
    assert ticket["sla"]["next_due_at"] == ticket["sla"]["first_response"]["due_at"]
    assert [e["kind"] for e in ticket["events"]] == ["created"]
    second = await open_ticket(api, owner, d)
    assert second["number"] == "TK-000002"
    got = await api.client.get(f"{API}/tickets/{ticket['id']}", headers=owner.headers)
    assert expect(got, 200)["id"] == ticket["id"]
    assert got.headers["etag"] == f'"{ticket["version"]}"'


async def test_lifecycle_and_illegal_moves(api: Api) -> None:
    d = await desk(api)
    owner = d.tenant.owner
    ticket = await open_ticket(api, owner, d)
    tid = ticket["id"]
    reopen = await api.client.post(f"{API}/tickets/{tid}/reopen", headers=owner.headers)
    body = expect(reopen, 409)
    assert (body["code"], body["action"], body["current_status"]) == ("invalid_transition", "reopen", "new")
    started = await act(api, owner, tid, "start")
    assert started["status"] == "open"
    waiting = await act(api, owner, tid, "wait")
    assert (waiting["status"], waiting["sla"]["state"], waiting["sla"]["next_due_at"]) == ("pending", "paused", None)
    resumed = await act(api, owner, tid, "start")
    assert resumed["status"] == "open"
    resolved = await act(api, owner, tid, "resolve")
    assert resolved["status"] == "resolved"
    assert resolved["resolution_minutes"] is not None
    assert resolved["allowed_actions"] == ["close", "reopen"]
    reopened = await act(api, owner, tid, "reopen")
    assert reopened["status"] == "open"
    await act(api, owner, tid, "resolve")
    closed = await act(api, owner, tid, "close")
    assert (closed["status"], closed["allowed_actions"]) == ("closed", [])
    await act(api, owner, tid, "start", 409)
    kinds = [e["kind"] for e in closed["events"]]
    assert kinds == ["created", "started", "waiting", "started", "resolved", "reopened", "resolved", "closed"]


async def test_public_reply_is_the_first_response_and_notes_are_not(api: Api) -> None:
    d = await desk(api)
    owner = d.tenant.owner
    tid = (await open_ticket(api, owner, d))["id"]
    note = await comment(api, owner, tid, "内部：先查库存", public=False)
    assert note["public"] is False
    ticket = expect(await api.client.get(f"{API}/tickets/{tid}", headers=owner.headers), 200)
    assert (ticket["status"], ticket["first_response_at"]) == ("new", None)
    reply = await comment(api, owner, tid, "您好，我们会为您更换。", public=True)
    ticket = expect(await api.client.get(f"{API}/tickets/{tid}", headers=owner.headers), 200)
    assert ticket["status"] == "open"
    assert ticket["first_response_at"] == reply["created_at"]
    assert ticket["first_response_minutes"] is not None
    assert ticket["sla"]["first_response"]["state"] == "met"
    listed = expect(await api.client.get(f"{API}/tickets/{tid}/comments", headers=owner.headers), 200)
    assert [(c["public"], c["body"]) for c in listed] == [(False, "内部：先查库存"), (True, "您好，我们会为您更换。")]
    await act(api, owner, tid, "close")
    await comment(api, owner, tid, "晚了", public=True, status=409)


async def test_edit_with_if_match_and_priority_moves_the_due_times(api: Api) -> None:
    d = await desk(api)
    owner = d.tenant.owner
    ticket = await open_ticket(api, owner, d, priority="low")
    url = f"{API}/tickets/{ticket['id']}"
    stale = await api.client.patch(url, json={"priority": "urgent"}, headers={**owner.headers, "If-Match": '"99"'})
    assert expect(stale, 412)["code"] == "version_mismatch"
    edited = expect(
        await api.client.patch(
            url, json={"priority": "urgent", "subject": "杯子漏水"}, headers={**owner.headers, "If-Match": '"1"'}
        ),
        200,
    )
    assert (edited["priority"], edited["subject"], edited["version"]) == ("urgent", "杯子漏水", 2)
    assert edited["sla"]["first_response"]["target_minutes"] == 30
    assert edited["sla"]["next_due_at"] < ticket["sla"]["next_due_at"]
    unknown = await api.client.patch(url, json={"status": "closed"}, headers=owner.headers)
    assert expect(unknown, 422)["code"] == "validation_failed"


async def test_bad_input_is_422_and_writes_nothing(api: Api) -> None:
    d = await desk(api)
    owner = d.tenant.owner
    other = await api.signup()
    foreign = await api.customer(other.owner, name="外人")
    cases = [
        ({"subject": "", "customer_id": d.customer_id}, "subject"),
        ({"subject": "x", "customer_id": foreign["id"]}, "customer_id"),
        ({"subject": "x", "customer_id": d.customer_id, "priority": "extreme"}, "priority"),
        ({"subject": "x", "customer_id": d.customer_id, "order_id": foreign["id"]}, "order_id"),
        ({"subject": "x", "customer_id": d.customer_id, "store_id": other.owner.user_id}, "store_id"),
        ({"subject": "x", "customer_id": d.customer_id, "category_id": foreign["id"]}, "category_id"),
        ({"subject": "x", "customer_id": d.customer_id, "assignee_id": other.owner.user_id}, "assignee_id"),
        ({"subject": "x", "customer_id": d.customer_id, "tenant_id": other.id}, "tenant_id"),
    ]
    for body, field in cases:
        response = await api.client.post(f"{API}/tickets", json=body, headers=owner.headers)
        problem = expect(response, 422)
        assert problem["code"] == "validation_failed", body
        assert [e["field"] for e in problem["errors"]] == [field], problem
    listed = expect(await api.client.get(f"{API}/tickets", headers=owner.headers), 200)
    assert listed["items"] == []


async def test_filters_search_and_keyset_pages(api: Api) -> None:
    d = await desk(api)
    owner = d.tenant.owner
    support = await api.user(d.tenant, "support")
    urgent = await open_ticket(api, owner, d, subject="Broken lid", priority="urgent", assignee_id=support.user_id)
    low = await open_ticket(api, owner, d, subject="发票抬头错误", priority="low")
    normal = await open_ticket(api, owner, d, subject="配送延迟", priority="normal")
    await act(api, owner, normal["id"], "wait")

    async def ids(**params: object) -> list[str]:
        body = expect(await api.client.get(f"{API}/tickets", params=params, headers=owner.headers), 200)
        return [t["id"] for t in body["items"]]

    # Soonest due first; the paused ticket has no running clock and comes last.
    assert await ids() == [urgent["id"], low["id"], normal["id"]]
    assert await ids(sort="newest") == [normal["id"], low["id"], urgent["id"]]
    assert await ids(priority="low") == [low["id"]]
    assert await ids(assignee_id=support.user_id) == [urgent["id"]]
    assert await ids(unassigned=True) == [low["id"], normal["id"]]
    assert await ids(status="pending") == [normal["id"]]
    assert await ids(sla_state="paused") == [normal["id"]]
    assert await ids(sla_state="ok") == [urgent["id"], low["id"]]
    assert await ids(breached=True) == []
    assert await ids(store_id=d.store_id, open_only=True) == [urgent["id"], low["id"], normal["id"]]
    assert await ids(q="发票") == [low["id"]]
    assert await ids(q="lid") == [urgent["id"]]
    assert await ids(q="TK-000003") == [normal["id"]]
    assert await ids(q="psyc") == [normal["id"]]  # pinyin initials of 配送延迟
    first = expect(await api.client.get(f"{API}/tickets", params={"limit": 2}, headers=owner.headers), 200)
    assert [t["id"] for t in first["items"]] == [urgent["id"], low["id"]]
    rest = expect(
        await api.client.get(
            f"{API}/tickets", params={"limit": 2, "cursor": first["next_cursor"]}, headers=owner.headers
        ),
        200,
    )
    assert ([t["id"] for t in rest["items"]], rest["next_cursor"]) == ([normal["id"]], None)
    bad = await api.client.get(f"{API}/tickets", params={"cursor": "nonsense"}, headers=owner.headers)
    assert expect(bad, 422)["code"] == "validation_failed"


async def test_start_a_return_from_a_ticket_linked_to_a_delivered_order(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await deliver_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 2}])
    line_id = order["lines"][0]["id"]
    body = {"subject": "杯子坏了", "customer_id": s.customer_id, "order_id": order["id"]}
    ticket = expect(await api.client.post(f"{API}/tickets", json=body, headers=owner.headers), 201)
    assert ticket["order"] == {"id": order["id"], "number": order["number"], "status": "delivered", "returnable": True}
    assert ticket["store_id"] == s.store_id
    rma = {"lines": [{"line_id": line_id, "quantity": 1}], "reason": "漏水"}
    created = expect(
        await api.client.post(f"{API}/tickets/{ticket['id']}/returns", json=rma, headers=owner.headers), 201
    )
    assert (created["ticket_id"], created["order_id"], created["status"]) == (ticket["id"], order["id"], "requested")
    after = expect(await api.client.get(f"{API}/tickets/{ticket['id']}", headers=owner.headers), 200)
    assert after["events"][-1]["kind"] == "return_requested"
    assert after["events"][-1]["data"]["return_id"] == created["id"]
    # The order's own return route checks ticket_id: another order's ticket, or none, is 422.
    plain = expect(await api.client.post(f"{API}/tickets", json={**body, "order_id": None}, headers=owner.headers), 201)
    for bad in (plain["id"], str(uuid.uuid4())):
        refused = await api.client.post(
            f"{API}/orders/{order['id']}/returns", json={**rma, "ticket_id": bad}, headers=owner.headers
        )
        assert expect(refused, 422)["errors"] == [
            {"field": "ticket_id", "message": "is not a ticket of this order you can see"}
        ]
    no_order = await api.client.post(f"{API}/tickets/{plain['id']}/returns", json=rma, headers=owner.headers)
    assert expect(no_order, 409)["code"] == "ticket_has_no_order"
    returns = expect(await api.client.get(f"{API}/orders/{order['id']}/returns", headers=owner.headers), 200)
    assert [r["ticket_id"] for r in returns] == [ticket["id"]]


async def test_permissions_shape_allowed_actions(api: Api) -> None:
    d = await desk(api)
    sales = await api.user(d.tenant, "sales")
    ticket = await open_ticket(api, sales, d)
    assert ticket["allowed_actions"] == []  # sales may open and read tickets, not work them
    assert ticket["created_by"] == sales.user_id
    denied = await api.client.post(f"{API}/tickets/{ticket['id']}/resolve", headers=sales.headers)
    assert expect(denied, 403)["code"] == "permission_denied"
    support = await api.user(d.tenant, "support")
    seen = expect(await api.client.get(f"{API}/tickets/{ticket['id']}", headers=support.headers), 200)
    assert seen["allowed_actions"] == ["assign", "start", "wait", "resolve", "close"]
    key = await api.api_key(d.tenant, ["tickets:create", "tickets:read"])
    by_api = await open_ticket(api, key, d)
    assert (by_api["channel"], by_api["created_by"]) == ("api", None)
