"""Service settings and ticket categories over HTTP: defaults, validation (422, nothing saved),
audit, and new targets moving the due times of open tickets."""

from __future__ import annotations

from typing import Any

from tests.factories import Api, expect
from tests.service_support import API, act, desk, open_ticket

SETTINGS = f"{API}/settings/service"


def body(current: dict[str, Any], **changes: Any) -> dict[str, Any]:
    keys = ("targets", "business_hours", "auto_assign", "escalate_raise_priority", "escalation_assignee_id")
    out = {k: current[k] for k in keys}
    out |= {"reopen_window_hours": current["reopen_window_hours"], "csat_ttl_hours": current["csat_ttl_hours"]}
    return out | changes


async def test_defaults_validation_and_audit(api: Api) -> None:
    d = await desk(api)
    h = d.tenant.owner.headers
    current = expect(await api.client.get(SETTINGS, headers=h), 200)
    assert current["business_hours"] == {"work_days": [1, 2, 3, 4, 5], "start": "09:00", "end": "18:00", "holidays": []}
    assert current["targets"]["urgent"] == {"first_response_minutes": 30, "resolution_minutes": 240}
    assert (current["timezone"], current["auto_assign"], current["updated_at"]) == ("Asia/Shanghai", False, None)
    bad_cases = [
        (body(current, business_hours={"work_days": [1], "start": "18:00", "end": "09:00"}), "business_hours.end"),
        (body(current, business_hours={"work_days": [], "start": "09:00", "end": "18:00"}), "business_hours.work_days"),
        (
            body(current, business_hours={"work_days": [8], "start": "09:00", "end": "18:00"}),
            "business_hours.work_days.0",
        ),
        (body(current, business_hours={"work_days": [1], "start": "9am", "end": "18:00"}), "business_hours.start"),
        (
            body(
                current,
                targets={**current["targets"], "low": {"first_response_minutes": 900, "resolution_minutes": 60}},
            ),
            "targets.low.first_response_minutes",
        ),
        (body(current, csat_ttl_hours=0), "csat_ttl_hours"),
        (body(current, escalation_assignee_id=d.customer_id), "escalation_assignee_id"),
        ({**body(current), "timezone": "UTC"}, "timezone"),
    ]
    for payload, field in bad_cases:
        problem = expect(await api.client.put(SETTINGS, json=payload, headers=h), 422)
        assert [e["field"] for e in problem["errors"]] == [field], problem
    assert expect(await api.client.get(SETTINGS, headers=h), 200)["updated_at"] is None
    hours = {"work_days": [1, 2, 3, 4, 5, 6], "start": "08:30", "end": "24:00", "holidays": ["2026-10-01"]}
    saved = expect(await api.client.put(SETTINGS, json=body(current, business_hours=hours), headers=h), 200)
    assert saved["business_hours"] == hours
    audit = expect(await api.client.get(f"{API}/audit-log", params={"action": "service_settings."}, headers=h), 200)
    [entry] = audit["items"]
    assert entry["changes"]["business_hours"]["to"] == hours
    support = await api.user(d.tenant, "support")
    assert expect(await api.client.get(SETTINGS, headers=support.headers), 200)["business_hours"] == hours
    denied = await api.client.put(SETTINGS, json=body(current), headers=support.headers)
    assert expect(denied, 403)["permission"] == "service:manage"


async def test_new_targets_move_the_due_times_of_open_tickets(api: Api) -> None:
    d = await desk(api)
    h = d.tenant.owner.headers
    open_one = await open_ticket(api, d.tenant.owner, d)
    done = await open_ticket(api, d.tenant.owner, d)
    done = await act(api, d.tenant.owner, done["id"], "resolve")
    current = expect(await api.client.get(SETTINGS, headers=h), 200)
    targets = {**current["targets"], "normal": {"first_response_minutes": 60, "resolution_minutes": 120}}
    expect(await api.client.put(SETTINGS, json=body(current, targets=targets), headers=h), 200)
    moved = expect(await api.client.get(f"{API}/tickets/{open_one['id']}", headers=h), 200)
    assert moved["sla"]["first_response"]["target_minutes"] == 60
    assert moved["sla"]["next_due_at"] < open_one["sla"]["next_due_at"]
    kept = expect(await api.client.get(f"{API}/tickets/{done['id']}", headers=h), 200)
    assert kept["sla"]["resolution"]["due_at"] == done["sla"]["resolution"]["due_at"]


async def test_categories(api: Api) -> None:
    d = await desk(api)
    h = d.tenant.owner.headers
    created = expect(await api.client.post(f"{API}/ticket-categories", json={"name": "配送"}, headers=h), 201)
    clash = await api.client.post(f"{API}/ticket-categories", json={"name": "配送"}, headers=h)
    assert expect(clash, 409)["code"] == "category_name_taken"
    url = f"{API}/ticket-categories/{created['id']}"
    off = expect(await api.client.patch(url, json={"active": False}, headers=h), 200)
    assert (off["name"], off["active"]) == ("配送", False)
    refused = await api.client.post(
        f"{API}/tickets", json={"subject": "x", "customer_id": d.customer_id, "category_id": created["id"]}, headers=h
    )
    assert expect(refused, 422)["errors"] == [{"field": "category_id", "message": "is not an active ticket category"}]
    listed = expect(await api.client.get(f"{API}/ticket-categories", headers=h), 200)
    assert [c["name"] for c in listed["items"]] == ["配送"]


async def test_the_support_address_is_checked_kept_when_absent_and_cleared_by_null(api: Api) -> None:
    d = await desk(api)
    h = d.tenant.owner.headers
    current = expect(await api.client.get(SETTINGS, headers=h), 200)
    assert current["support_email"] is None
    problem = expect(await api.client.put(SETTINGS, json=body(current, support_email="not-an-address"), headers=h), 422)
    assert [e["field"] for e in problem["errors"]] == ["support_email"]
    assert expect(await api.client.get(SETTINGS, headers=h), 200)["updated_at"] is None
    saved = expect(await api.client.put(SETTINGS, json=body(current, support_email=" Help@Shop.CN "), headers=h), 200)
    assert saved["support_email"] == "help@shop.cn"
    kept = expect(await api.client.put(SETTINGS, json=body(current, auto_assign=True), headers=h), 200)
    assert (kept["support_email"], kept["auto_assign"]) == ("help@shop.cn", True)
    cleared = expect(await api.client.put(SETTINGS, json=body(current, support_email=None), headers=h), 200)
    assert cleared["support_email"] is None
