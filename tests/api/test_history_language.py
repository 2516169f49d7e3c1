"""Timelines read in the reader's language: what the product wrote by itself (the approval rules'
name, their note) is stored as English and rendered per request; what a person wrote is not."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from api.state import Resources
from domain.orders.models import OrderEvent
from tenants.db import TenantScope, tenant_session
from tests.factories import Api, expect
from tests.orders_support import API, Shop, act, create_order, shop

ZH = {"Accept-Language": "zh-CN"}
EN = {"Accept-Language": "en"}
AUTO = "Approved automatically: within the approval rules."


def two_lines(s: Shop) -> list[dict[str, object]]:
    return [{"product_id": s.products["A"], "quantity": 2}, {"product_id": s.products["B"], "quantity": 1}]


async def test_the_automatic_approval_reads_in_each_language(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, two_lines(s))
    await act(api, owner, order["id"], "submit")
    await act(api, owner, order["id"], "cancel", body={"reason": AUTO})  # a person's note, same words
    url = f"{API}/orders/{order['id']}"

    zh = expect(await api.client.get(url, headers={**owner.headers, **ZH}), 200)
    created, submitted, approved, cancelled = zh["events"]
    assert (approved["actor_type"], approved["actor_label"], approved["note"]) == (
        "system",
        "审批规则",
        "自动审批通过：在审批规则范围内。",
    )
    assert (cancelled["actor_type"], cancelled["note"]) == ("user", AUTO)  # a person's words: never translated
    assert submitted["actor_label"] == created["actor_label"] != "审批规则"

    for headers in (EN, {}):
        en = expect(await api.client.get(url, headers={**owner.headers, **headers}), 200)
        assert (en["events"][2]["actor_label"], en["events"][2]["note"]) == ("approval rules", AUTO)

    # Stored once, in English: rows written before any reader asked read in Chinese the same way.
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(s.tenant.id))) as session:
        stored = (
            await session.execute(
                select(OrderEvent.actor_label, OrderEvent.note).where(
                    OrderEvent.order_id == uuid.UUID(order["id"]), OrderEvent.kind == "approved"
                )
            )
        ).one()
    assert tuple(stored) == ("approval rules", AUTO)


async def test_a_refused_transition_comes_back_in_chinese(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, two_lines(s))
    await act(api, owner, order["id"], "submit")
    response = await api.client.post(f"{API}/orders/{order['id']}/submit", json=None, headers={**owner.headers, **ZH})
    body = expect(response, 409)
    assert body["detail"] == "订单为“已审批”状态时不能提交。"
    assert (body["code"], body["current_status"], body["action"]) == ("invalid_transition", "approved", "submit")
