"""Another store's member, in a real browser: an HZ01 member shops at SH01. With members shared
chain-wide (the default) the SH01 manager finds her by the last 4 phone digits, sees her name on
the order and downloads its invoice; once the owner keeps members to their home store, the same
order page names her "杭**", links nowhere, and the invoice still downloads."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from tests.e2e.support import call, login, signup

PASSWORD = "Orchid-Valley-58"
TENANT = "联华超市"


def _setup(base: str, slug: str) -> dict[str, str]:
    token = signup(base, slug, TENANT, "陈店主", PASSWORD)
    sh = call(base, "POST", "/api/v1/stores", {"code": "SH01", "name": "上海南京路店"}, token)
    hz = call(base, "POST", "/api/v1/stores", {"code": "HZ01", "name": "杭州西湖店"}, token)
    product = call(
        base, "POST", "/api/v1/products", {"sku": "TEA-1", "name_zh": "龙井茶", "list_price": "88.00"}, token
    )
    adjustment = {"store_id": sh["id"], "product_id": product["id"], "quantity_delta": 10, "reason": "期初入库"}
    call(base, "POST", "/api/v1/inventory/adjustments", {**adjustment, "kind": "receipt"}, token)
    member = {"name": "杭州会员", "phone": "+8613912345678", "home_store_id": hz["id"]}
    member_id = call(base, "POST", "/api/v1/customers", member, token)["id"]
    body = {"customer_id": member_id, "store_id": sh["id"], "channel": "store", "lines": []}
    body["lines"] = [{"product_id": product["id"], "quantity": 1}]
    order = call(base, "POST", "/api/v1/orders", body, token)
    call(base, "POST", f"/api/v1/orders/{order['id']}/submit", None, token)
    roles = call(base, "GET", "/api/v1/roles", token=token)["items"]
    manager_role = next(r["id"] for r in roles if r["key"] == "store_manager")
    manager = {
        "email": "sh-manager@example.com",
        "name": "上海店长",
        "role_id": manager_role,
        "password": PASSWORD,
        "scope": {"kind": "store", "store_ids": [sh["id"]], "region_ids": []},
    }
    call(base, "POST", "/api/v1/users", manager, token)
    return {"token": token, "order_id": order["id"], "member_id": member_id}


def test_a_store_serves_another_stores_member_then_sees_her_masked(page: Page, live_server: str) -> None:
    slug = f"share-{uuid.uuid4().hex[:8]}"
    ids = _setup(live_server, slug)
    login(page, slug, "sh-manager@example.com", PASSWORD, TENANT)

    page.goto("/customers")
    page.get_by_test_id("customer-search").fill("5678")
    page.get_by_test_id("customer-search").press("Enter")
    rows = page.get_by_test_id("customer-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("杭州会员")

    page.goto(f"/orders/{ids['order_id']}")
    expect(page.get_by_test_id("order-customer")).to_have_text("杭州会员")
    expect(page.get_by_role("link", name="杭州会员")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_test_id("order-invoice").click()
    assert download.value.suggested_filename.endswith(".pdf")

    call(live_server, "PUT", "/api/v1/settings/customers", {"visibility": "home_store"}, ids["token"])
    page.reload()
    masked = page.get_by_test_id("order-customer")
    expect(masked).to_have_text("杭**")
    expect(masked).to_have_attribute("data-masked", "true")
    expect(page.get_by_role("link", name="杭**")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_test_id("order-invoice").click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.goto("/customers")
    page.get_by_test_id("customer-search").fill("5678")
    page.get_by_test_id("customer-search").press("Enter")
    expect(page.get_by_test_id("customer-empty").or_(page.locator(".ant-empty"))).to_be_visible()
    expect(page.get_by_test_id("customer-row")).to_have_count(0)
