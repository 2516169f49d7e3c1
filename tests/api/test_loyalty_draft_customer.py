"""The tier benefit follows a draft's customer: changed to a member with a tier, her discount
comes off; changed to someone without one (or to no one), it goes; attached to a walk-in draft,
it comes off too; an order past its draft keeps the price it was submitted at."""

from __future__ import annotations

from typing import Any

from api.state import Resources
from tests.api.test_loyalty import adjust, set_program
from tests.factories import expect
from tests.orders_support import Shop, act, shop

API = "/api/v1"
MEMBER = {"code": "member", "name_zh": "会员", "name_en": "Member", "threshold": "0", "discount_percent": "12.5"}


def _priced(order: dict[str, Any]) -> tuple[str | None, str, str]:
    return order["customer_id"], order["tier_discount"], order["total"]


async def _member_and_stranger(api: Any, resources: Resources) -> tuple[Shop, str, str]:
    s = await shop(api, resources)
    owner = s.tenant.owner
    await set_program(api, owner, tiers=[MEMBER], apply_tier_discount=True)
    await adjust(api, owner, s.customer_id, 1000, "开卡礼")  # a member of the tier
    stranger = await api.customer(owner, name="路人甲")
    return s, s.customer_id, stranger["id"]


async def test_a_drafts_new_customer_gets_her_own_tier_discount(api: Any, resources: Resources) -> None:
    s, member, stranger = await _member_and_stranger(api, resources)
    h = s.tenant.owner.headers
    line = [{"product_id": s.products["B"], "quantity": 1}]  # 35.50
    body = {"customer_id": stranger, "store_id": s.store_id, "channel": "store", "lines": line}
    draft = expect(await api.client.post(f"{API}/orders", json=body, headers=h), 201)
    assert (draft["status"], *_priced(draft)) == ("draft", stranger, "0.00", "35.50")
    url = f"{API}/orders/{draft['id']}"

    to_member = expect(await api.client.patch(url, json={"customer_id": member}, headers=h), 200)
    assert _priced(to_member) == (member, "4.44", "31.06")  # 12.5 % of 35.50, half up
    assert to_member["discount_total"] == "4.44"
    back = expect(await api.client.patch(url, json={"customer_id": stranger}, headers=h), 200)
    assert _priced(back) == (stranger, "0.00", "35.50")
    to_member = expect(await api.client.patch(url, json={"customer_id": member}, headers=h), 200)
    walk_in = expect(await api.client.patch(url, json={"customer_id": None}, headers=h), 200)
    assert _priced(walk_in) == (None, "0.00", "35.50")
    # The change is on the record: what the customer change did to the price.
    audit = expect(await api.client.get(f"{API}/audit-log", params={"limit": 200}, headers=h), 200)["items"]
    latest = next(e for e in audit if e["target_id"] == draft["id"] and e["action"] == "order.updated")
    assert {k: latest["changes"][k] for k in ("tier_discount", "total")} == {
        "tier_discount": {"from": "4.44", "to": "0.00"},
        "total": {"from": "31.06", "to": "35.50"},
    }

    attached = await api.client.post(f"{url}/customer", json={"customer_id": member}, headers=h)
    assert _priced(expect(attached, 200)) == (member, "4.44", "31.06")


async def test_an_order_past_its_draft_keeps_its_price_when_a_member_is_attached(
    api: Any, resources: Resources
) -> None:
    s, member, _ = await _member_and_stranger(api, resources)
    h = s.tenant.owner.headers
    line = [{"product_id": s.products["B"], "quantity": 1}]
    body = {"store_id": s.store_id, "channel": "store", "lines": line}
    order = expect(await api.client.post(f"{API}/orders", json=body, headers=h), 201)
    submitted = await act(api, s.tenant.owner, order["id"], "submit")
    assert submitted["status"] != "draft"
    attached = await api.client.post(f"{API}/orders/{order['id']}/customer", json={"customer_id": member}, headers=h)
    assert _priced(expect(attached, 200)) == (member, "0.00", "35.50")
