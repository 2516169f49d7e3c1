"""The discount limit of the approval rules judges what staff gave, not the loyalty program: a
member's tier benefit and her points lower the total without sending the order for approval,
while the same percent given by the cashier does."""

from __future__ import annotations

from api.state import Resources
from tests.api.test_loyalty import adjust, set_program
from tests.factories import Api, expect
from tests.orders_support import API, act, create_order, shop


async def test_a_members_tier_discount_and_points_do_not_count_toward_the_discount_limit(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    gold = {"code": "gold", "name_zh": "金卡", "name_en": "Gold", "threshold": "0", "discount_percent": "10"}
    await set_program(api, owner, tiers=[gold], apply_tier_discount=True)
    await adjust(api, owner, s.customer_id, 1000, "开卡礼")
    rules = {"approval_amount_threshold": None, "approval_discount_percent": "5"}
    expect(await api.client.put(f"{API}/settings/orders", json=rules, headers=owner.headers), 200)
    line = [{"product_id": s.products["B"], "quantity": 1}]  # 35.50

    member = await create_order(api, owner, s, line, redeem_points=500)  # 10 % tier, then 5.00 of points
    assert (member["tier_discount"], member["points_discount"], member["total"]) == ("3.55", "5.00", "26.95")
    submitted = await act(api, owner, member["id"], "submit")
    assert (submitted["status"], submitted["approval_reasons"]) == ("approved", [])

    cashier = await create_order(api, owner, s, line, discount="1.80")  # 5.07 % from staff, then the tier's
    waiting = await act(api, owner, cashier["id"], "submit")
    assert waiting["status"] == "pending_approval"
    assert waiting["approval_reasons"] == [{"code": "discount_above_limit", "limit": "5.00", "value": "5.07"}]
