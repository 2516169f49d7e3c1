"""Redeeming points at the till in a real browser: a cashier picks a member, sees her balance,
enters points, watches the total drop, submits; the order and the member's 360 page show the
points taken, and the balance is what the ledger says."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.support import call, login, search_and_pick, signup

PASSWORD = "Maple-Harbor-63"
CASHIER_PASSWORD = "Birch-Canyon-29"
TENANT = "鲜果连锁"
RICE = "6900000000103"


def _setup(base: str, slug: str) -> dict[str, str]:
    token = signup(base, slug, TENANT, "周店主", PASSWORD)
    store_id = call(base, "POST", "/api/v1/stores", {"code": "SH01", "name": "上海静安店"}, token)["id"]
    product = call(
        base,
        "POST",
        "/api/v1/products",
        {"sku": "RICE-5", "barcode": RICE, "name_zh": "东北大米", "list_price": "59.90"},
        token,
    )
    stock = {
        "store_id": store_id,
        "product_id": product["id"],
        "quantity_delta": 10,
        "reason": "期初",
        "kind": "receipt",
    }
    call(base, "POST", "/api/v1/inventory/adjustments", stock, token)
    program = {
        "enabled": True,
        "earn_rate": "1",
        "earn_rounding": "floor",
        "earn_on": "completed",
        "expiry_months": 24,
        "redeem_rate": 100,
        "tier_basis": "spend",
        "tiers": [],
    }
    call(base, "PUT", "/api/v1/settings/loyalty", program, token)
    customer = call(base, "POST", "/api/v1/customers", {"name": "林会员", "phone": "13900001111"}, token)
    adjustment = {"points": 1500, "reason": "开卡礼"}
    call(base, "POST", f"/api/v1/customers/{customer['id']}/loyalty/adjustments", adjustment, token)
    roles = call(base, "GET", "/api/v1/roles", token=token)["items"]
    sales = next(r for r in roles if r["key"] == "sales")
    cashier = {
        "email": "cashier@example.com",
        "name": "吴收银",
        "role_id": sales["id"],
        "password": CASHIER_PASSWORD,
        "scope": {"kind": "store", "store_ids": [store_id], "region_ids": []},
    }
    call(base, "POST", "/api/v1/users", cashier, token)
    return {"token": token, "customer_id": customer["id"]}


def test_a_cashier_redeems_a_members_points_and_the_total_drops(page: Page, live_server: str) -> None:
    slug = f"pts-{uuid.uuid4().hex[:8]}"
    ids = _setup(live_server, slug)
    login(page, slug, "cashier@example.com", CASHIER_PASSWORD, TENANT)
    page.goto("/orders/new")
    page.get_by_test_id("order-customer").click()
    search_and_pick(page, "林会员", "/api/v1/customers")
    barcode = page.get_by_test_id("order-barcode")
    barcode.fill(RICE)
    barcode.press("Enter")
    expect(page.get_by_test_id("order-total")).to_contain_text("59.90")
    expect(page.get_by_test_id("member-balance")).to_have_attribute("data-points", "1500")
    expect(page.get_by_test_id("member-balance")).to_contain_text("余额 1500 积分（可抵 ¥15.00；100 积分 = ¥1.00）")

    # More than she has: the submit button says why it waits.
    points = page.get_by_test_id("order-points")
    points.fill("1600")
    points.press("Tab")
    expect(points).to_have_value("1500")  # the field stops at her balance

    points.fill("1000")
    points.press("Tab")
    expect(page.get_by_test_id("order-points-discount")).to_contain_text("10.00")
    expect(page.get_by_test_id("order-total")).to_contain_text("49.90")
    page.get_by_test_id("order-submit").click()
    expect(page).to_have_url(re.compile(r"/orders/[0-9a-f-]{36}$"))
    order_id = page.url.rsplit("/", 1)[1]
    expect(page.get_by_test_id("order-total")).to_contain_text("49.90")
    expect(page.get_by_test_id("order-points-discount")).to_contain_text("10.00")

    saved = call(live_server, "GET", f"/api/v1/orders/{order_id}", token=ids["token"])
    assert (saved["total"], saved["points_redeemed"], saved["points_discount"]) == ("49.90", 1000, "10.00")
    account = call(live_server, "GET", f"/api/v1/customers/{ids['customer_id']}/loyalty", token=ids["token"])
    assert account["balance"] == 500

    # Her 360 page: the balance left and the redemption in her points history.
    page.goto(f"/customers/{ids['customer_id']}")
    expect(page.get_by_test_id("loyalty-balance")).to_have_attribute("data-points", "500")
    expect(page.get_by_test_id("loyalty-balance")).to_contain_text("500 积分 ≈ ¥5.00")
    first = page.get_by_test_id("loyalty-transaction").first
    expect(first).to_have_attribute("data-kind", "redeem")
    expect(first).to_contain_text("积分抵扣")
    expect(first).to_contain_text("-1000")
    expect(page.get_by_test_id("loyalty-adjust")).to_have_count(0)  # a cashier may not adjust points
