"""Timelines name who acted: the ticket timeline and conversation carry the staff member's current
name next to the e-mail recorded at the time (the order timeline: tests/api/test_order_page.py)."""

from __future__ import annotations

from tests.factories import Api, expect
from tests.service_support import API, act, comment, desk, open_ticket


async def test_ticket_timeline_and_comments_name_the_staff_member(api: Api) -> None:
    d = await desk(api)
    owner = d.tenant.owner
    support = await api.user(d.tenant, "support")
    expect(await api.client.patch("/api/v1/me", json={"name": "客服小林"}, headers=support.headers), 200)
    ticket = await open_ticket(api, owner, d)
    await act(api, support, ticket["id"], "start")
    reply = await comment(api, support, ticket["id"], "您好，我们马上处理。", public=True)
    assert (reply["author_name"], reply["author_label"]) == ("客服小林", support.email)

    page = expect(await api.client.get(f"{API}/tickets/{ticket['id']}", headers=owner.headers), 200)
    named = [(e["kind"], e["actor_name"], e["actor_label"]) for e in page["events"]]
    assert named == [
        ("created", "Owner", owner.email),
        ("started", "客服小林", support.email),
        ("replied", "客服小林", support.email),
    ]

    # A later rename shows everywhere at once: names are looked up, not copied.
    expect(await api.client.patch("/api/v1/me", json={"name": "林主管"}, headers=support.headers), 200)
    listed = expect(await api.client.get(f"{API}/tickets/{ticket['id']}/comments", headers=owner.headers), 200)
    assert [(c["author_name"], c["author_label"]) for c in listed] == [("林主管", support.email)]
    page = expect(await api.client.get(f"{API}/tickets/{ticket['id']}", headers=owner.headers), 200)
    assert [e["actor_name"] for e in page["events"]] == ["Owner", "林主管", "林主管"]
