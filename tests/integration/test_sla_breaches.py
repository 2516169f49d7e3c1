"""The SLA breach job with frozen time: a breach is recorded once per clock, notifies the assignee
and the managers of the ticket's store (not other stores'), escalates one priority step, and is
audited; paused tickets never breach while they wait.

Time is frozen through tenants.clock.utcnow (the service code reads it through the module)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from api.state import Resources
from api.worker import build_sweeper
from domain.service.breaches import check_tenant
from tenants import clock
from tenants.db import TenantScope, tenant_session
from tests.factories import Api, expect
from tests.service_support import API, act, comment, desk, open_ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")


def sh(day: int, hour: int, minute: int = 0) -> datetime:
    """Shanghai wall-clock time in September 2026 (the 28th is a Monday), as UTC."""
    return datetime(2026, 9, day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


class Frozen:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, at: datetime) -> None:
        self.now = at
        monkeypatch.setattr(clock, "utcnow", lambda: self.now)


async def run_check(resources: Resources, tenant_id: str, now: datetime) -> int:
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(tenant_id))) as session:
        return await check_tenant(session, uuid.UUID(tenant_id), now)


async def test_breach_is_recorded_once_notified_and_escalated(
    api: Api, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = Frozen(monkeypatch, sh(28, 10))
    d = await desk(api)
    t = d.tenant
    hz = await api.store(t, "HZ01")
    agent = await api.user(t, "support", scope={"kind": "store", "store_ids": [d.store_id]})
    manager = await api.user(t, "store_manager", scope={"kind": "store", "store_ids": [d.store_id]})
    other_manager = await api.user(t, "store_manager", scope={"kind": "store", "store_ids": [hz]})
    ticket = await open_ticket(api, t.owner, d, assignee_id=agent.user_id)
    tid = ticket["id"]
    # normal: first response 240 business minutes → Monday 14:00; resolution 1440 → Wednesday 16:00.
    assert ticket["sla"]["first_response"]["due_at"] == sh(28, 14).isoformat().replace("+00:00", "Z")
    assert ticket["sla"]["resolution"]["due_at"] == sh(30, 16).isoformat().replace("+00:00", "Z")

    assert await run_check(resources, t.id, sh(28, 13, 59)) == 0
    frozen.now = sh(28, 13, 30)
    at_risk = expect(await api.client.get(f"{API}/tickets/{tid}", headers=t.owner.headers), 200)
    assert at_risk["sla"]["state"] == "at_risk"  # 80 % of 240 minutes ran at 13:12
    listed = expect(
        await api.client.get(f"{API}/tickets", params={"sla_state": "at_risk"}, headers=t.owner.headers), 200
    )
    assert [x["id"] for x in listed["items"]] == [tid]

    frozen.now = sh(28, 14)
    assert await run_check(resources, t.id, sh(28, 14)) == 1
    assert await run_check(resources, t.id, sh(28, 14, 1)) == 0  # idempotent
    after = expect(await api.client.get(f"{API}/tickets/{tid}", headers=t.owner.headers), 200)
    assert after["first_response_breached"] is True
    assert after["resolution_breached"] is False
    assert (after["priority"], after["escalation_level"], after["assignee_id"]) == ("high", 1, agent.user_id)
    assert after["sla"]["state"] == "breached"
    kinds = [(e["kind"], e["actor_type"]) for e in after["events"]]
    assert kinds == [("created", "user"), ("sla_breached", "system"), ("escalated", "system")]
    assert after["events"][1]["data"]["clock"] == "first_response"
    assert after["events"][2]["data"]["priority"] == {"from": "normal", "to": "high"}
    # high: resolution 480 business minutes from Monday 10:00 → Monday 18:00.
    assert after["sla"]["resolution"]["due_at"] == sh(28, 18).isoformat().replace("+00:00", "Z")

    for user, expected in ((agent, 1), (manager, 1), (other_manager, 0)):
        notes = expect(await api.client.get(f"{API}/notifications", headers=user.headers), 200)["items"]
        assert len(notes) == expected, user.email
        if expected:
            assert notes[0]["title"] == f"工单 {ticket['number']} 已超出 SLA"
            assert notes[0]["link"] == f"/tickets/{tid}"
    audit = expect(
        await api.client.get(f"{API}/audit-log", params={"target_id": tid, "limit": 50}, headers=t.owner.headers),
        200,
    )
    assert {"ticket.sla_breached", "ticket.escalated"} <= {e["action"] for e in audit["items"]}

    # The resolution clock breaches at 18:00: recorded once, and urgent is one step up.
    assert await run_check(resources, t.id, sh(28, 17, 59)) == 0
    assert await run_check(resources, t.id, sh(28, 18)) == 1
    assert await run_check(resources, t.id, sh(29, 9)) == 0
    final = expect(await api.client.get(f"{API}/tickets/{tid}", headers=t.owner.headers), 200)
    assert (final["resolution_breached"], final["priority"], final["escalation_level"]) == (True, "urgent", 2)
    breached = expect(await api.client.get(f"{API}/tickets", params={"breached": True}, headers=t.owner.headers), 200)
    assert [x["id"] for x in breached["items"]] == [tid]


async def test_pending_tickets_do_not_breach_and_late_replies_are_flagged(
    api: Api, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = Frozen(monkeypatch, sh(28, 10))
    d = await desk(api)
    owner = d.tenant.owner
    waiting = await open_ticket(api, owner, d, subject="等待客户")
    await act(api, owner, waiting["id"], "wait")
    late = await open_ticket(api, owner, d, subject="回复太晚")
    # Tuesday: the waiting ticket's clocks are paused, so nothing is due for it.
    frozen.now = sh(29, 12)
    # The late ticket is answered after its 14:00 due time: the breach is recorded by the reply.
    await comment(api, owner, late["id"], "抱歉久等", public=True)
    replied = expect(await api.client.get(f"{API}/tickets/{late['id']}", headers=owner.headers), 200)
    assert replied["first_response_breached"] is True
    assert replied["first_response_minutes"] == 480 + 180  # Monday 10–18 and Tuesday 09–12
    assert [e["kind"] for e in replied["events"]] == ["created", "sla_breached", "replied"]
    assert await run_check(resources, d.tenant.id, sh(29, 12)) == 0
    # Resumed on Tuesday 12:00: paused Monday 10–18 and Tuesday 09–12, so due 660 minutes later.
    resumed = await act(api, owner, waiting["id"], "start")
    assert resumed["sla"]["paused_minutes"] == 480 + 180
    assert resumed["sla"]["first_response"]["due_at"] == sh(29, 16).isoformat().replace("+00:00", "Z")
    assert await run_check(resources, d.tenant.id, sh(29, 15, 59)) == 0
    assert await run_check(resources, d.tenant.id, sh(29, 16)) == 1


async def test_the_monitor_visits_every_tenant(api: Api, resources: Resources, monkeypatch: pytest.MonkeyPatch) -> None:
    Frozen(monkeypatch, sh(28, 10))
    first, second = await desk(api), await desk(api)
    one = await open_ticket(api, first.tenant.owner, first)
    two = await open_ticket(api, second.tenant.owner, second)
    await build_sweeper(resources.sessions).run_once(sh(28, 14))
    for d, ticket in ((first, one), (second, two)):
        got = expect(await api.client.get(f"{API}/tickets/{ticket['id']}", headers=d.tenant.owner.headers), 200)
        assert got["first_response_breached"] is True
