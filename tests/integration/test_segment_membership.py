"""Stored segment membership kept by events equals a rebuild from scratch, after random sequences
of customer, order and ticket changes made through the API (seeded, bounded); RFM scores on a
data set whose quintiles are known; the daily sweep of calendar-relative segments; the repair
command's rebuild finding nothing to fix."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, update

from api.state import Resources
from domain.integrations.relay import Relay
from domain.kernel.recorder import system_ctx
from domain.marketing import membership, rfm
from domain.marketing.consumers import SegmentMembership
from domain.marketing.fields import tenant_fields
from domain.marketing.models import CustomerRfm, Segment, SegmentMember
from domain.marketing.repair import rebuild_tenant
from domain.orders.models import Order
from tenants.clock import utcnow
from tenants.db import TenantScope, tenant_session
from tests.factories import Api, expect
from tests.orders_support import API, Shop, act, create_order, shop


def cond(field: str, operator: str, value: Any = None, days: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "condition", "field": field, "operator": operator, "value": value}
    if days is not None:
        out["days"] = days
    return out


def group(match: str, *conditions: dict[str, Any]) -> dict[str, Any]:
    return {"type": "group", "match": match, "conditions": list(conditions)}


def segment_rules(s: Shop) -> dict[str, dict[str, Any]]:
    return {
        "bought": group("all", cond("order_count", "gte", 1)),
        "big spenders": group("all", cond("spend", "gte", "150", days=30)),
        "female VIP": group("all", cond("gender", "in", ["female"]), cond("tags", "any_of", ["VIP"])),
        "vip or never bought": group("any", cond("lifecycle_stage", "in", ["vip"]), cond("order_count", "lt", 1)),
        "open tickets": group("all", cond("open_tickets", "gte", 1)),
        "cup buyers": group("all", cond("bought_product", "any_of", [s.products["A"]])),
        "no tea, not VIP": group(
            "all", cond("bought_product", "none_of", [s.products["B"]]), cond("tags", "none_of", ["VIP"])
        ),
    }


async def stored(resources: Resources, tenant_id: uuid.UUID) -> dict[str, set[uuid.UUID]]:
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        rows = (
            await session.execute(
                select(Segment.name, SegmentMember.customer_id)
                .join(
                    SegmentMember,
                    (SegmentMember.tenant_id == Segment.tenant_id) & (SegmentMember.segment_id == Segment.id),
                )
                .where(Segment.tenant_id == tenant_id)
            )
        ).all()
        counts = dict(
            (
                await session.execute(select(Segment.name, Segment.member_count).where(Segment.tenant_id == tenant_id))
            ).all()
        )
    out: dict[str, set[uuid.UUID]] = {name: set() for name in counts}
    for name, customer_id in rows:
        out[name].add(customer_id)
    assert {name: len(ids) for name, ids in out.items()} == counts  # member_count never drifts
    return out


async def recomputed(resources: Resources, tenant_id: uuid.UUID) -> dict[str, set[uuid.UUID]]:
    """Every dynamic segment's answer computed from scratch now (what a rebuild would store)."""
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        ctx = system_ctx(session, tenant_id, "test")
        fields, frame = await tenant_fields(ctx), await membership.frame_of(ctx)
        out = {}
        for segment in (await session.execute(select(Segment).where(Segment.tenant_id == tenant_id))).scalars():
            query = membership.matching(membership.rules_of(segment), fields, frame, segment.store_ids)
            out[segment.name] = set((await session.execute(query)).scalars())
    return out


async def random_change(api: Api, s: Shop, rng: random.Random, state: dict[str, list[str]]) -> None:
    owner = s.tenant.owner
    step = rng.choice(["customer", "edit", "order", "order", "cancel", "ticket", "resolve", "delete"])
    customers = state["customers"]
    if step == "customer" or not customers:
        made = await api.customer(
            owner,
            name=f"客户{len(customers)}",
            gender=rng.choice(["female", "male"]),
            tags=rng.sample(["VIP", "茶", "咖啡"], rng.randint(0, 2)),
            lifecycle_stage=rng.choice(["lead", "customer", "vip"]),
        )
        customers.append(made["id"])
    elif step == "edit":
        body = {
            "tags": rng.sample(["VIP", "茶"], rng.randint(0, 2)),
            "lifecycle_stage": rng.choice(["customer", "vip"]),
        }
        expect(
            await api.client.patch(f"{API}/customers/{rng.choice(customers)}", json=body, headers=owner.headers), 200
        )
    elif step == "order":
        sku = rng.choice(["A", "B"])
        lines = [{"product_id": s.products[sku], "quantity": rng.randint(1, 2)}]
        body = {"customer_id": rng.choice(customers), "store_id": s.store_id, "channel": "store", "lines": lines}
        order = expect(await api.client.post(f"{API}/orders", json=body, headers=owner.headers), 201)
        approved = await act(api, owner, order["id"], "submit")
        state["orders"].append(approved["id"])
    elif step == "cancel" and state["orders"]:
        order_id = state["orders"].pop(rng.randrange(len(state["orders"])))
        await act(api, owner, order_id, "cancel", body={"reason": "测试"})
    elif step == "ticket":
        body = {"subject": "咨询", "customer_id": rng.choice(customers)}
        state["tickets"].append(
            expect(await api.client.post(f"{API}/tickets", json=body, headers=owner.headers), 201)["id"]
        )
    elif step == "resolve" and state["tickets"]:
        ticket_id = state["tickets"].pop(rng.randrange(len(state["tickets"])))
        response = await api.client.post(f"{API}/tickets/{ticket_id}/resolve", json={}, headers=owner.headers)
        assert response.status_code in (200, 409), response.text  # a new ticket may need starting first
    elif step == "delete" and len(customers) > 3:
        gone = customers.pop(rng.randrange(len(customers)))
        response = await api.client.delete(f"{API}/customers/{gone}", headers=owner.headers)
        assert response.status_code in (204, 409), response.text  # a customer with orders may be kept


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_incremental_membership_equals_a_rebuild_after_random_changes(
    api: Api, resources: Resources, seed: int
) -> None:
    rng = random.Random(seed)
    s = await shop(api, resources, {"A": 200, "B": 200})
    tenant_id = uuid.UUID(s.tenant.id)
    for name, rules in segment_rules(s).items():
        expect(
            await api.client.post(
                f"{API}/segments", json={"name": name, "rules": rules}, headers=s.tenant.owner.headers
            ),
            201,
        )
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        ctx = system_ctx(session, tenant_id, "test")
        for segment_id in (await session.execute(select(Segment.id).where(Segment.tenant_id == tenant_id))).scalars():
            await membership.rebuild(ctx, segment_id)
    relay = Relay(resources.sessions, [SegmentMembership()], tenant_id=tenant_id)
    state: dict[str, list[str]] = {"customers": [s.customer_id], "orders": [], "tickets": []}
    for _ in range(18):
        await random_change(api, s, rng, state)
        await relay.drain()
    kept = await stored(resources, tenant_id)
    assert kept == await recomputed(resources, tenant_id)
    assert sum(len(ids) for ids in kept.values()) > 0  # the sequence did put people in segments
    repaired = await rebuild_tenant(resources.sessions, tenant_id)
    assert [(r.joined, r.left) for r in repaired] == [(0, 0)] * len(repaired)  # nothing for the repair to fix


async def _backdate(resources: Resources, tenant_id: uuid.UUID, order_id: str, days: int) -> None:
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        await session.execute(
            update(Order)
            .where(Order.tenant_id == tenant_id, Order.id == uuid.UUID(order_id))
            .values(created_at=func.now() - timedelta(days=days))
        )


async def test_rfm_scores_are_quintiles_by_rank_and_name_the_segment(api: Api, resources: Resources) -> None:
    s = await shop(api, resources, {"A": 100, "B": 100})
    owner, tenant_id = s.tenant.owner, uuid.UUID(s.tenant.id)
    # Five buyers: the later in the list, the more recent, frequent and big their purchases.
    buyers = [(await api.customer(owner, name=f"买家{i}"))["id"] for i in range(5)]
    await api.customer(owner, name="没买过")
    for i, customer_id in enumerate(buyers):
        for n in range(i + 1):  # i + 1 orders of i + 1 cups
            order = await create_order(
                api, owner, s, [{"product_id": s.products["A"], "quantity": i + 1}], customer_id=customer_id
            )
            await act(api, owner, order["id"], "submit")
            await _backdate(resources, tenant_id, order["id"], 200 - 40 * i + n)
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        assert await rfm.recompute(session, tenant_id, utcnow()) == 5
        rows = (await session.execute(select(CustomerRfm).where(CustomerRfm.tenant_id == tenant_id))).scalars()
        scores = {str(r.customer_id): (r.recency, r.frequency, r.monetary, r.segment, r.orders) for r in rows}
    assert [scores[c] for c in buyers] == [
        (1, 1, 1, "lost", 1),
        (2, 2, 2, "hibernating", 2),
        (3, 3, 3, "need_attention", 3),
        (4, 4, 4, "loyal", 4),
        (5, 5, 5, "champions", 5),
    ]
    overview = expect(await api.client.get(f"{API}/segments/rfm", headers=owner.headers), 200)
    cells = {c["segment"]: c for c in overview["items"]}
    assert overview["scored"] == 5
    assert (cells["champions"]["customers"], cells["at_risk"]["customers"]) == (1, 0)
    total = sum(Decimal(c["revenue"]) for c in overview["items"])
    assert Decimal(cells["champions"]["revenue"]) / total == pytest.approx(
        Decimal(cells["champions"]["revenue_share"]), abs=1e-4
    )
    # Named segments in rules read the stored scores.
    rules = {"rules": group("all", cond("rfm_segment", "in", ["champions", "loyal"]))}
    found = expect(await api.client.post(f"{API}/segments/preview", json=rules, headers=owner.headers), 200)
    assert sorted(m["name"] for m in found["sample"]) == ["买家3", "买家4"]
    assert rfm.named_segment(1, 5) == "cant_lose"
    assert rfm.named_segment(2, 3) == "at_risk"
    assert rfm.named_segment(5, 1) == "new"
    assert rfm.named_segment(4, 1) == "promising"
    assert rfm.named_segment(5, 2) == "potential_loyalist"
    assert rfm.named_segment(3, 1) == "about_to_sleep"


async def test_the_daily_sweep_moves_calendar_relative_segments_once_a_day(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner, tenant_id = s.tenant.owner, uuid.UUID(s.tenant.id)
    order = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    await act(api, owner, order["id"], "submit")
    rules = group("all", cond("last_purchase_at", "not_in_last_days", 30))
    made = expect(
        await api.client.post(f"{API}/segments", json={"name": "沉睡", "rules": rules}, headers=owner.headers), 201
    )
    assert made["time_relative"] is True
    now = utcnow()
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        await membership.rebuild(system_ctx(session, tenant_id, "test"), uuid.UUID(made["id"]), now=now)
    assert (await stored(resources, tenant_id))["沉睡"] == set()
    later = now + timedelta(days=31)
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        assert await membership.sweep(session, tenant_id, later) == 1
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        assert await membership.sweep(session, tenant_id, later + timedelta(hours=1)) == 0  # once a day
    assert (await stored(resources, tenant_id))["沉睡"] == {uuid.UUID(s.customer_id)}


async def test_buyers_of_the_same_latest_moment_all_score_top_recency(api: Api, resources: Resources) -> None:
    s = await shop(api, resources, {"A": 100})
    owner, tenant_id = s.tenant.owner, uuid.UUID(s.tenant.id)
    buyers = [(await api.customer(owner, name=f"新客{i}"))["id"] for i in range(3)]
    for customer_id in buyers:
        order = await create_order(
            api, owner, s, [{"product_id": s.products["A"], "quantity": 1}], customer_id=customer_id
        )
        await act(api, owner, order["id"], "submit")
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        await session.execute(
            update(Order).where(Order.tenant_id == tenant_id).values(created_at=func.date_trunc("day", func.now()))
        )
        await rfm.recompute(session, tenant_id, utcnow())
        rows = (await session.execute(select(CustomerRfm).where(CustomerRfm.tenant_id == tenant_id))).scalars()
        scores = sorted((r.recency, r.frequency, r.segment) for r in rows)
    assert scores == [(5, 1, "new")] * 3
