"""Assigning a ticket to a chosen agent: the picker offers exactly the users who can work it,
the assignment honours If-Match, is audited, and a user who cannot work tickets is a 422."""

from __future__ import annotations

from tests.factories import Api, expect
from tests.service_support import API, desk, open_ticket


async def test_assign_to_a_chosen_agent_from_the_pickers_choices(api: Api) -> None:
    d = await desk(api)
    owner = d.tenant.owner
    agent = await api.user(d.tenant, "support", email="agent@example.com")
    marketer = await api.user(d.tenant, "marketing", email="marketer@example.com")
    elsewhere = await api.store(d.tenant, "BJ01")
    far_agent = await api.user(
        d.tenant, "support", email="far@example.com", scope={"kind": "store", "store_ids": [elsewhere]}
    )
    ticket = await open_ticket(api, owner, d, store_id=d.store_id)

    choices = expect(await api.client.get(f"{API}/tickets/{ticket['id']}/assignees", headers=owner.headers), 200)
    emails = [c["email"] for c in choices["items"]]
    assert "agent@example.com" in emails
    assert owner.email in emails
    assert "marketer@example.com" not in emails
    assert "far@example.com" not in emails
    assert {c["id"] for c in choices["items"]} >= {agent.user_id, owner.user_id}

    stale = await api.client.post(
        f"{API}/tickets/{ticket['id']}/assign",
        json={"assignee_id": agent.user_id},
        headers={**owner.headers, "If-Match": f'"{ticket["version"] + 1}"'},
    )
    assert expect(stale, 412)["code"] == "version_mismatch"
    response = await api.client.post(
        f"{API}/tickets/{ticket['id']}/assign",
        json={"assignee_id": agent.user_id},
        headers={**owner.headers, "If-Match": f'"{ticket["version"]}"'},
    )
    assigned = expect(response, 200)
    assert (assigned["assignee_id"], assigned["assignee_name"]) == (agent.user_id, "Support")
    assert response.headers["etag"] == f'"{assigned["version"]}"'

    for user in (marketer, far_agent):
        refused = await api.client.post(
            f"{API}/tickets/{ticket['id']}/assign", json={"assignee_id": user.user_id}, headers=owner.headers
        )
        problem = expect(refused, 422)
        assert [e["field"] for e in problem["errors"]] == ["assignee_id"]
    after = expect(await api.client.get(f"{API}/tickets/{ticket['id']}", headers=owner.headers), 200)
    assert (after["assignee_id"], after["version"]) == (agent.user_id, assigned["version"])

    audit = expect(
        await api.client.get(f"{API}/audit-log", params={"target_id": ticket["id"]}, headers=owner.headers), 200
    )
    assigned_entries = [e["changes"] for e in audit["items"] if e["action"] == "ticket.assigned"]
    assert assigned_entries == [{"automatic": False, "assignee_id": {"from": None, "to": agent.user_id}}]


async def test_the_choices_need_tickets_assign(api: Api) -> None:
    d = await desk(api)
    ticket = await open_ticket(api, d.tenant.owner, d)
    analyst = await api.user(d.tenant, "analyst")
    denied = await api.client.get(f"{API}/tickets/{ticket['id']}/assignees", headers=analyst.headers)
    assert expect(denied, 403)["permission"] == "tickets:assign"
