"""In-app notifications: approvers of the order's store are notified once; each user sees and
marks only their own."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update

from api.state import Resources
from domain.integrations.events import Event
from domain.integrations.models import OutboxEvent
from domain.integrations.relay import Relay
from domain.orders.consumers import ApprovalRequests
from domain.orders.events import ORDER_SUBMITTED
from tenants.db import TenantScope, tenant_session
from tenants.models import User
from tests.events_support import emit_event, order_data
from tests.factories import Api, expect

URL = "/api/v1/notifications"


async def _submit(
    resources: Resources, tenant_id: uuid.UUID, store_id: str, number: str, requires_approval: bool
) -> uuid.UUID:
    status = "pending_approval" if requires_approval else "approved"
    data = order_data(number, status=status, total="9999.00", requires_approval=requires_approval)
    reasons = ["total above 5000.00"] if requires_approval else []
    return await emit_event(
        resources, tenant_id, {**data, "approval_reasons": reasons}, topic=ORDER_SUBMITTED, store_id=uuid.UUID(store_id)
    )


async def test_approvers_of_the_store_are_notified_once_and_manage_their_own(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    tenant_id = uuid.UUID(tenant.id)
    sh = await api.store(tenant, "SH01")
    bj = await api.store(tenant, "BJ01")
    sh_manager = await api.user(tenant, "store_manager", scope={"kind": "store", "store_ids": [sh]})
    bj_manager = await api.user(tenant, "store_manager", scope={"kind": "store", "store_ids": [bj]})
    sales = await api.user(tenant, "sales", scope={"kind": "store", "store_ids": [sh]})
    event_id = await _submit(resources, tenant_id, sh, "SO-2025-000042", True)
    await _submit(resources, tenant_id, sh, "SO-2025-000043", False)  # auto-approved: nobody to ask

    assert await Relay(resources.sessions, [ApprovalRequests()], tenant_id=tenant_id).drain() == 2
    # Redelivery (at least once) adds nothing.
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        row = (
            await session.execute(
                select(OutboxEvent).where(OutboxEvent.tenant_id == tenant_id, OutboxEvent.id == event_id)
            )
        ).scalar_one()
        await ApprovalRequests().handle(session, Event.of(row))

    mine = expect(await api.client.get(URL, headers=sh_manager.headers), 200)
    assert [(n["kind"], n["title"], n["link"], n["event_id"], n["read_at"]) for n in mine["items"]] == [
        ("order.awaiting_approval", "订单 SO-2025-000042 待审批", mine["items"][0]["link"], str(event_id), None)
    ]
    assert mine["items"][0]["link"].startswith("/orders/")
    assert mine["next_cursor"] is None
    owner = expect(await api.client.get(URL, headers=tenant.owner.headers), 200)
    assert [n["event_id"] for n in owner["items"]] == [str(event_id)]
    assert expect(await api.client.get(URL, headers=bj_manager.headers), 200)["items"] == []
    assert expect(await api.client.get(URL, headers=sales.headers), 200)["items"] == []

    notification_id = mine["items"][0]["id"]
    # Another user's notification looks like a missing one.
    expect(await api.client.post(f"{URL}/{notification_id}/read", headers=bj_manager.headers), 404)
    read = expect(await api.client.post(f"{URL}/{notification_id}/read", headers=sh_manager.headers), 200)
    assert read["read_at"] is not None
    assert expect(await api.client.get(URL, params={"unread": "true"}, headers=sh_manager.headers), 200)["items"] == []
    assert (
        len(expect(await api.client.get(URL, params={"unread": "true"}, headers=tenant.owner.headers), 200)["items"])
        == 1
    )
    assert expect(await api.client.post(f"{URL}/read-all", headers=tenant.owner.headers), 200) == {"updated": 1}
    assert expect(await api.client.post(f"{URL}/read-all", headers=tenant.owner.headers), 200) == {"updated": 0}
    assert (
        expect(await api.client.get(URL, params={"unread": "true"}, headers=tenant.owner.headers), 200)["items"] == []
    )


async def test_notifications_page_with_a_cursor(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    tenant_id = uuid.UUID(tenant.id)
    store = await api.store(tenant, "SH01")
    first = await _submit(resources, tenant_id, store, "SO-2025-000001", True)
    second = await _submit(resources, tenant_id, store, "SO-2025-000002", True)
    assert await Relay(resources.sessions, [ApprovalRequests()], tenant_id=tenant_id).drain() == 2

    page = expect(await api.client.get(URL, params={"limit": 1}, headers=tenant.owner.headers), 200)
    assert [n["event_id"] for n in page["items"]] == [str(second)]
    rest = expect(
        await api.client.get(URL, params={"limit": 1, "cursor": page["next_cursor"]}, headers=tenant.owner.headers), 200
    )
    assert [n["event_id"] for n in rest["items"]] == [str(first)]
    assert rest["next_cursor"] is None


async def test_api_keys_have_no_notifications(api: Api) -> None:
    tenant = await api.signup()
    key = await api.api_key(tenant, ["customers:read"])
    body = expect(await api.client.get(URL, headers=key.headers), 403)
    assert body["code"] == "not_a_user"


async def test_the_approval_notice_writes_the_total_in_each_reader_language(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    tenant_id = uuid.UUID(tenant.id)
    sh = await api.store(tenant, "SH01")
    english = await api.user(tenant, "store_manager", scope={"kind": "store", "store_ids": [sh]})
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        await session.execute(update(User).where(User.id == uuid.UUID(english.user_id)).values(locale="en"))
    await _submit(resources, tenant_id, sh, "SO-2025-000042", True)
    assert await Relay(resources.sessions, [ApprovalRequests()], tenant_id=tenant_id).drain() == 1

    [zh] = expect(await api.client.get(URL, headers=tenant.owner.headers), 200)["items"]
    assert (zh["title"], zh["body"]) == (
        "订单 SO-2025-000042 待审批",
        "订单 SO-2025-000042（金额 ¥9,999.00）需要审批。",
    )
    [en] = expect(await api.client.get(URL, headers=english.headers), 200)["items"]
    assert (en["title"], en["body"]) == (
        "Order SO-2025-000042 awaits approval",
        "Order SO-2025-000042 (total ¥9,999.00) needs your approval.",
    )
