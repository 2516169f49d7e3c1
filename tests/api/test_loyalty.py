"""Loyalty over HTTP: the program settings, earning on the program's order status (once), tiers
with their timeline row and event, redemption at capture lowering the total, its return when the
order stops, proportional reversal on refunds, FIFO expiry, manual adjustments (permission,
audit, never below zero) and the balance always equal to the ledger."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from api.state import Resources
from domain.integrations.models import OutboxEvent
from domain.kernel.recorder import system_ctx
from domain.loyalty.expiry import POINTS_EXPIRY, expire_points, review_tiers
from domain.loyalty.models import LedgerEntry, LoyaltyAccount
from domain.loyalty.queries import account_view
from tenants.clock import utcnow
from tenants.db import TenantScope, tenant_session
from tests.factories import Actor, Api, expect
from tests.orders_support import API, Shop, act, create_order, deliver_order, pay, shop

TIERS = [
    {"code": "silver", "name_zh": "银卡", "name_en": "Silver", "threshold": "200", "discount_percent": "0"},
    {"code": "gold", "name_zh": "金卡", "name_en": "Gold", "threshold": "1000", "discount_percent": "5"},
]


def program(**overrides: Any) -> dict[str, Any]:
    return {
        "enabled": True,
        "earn_rate": "1",
        "earn_rounding": "floor",
        "earn_on": "completed",
        "expiry_months": 12,
        "redeem_rate": 100,
        "tier_basis": "spend",
        "tiers": TIERS,
        "member_prefix": "VIP",
        "member_digits": 6,
        **overrides,
    }


async def set_program(api: Api, actor: Actor, status: int = 200, **overrides: Any) -> Any:
    response = await api.client.put(f"{API}/settings/loyalty", json=program(**overrides), headers=actor.headers)
    return expect(response, status)


async def account(api: Api, actor: Actor, customer_id: str, status: int = 200) -> Any:
    return expect(await api.client.get(f"{API}/customers/{customer_id}/loyalty", headers=actor.headers), status)


async def entries(api: Api, actor: Actor, customer_id: str) -> list[dict[str, Any]]:
    response = await api.client.get(
        f"{API}/customers/{customer_id}/loyalty/transactions", params={"limit": 200}, headers=actor.headers
    )
    return list(expect(response, 200)["items"])


async def adjust(api: Api, actor: Actor, customer_id: str, points: int, reason: str, status: int = 201) -> Any:
    response = await api.client.post(
        f"{API}/customers/{customer_id}/loyalty/adjustments",
        json={"points": points, "reason": reason},
        headers=actor.headers,
    )
    return expect(response, status)


async def ledger_sum(resources: Resources, tenant_id: str, customer_id: str) -> tuple[int, int]:
    """(Σ ledger points, the account's balance) read straight from the tables."""
    tid = uuid.UUID(tenant_id)
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        total = (
            await session.execute(
                select(func.coalesce(func.sum(LedgerEntry.points), 0)).where(
                    LedgerEntry.tenant_id == tid, LedgerEntry.customer_id == uuid.UUID(customer_id)
                )
            )
        ).scalar_one()
        balance = (
            await session.execute(
                select(LoyaltyAccount.balance).where(
                    LoyaltyAccount.tenant_id == tid, LoyaltyAccount.customer_id == uuid.UUID(customer_id)
                )
            )
        ).scalar_one()
    return int(total), int(balance)


async def loyalty_events(resources: Resources, tenant_id: str) -> list[dict[str, Any]]:
    tid = uuid.UUID(tenant_id)
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        rows = (
            await session.execute(
                select(OutboxEvent.payload)
                .where(OutboxEvent.tenant_id == tid, OutboxEvent.aggregate_type == "loyalty_account")
                .order_by(OutboxEvent.id)
            )
        ).scalars()
        return [dict(r) for r in rows]


async def complete(api: Api, actor: Actor, s: Shop, lines: list[dict[str, Any]]) -> dict[str, Any]:
    order = await deliver_order(api, actor, s, lines)
    await pay(api, actor, order["id"], order["total"])
    return await act(api, actor, order["id"], "complete")


async def test_the_program_is_off_until_set_and_each_change_is_audited(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    defaults = expect(await api.client.get(f"{API}/settings/loyalty", headers=owner.headers), 200)
    assert (defaults["enabled"], defaults["earn_on"], defaults["redeem_rate"], defaults["tiers"]) == (
        False,
        "completed",
        100,
        [],
    )
    reversed_tiers = list(reversed(TIERS))
    saved = await set_program(api, owner, tiers=reversed_tiers, earn_rate="1.5")
    assert [t["code"] for t in saved["tiers"]] == ["silver", "gold"]  # kept by threshold
    assert (saved["enabled"], saved["earn_rate"], saved["currency"]) == (True, "1.5", "CNY")
    audit = expect(await api.client.get(f"{API}/audit-log", headers=owner.headers), 200)["items"]
    entry = next(e for e in audit if e["action"] == "loyalty_settings.updated")
    assert entry["changes"]["enabled"] == {"from": None, "to": True}

    clash = [TIERS[0], {**TIERS[1], "code": "silver", "threshold": "200"}]
    bad = await api.client.put(
        f"{API}/settings/loyalty",
        json=program(tiers=clash),
        headers={**owner.headers, "Accept-Language": "zh-CN"},
    )
    problem = expect(bad, 422)
    assert {(e["field"], e["message"]) for e in problem["errors"]} == {
        ("tiers.1.code", "在多个等级中重复出现"),
        ("tiers.1.threshold", "与另一个等级的门槛相同"),
    }
    sales = await api.user(s.tenant, "sales")
    refused = await api.client.put(f"{API}/settings/loyalty", json=program(), headers=sales.headers)
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")


async def test_a_completed_order_earns_once_and_lifts_her_tier_with_a_timeline_row_and_an_event(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    await set_program(api, owner)
    before = await account(api, owner, s.customer_id)
    assert (before["member_number"], before["balance"], before["tier"]) == (None, 0, None)

    order = await complete(
        api, owner, s, [{"product_id": s.products["A"], "quantity": 2}, {"product_id": s.products["B"], "quantity": 1}]
    )
    assert order["total"] == "235.50"

    now = await account(api, owner, s.customer_id)
    assert (now["member_number"], now["balance"], now["balance_value"]) == ("VIP000001", 235, "2.35")
    assert now["tier"]["code"] == "silver"
    assert now["rolling_figure"] == "235.50"
    assert (now["next_tier"]["tier"]["code"], now["next_tier"]["missing"]) == ("gold", "764.50")
    assert now["expiring_points"] == 0  # they expire in 12 months
    [earned] = await entries(api, owner, s.customer_id)
    assert (earned["kind"], earned["points"], earned["amount"], earned["order_id"]) == (
        "earn",
        235,
        "235.50",
        order["id"],
    )
    assert earned["expires_at"] > earned["created_at"]

    timeline = expect(
        await api.client.get(
            f"{API}/customers/{s.customer_id}/timeline", params={"kind": "loyalty"}, headers=owner.headers
        ),
        200,
    )
    assert [i["kind"] for i in timeline["items"]] == ["loyalty.tier_changed", "loyalty.earned"]
    assert timeline["items"][0]["data"] == {
        "from_tier": "",
        "to_tier": "silver",
        "to_name_zh": "银卡",
        "to_name_en": "Silver",
        "lower": False,
    }
    assert timeline["items"][0]["subject_label"] == "VIP000001"
    topics = [
        (e["type"], e["data"]["balance"], e["data"]["tier"]) for e in await loyalty_events(resources, s.tenant.id)
    ]
    assert topics == [("loyalty.points_changed", 235, ""), ("loyalty.tier_changed", 235, "silver")]

    # Completing again is refused by the lifecycle; the ledger still holds one earn for the order.
    again = await api.client.post(f"{API}/orders/{order['id']}/complete", headers=owner.headers)
    assert again.status_code == 409
    assert len(await entries(api, owner, s.customer_id)) == 1

    summary = expect(await api.client.get(f"{API}/customers/{s.customer_id}/summary", headers=owner.headers), 200)
    assert summary["loyalty"] == {
        "member_number": "VIP000001",
        "balance": 235,
        "tier": {"code": "silver", "name_zh": "银卡", "name_en": "Silver", "threshold": "200", "discount_percent": "0"},
    }


async def test_points_redeemed_at_capture_lower_the_total_and_come_back_when_the_order_is_cancelled(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    await set_program(api, owner)
    adjusted = await adjust(api, owner, s.customer_id, 1000, "开卡赠送")
    assert adjusted["balance"] == 1000
    line = [{"product_id": s.products["A"], "quantity": 1}]

    quote = expect(
        await api.client.post(
            f"{API}/orders/quote",
            json={"lines": line, "customer_id": s.customer_id, "redeem_points": 550},
            headers=owner.headers,
        ),
        200,
    )
    assert (quote["total"], quote["points_discount"], quote["discount_total"]) == ("94.50", "5.50", "5.50")

    order = await create_order(api, owner, s, line, redeem_points=550)
    assert (order["total"], order["points_redeemed"], order["points_discount"], order["discount"]) == (
        "94.50",
        550,
        "5.50",
        "0.00",
    )
    assert order["lines"][0]["line_total"] == "94.50"
    assert (await account(api, owner, s.customer_id))["balance"] == 450

    short = await api.client.post(
        f"{API}/orders",
        json={
            "customer_id": s.customer_id,
            "store_id": s.store_id,
            "channel": "store",
            "lines": line,
            "redeem_points": 451,
        },
        headers={**owner.headers, "Accept-Language": "zh-CN"},
    )
    problem = expect(short, 409)
    assert (problem["code"], problem["balance"], problem["requested"]) == ("insufficient_points", 450, 451)
    assert problem["detail"] == "该会员仅有 450 积分，无法使用 451 积分。"
    await adjust(api, owner, s.customer_id, 20000, "测试")
    too_much = await create_order(api, owner, s, line, status=422, redeem_points=10001)
    assert too_much["errors"] == [
        {"field": "redeem_points", "message": "are worth 100.01, more than the order's 100.00"}
    ]
    walk_in = await api.client.post(
        f"{API}/orders",
        json={"store_id": s.store_id, "channel": "store", "lines": line, "redeem_points": 1},
        headers=owner.headers,
    )
    assert expect(walk_in, 422)["errors"] == [
        {"field": "redeem_points", "message": "needs a member: the order has no customer"}
    ]
    assert (await account(api, owner, s.customer_id))["balance"] == 20450  # the refused captures took nothing

    await act(api, owner, order["id"], "cancel", body={"reason": "顾客改主意"})
    assert (await account(api, owner, s.customer_id))["balance"] == 21000
    kinds = [(e["kind"], e["points"]) for e in await entries(api, owner, s.customer_id)]
    assert kinds == [("restore", 550), ("adjust", 20000), ("redeem", -550), ("adjust", 1000)]
    assert await ledger_sum(resources, s.tenant.id, s.customer_id) == (21000, 21000)


async def test_a_refund_takes_back_points_in_proportion_to_the_money_refunded(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    await set_program(api, owner, earn_on="delivered", earn_rounding="half_up", earn_rate="0.5")
    order = await deliver_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 3}])
    await pay(api, owner, order["id"], "300.00")
    assert (await account(api, owner, s.customer_id))["balance"] == 150
    line_id = order["lines"][0]["id"]
    ret = expect(
        await api.client.post(
            f"{API}/orders/{order['id']}/returns",
            json={"lines": [{"line_id": line_id, "quantity": 1}], "reason": "破损"},
            headers=owner.headers,
        ),
        201,
    )
    for action, body in (("approve", {}), ("receive", {"store_id": s.store_id}), ("refund", {"method": "cash"})):
        expect(await api.client.post(f"{API}/returns/{ret['id']}/{action}", json=body, headers=owner.headers), 200)

    now = await account(api, owner, s.customer_id)
    assert now["balance"] == 100  # 150 × 100 / 300
    assert now["rolling_figure"] == "200.00"
    reverse = (await entries(api, owner, s.customer_id))[0]
    assert (reverse["kind"], reverse["points"], reverse["amount"], reverse["return_id"]) == (
        "reverse",
        -50,
        "-100.00",
        ret["id"],
    )


async def test_points_expire_oldest_first_once(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    await set_program(api, owner, expiry_months=1)
    await adjust(api, owner, s.customer_id, 100, "旧积分")  # expires in a month
    await set_program(api, owner, expiry_months=12)
    await adjust(api, owner, s.customer_id, 50, "新积分")  # expires in a year
    await adjust(api, owner, s.customer_id, -30, "兑换礼品")  # spends the oldest first: 70 + 50 left
    tid = uuid.UUID(s.tenant.id)
    now = utcnow()
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        view = await account_view(
            system_ctx(session, tid, POINTS_EXPIRY), uuid.UUID(s.customer_id), now + timedelta(days=10)
        )
    assert view.expiring_points == 70

    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        assert await expire_points(session, tid, now + timedelta(days=40)) == 1
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        assert await expire_points(session, tid, now + timedelta(days=41)) == 0  # nothing twice
    assert (await account(api, owner, s.customer_id))["balance"] == 50
    newest = (await entries(api, owner, s.customer_id))[0]
    assert (newest["kind"], newest["points"], newest["reason"]) == (
        "expire",
        -70,
        "Points expired: not used by their expiry date.",
    )
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        assert await expire_points(session, tid, now + timedelta(days=400)) == 1
    assert await ledger_sum(resources, s.tenant.id, s.customer_id) == (0, 0)
    zh = expect(
        await api.client.get(
            f"{API}/customers/{s.customer_id}/timeline",
            params={"kind": "loyalty"},
            headers={**owner.headers, "Accept-Language": "zh-CN"},
        ),
        200,
    )
    expired = zh["items"][0]
    assert (expired["kind"], expired["actor_label"], expired["note"]) == (
        "loyalty.expired",
        "积分过期",
        "积分已过期：到期前未使用。",
    )


async def test_adjustments_need_the_permission_are_audited_and_never_go_below_zero(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    sales = await api.user(s.tenant, "sales", scope={"kind": "store", "store_ids": [s.store_id]})
    refused = await api.client.post(
        f"{API}/customers/{s.customer_id}/loyalty/adjustments", json={"points": 5, "reason": "x"}, headers=sales.headers
    )
    assert (refused.status_code, refused.json()["permission"]) == (403, "loyalty:adjust")
    manager = await api.user(s.tenant, "store_manager", scope={"kind": "store", "store_ids": [s.store_id]})
    done = await adjust(api, manager, s.customer_id, 80, "补录线下消费")
    assert (done["balance"], done["member_number"]) == (80, "M00000001")  # the default program's numbers
    below = await adjust(api, manager, s.customer_id, -81, "扣减", status=422)
    assert below["errors"] == [
        {"field": "points", "message": "would take the balance below zero (the balance is 80 points)"}
    ]
    zero = await adjust(api, manager, s.customer_id, 0, "无", status=422)
    assert zero["errors"] == [{"field": "points", "message": "must not be 0"}]
    # A store-scoped cashier sees the chain's member and her points.
    assert (await account(api, sales, s.customer_id))["balance"] == 80
    audit = expect(await api.client.get(f"{API}/audit-log", headers=owner.headers), 200)["items"]
    entry = next(e for e in audit if e["action"] == "loyalty_account.adjusted")
    assert (entry["target_type"], entry["target_label"], entry["changes"]) == (
        "loyalty_account",
        "M00000001",
        {"points": 80, "balance": 80, "note": "补录线下消费"},
    )
    assert entry["actor_email"] == manager.email


async def test_the_balance_always_equals_the_ledger(api: Api, resources: Resources) -> None:
    s = await shop(api, resources, {"A": 50, "B": 50})
    owner = s.tenant.owner
    await set_program(api, owner, earn_on="approved", redeem_rate=10)
    await adjust(api, owner, s.customer_id, 500, "开卡赠送")
    rng = random.Random(20261203)
    open_orders: list[str] = []
    for _ in range(25):
        balance = (await account(api, owner, s.customer_id))["balance"]
        move = rng.choice(["adjust", "redeem", "earn", "cancel"])
        if move == "adjust":
            points = rng.randint(-balance, 300) or 1
            await adjust(api, owner, s.customer_id, points, "随机")
        elif move == "redeem" and balance:
            order = await create_order(
                api,
                owner,
                s,
                [{"product_id": s.products["A"], "quantity": 1}],
                redeem_points=rng.randint(1, min(balance, 1000)),
            )
            open_orders.append(order["id"])
        elif move == "earn":
            order = await create_order(api, owner, s, [{"product_id": s.products["B"], "quantity": rng.randint(1, 3)}])
            await act(api, owner, order["id"], "submit")  # approved at once: earns
            open_orders.append(order["id"])
        elif move == "cancel" and open_orders:
            await act(api, owner, open_orders.pop(rng.randrange(len(open_orders))), "cancel", body={"reason": "随机"})
        total, stored = await ledger_sum(resources, s.tenant.id, s.customer_id)
        assert total == stored == (await account(api, owner, s.customer_id))["balance"]
        assert stored >= 0
    listed = await entries(api, owner, s.customer_id)
    assert sum(e["points"] for e in listed) == stored
    assert {e["kind"] for e in listed} == {"adjust", "redeem", "earn", "restore"}  # the walk did every move


async def test_another_tenant_never_sees_the_member(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    await set_program(api, s.tenant.owner)
    await adjust(api, s.tenant.owner, s.customer_id, 10, "x")
    other = await api.signup()
    for path in ("loyalty", "loyalty/transactions"):
        response = await api.client.get(f"{API}/customers/{s.customer_id}/{path}", headers=other.owner.headers)
        assert (response.status_code, response.json()["code"]) == (404, "not_found")
    missing = await api.client.post(
        f"{API}/customers/{s.customer_id}/loyalty/adjustments",
        json={"points": 5, "reason": "x"},
        headers=other.owner.headers,
    )
    assert missing.status_code == 404
    assert (await account(api, s.tenant.owner, s.customer_id))["balance"] == 10


async def test_the_tier_benefit_comes_off_at_capture_when_the_program_applies_it(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    member = {"code": "member", "name_zh": "会员", "name_en": "Member", "threshold": "0", "discount_percent": "12.5"}
    await set_program(api, owner, tiers=[member], apply_tier_discount=True)
    await adjust(api, owner, s.customer_id, 1000, "开卡礼")  # her first points make her a member of the tier
    assert (await account(api, owner, s.customer_id))["tier"]["code"] == "member"
    line = [{"product_id": s.products["B"], "quantity": 1}]  # 35.50

    order = await create_order(api, owner, s, line, discount="3.50", redeem_points=500)
    # 35.50 − 3.50 staff = 32.00; 12.5 % of it = 4.00; then 5.00 of points: 23.00.
    assert (order["discount"], order["tier_discount"], order["points_discount"], order["discount_total"]) == (
        "3.50",
        "4.00",
        "5.00",
        "12.50",
    )
    assert order["total"] == "23.00"
    quote = expect(
        await api.client.post(
            f"{API}/orders/quote", json={"lines": line, "customer_id": s.customer_id}, headers=owner.headers
        ),
        200,
    )
    assert (quote["tier_discount"], quote["total"]) == ("4.44", "31.06")  # 12.5 % of 35.50, half up

    await set_program(api, owner, tiers=[member], apply_tier_discount=False)
    plain = await create_order(api, owner, s, line)
    assert (plain["tier_discount"], plain["total"]) == ("0.00", "35.50")
    walk_in = await api.client.post(
        f"{API}/orders", json={"store_id": s.store_id, "channel": "store", "lines": line}, headers=owner.headers
    )
    assert expect(walk_in, 201)["tier_discount"] == "0.00"


async def test_a_merge_gives_the_other_records_points_to_the_survivor(api: Api, resources: Resources) -> None:
    """Her points follow her: the ledger moves whole (lots keep their dates), balances add up and
    still equal the ledger; a survivor who was no member takes the other's account."""
    s = await shop(api, resources)
    owner = s.tenant.owner
    await set_program(api, owner)
    member = await api.customer(owner, name="林黛玉", phone="13900001111")
    twin = await api.customer(owner, name="林 黛玉", phone="13900002222")
    newcomer = await api.customer(owner, name="薛宝钗", phone="13900003333")
    await adjust(api, owner, member["id"], 300, "开卡礼")
    await adjust(api, owner, twin["id"], 250, "活动赠送")
    await adjust(api, owner, twin["id"], -50, "兑换礼品")
    numbers = (
        (await account(api, owner, member["id"]))["member_number"],
        (await account(api, owner, twin["id"]))["member_number"],
    )

    merged = await api.client.post(
        f"{API}/customers/{member['id']}/merge", json={"other_id": twin["id"]}, headers=owner.headers
    )
    expect(merged, 200)

    after = await account(api, owner, member["id"])
    assert (after["balance"], after["member_number"]) == (500, numbers[0])
    assert sorted(e["points"] for e in await entries(api, owner, member["id"])) == [-50, 250, 300]
    assert await ledger_sum(resources, s.tenant.id, member["id"]) == (500, 500)

    # A survivor without an account takes the merged one's, number and all.
    expect(
        await api.client.post(
            f"{API}/customers/{newcomer['id']}/merge", json={"other_id": member["id"]}, headers=owner.headers
        ),
        200,
    )
    taken = await account(api, owner, newcomer["id"])
    assert (taken["balance"], taken["member_number"]) == (500, numbers[0])
    assert await ledger_sum(resources, s.tenant.id, newcomer["id"]) == (500, 500)


async def test_a_tier_lapses_once_its_spend_leaves_the_rolling_twelve_months(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    await set_program(api, owner)
    await complete(
        api, owner, s, [{"product_id": s.products["A"], "quantity": 2}, {"product_id": s.products["B"], "quantity": 1}]
    )
    assert (await account(api, owner, s.customer_id))["tier"]["code"] == "silver"
    tid, now = uuid.UUID(s.tenant.id), utcnow()

    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        assert await review_tiers(session, tid, now + timedelta(days=30)) == 0  # still inside the window
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        assert await review_tiers(session, tid, now + timedelta(days=30, hours=12)) == 0  # judged today already
    async with tenant_session(resources.sessions, TenantScope(tid)) as session:
        assert await review_tiers(session, tid, now + timedelta(days=370)) == 1

    after = await account(api, owner, s.customer_id)
    assert (after["tier"], after["balance"]) == (None, 235)  # the points stay; only the tier lapsed
    timeline = expect(
        await api.client.get(
            f"{API}/customers/{s.customer_id}/timeline", params={"kind": "loyalty"}, headers=owner.headers
        ),
        200,
    )
    newest = timeline["items"][0]
    assert (newest["kind"], newest["data"], newest["actor_label"]) == (
        "loyalty.tier_changed",
        {"from_tier": "silver", "to_tier": "", "to_name_zh": "", "to_name_en": "", "lower": True},
        "tier review",
    )
