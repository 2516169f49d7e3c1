"""Money and changes on the order page, in a real browser: a draft's details and lines edited
(a product added by search), partial payments up to the balance, and a return from request to
refund, each step visible on the page and in the API."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from tests.e2e.support import call, login, search_and_pick, signup

PASSWORD = "Orchid-Valley-58"
TENANT = "永辉生活"


def _setup(base: str, slug: str) -> dict[str, str]:
    token = signup(base, slug, TENANT, "孙店主", PASSWORD)
    store = call(base, "POST", "/api/v1/stores", {"code": "SZ01", "name": "深圳南山店"}, token)
    ids = {"store_id": store["id"], "token": token}
    for sku, name, price in (("RICE-5", "五常大米", "60.00"), ("OIL-1", "花生油", "40.00")):
        product = call(base, "POST", "/api/v1/products", {"sku": sku, "name_zh": name, "list_price": price}, token)
        adjustment = {
            "store_id": store["id"],
            "product_id": product["id"],
            "quantity_delta": 20,
            "reason": "期初入库",
            "kind": "receipt",
        }
        call(base, "POST", "/api/v1/inventory/adjustments", adjustment, token)
        ids[sku] = product["id"]
    ids["customer_id"] = call(base, "POST", "/api/v1/customers", {"name": "周星驰"}, token)["id"]
    ids["other_customer_id"] = call(base, "POST", "/api/v1/customers", {"name": "吴孟达"}, token)["id"]
    return ids


def _order(base: str, ids: dict[str, str], lines: list[dict[str, object]]) -> dict[str, object]:
    body = {"customer_id": ids["customer_id"], "store_id": ids["store_id"], "channel": "store", "lines": lines}
    return dict(call(base, "POST", "/api/v1/orders", body, ids["token"]))


def test_draft_details_and_an_added_line_then_payments_and_a_refunded_return(page: Page, live_server: str) -> None:
    slug = f"money-{uuid.uuid4().hex[:8]}"
    ids = _setup(live_server, slug)
    login(page, slug, "owner@example.com", PASSWORD, TENANT)

    # A draft: change its customer and note, then add a second product through the search box.
    draft = _order(live_server, ids, [{"product_id": ids["RICE-5"], "quantity": 2}])
    page.goto(f"/orders/{draft['id']}")
    page.get_by_test_id("order-edit-header").click()
    dialog = page.get_by_role("dialog")
    dialog.locator(".ant-select").first.click()
    search_and_pick(page, "吴孟达", "/api/v1/customers")
    expect(dialog.locator(".ant-select-content").first).to_have_text("吴孟达")
    page.get_by_test_id("draft-header-note").fill("送货上门")
    page.get_by_test_id("draft-header-save").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".ant-descriptions-item-content", has_text="送货上门")).to_be_visible()
    expect(page.get_by_role("link", name="吴孟达")).to_be_visible()
    page.get_by_test_id("order-action-update_lines").click()
    page.get_by_test_id("action-add-product").click()
    page.keyboard.type("OIL")
    options = page.locator(".ant-select-dropdown:visible .ant-select-item-option")
    expect(options).to_have_count(1)  # the search has narrowed the list to the oil
    options.first.click()
    expect(page.get_by_test_id("action-line-quantity")).to_have_count(2)
    page.get_by_test_id("action-confirm").click()
    expect(page.get_by_test_id("order-total")).to_contain_text("160.00")
    saved = call(live_server, "GET", f"/api/v1/orders/{draft['id']}", token=ids["token"])
    assert (saved["customer_id"], saved["note"]) == (ids["other_customer_id"], "送货上门")
    assert [(line["sku"], line["quantity"]) for line in saved["lines"]] == [("RICE-5", 2), ("OIL-1", 1)]

    # A delivered order of 3 × 60.00: two partial payments settle it.
    order = _order(live_server, ids, [{"product_id": ids["RICE-5"], "quantity": 3}])
    order_id = str(order["id"])
    token = ids["token"]
    submitted = call(live_server, "POST", f"/api/v1/orders/{order_id}/submit", token=token)
    packed = [{"line_id": line["id"], "quantity": line["quantity"]} for line in submitted["lines"]]
    call(live_server, "POST", f"/api/v1/orders/{order_id}/fulfil", {"lines": packed}, token)
    call(live_server, "POST", f"/api/v1/orders/{order_id}/ship", {"carrier": "京东", "tracking_number": "JD1"}, token)
    call(live_server, "POST", f"/api/v1/orders/{order_id}/deliver", token=token)
    page.goto(f"/orders/{order_id}")
    expect(page.get_by_test_id("order-detail-status")).to_have_attribute("data-status", "delivered")
    page.get_by_test_id("payment-record").click()
    expect(page.get_by_test_id("payment-amount")).to_have_value("180.00")
    page.get_by_test_id("payment-amount").fill("100")
    page.get_by_test_id("payment-reference").fill("POS-0001")
    page.get_by_test_id("payment-confirm").click()
    expect(page.get_by_test_id("payment-records").locator("tbody tr")).to_have_count(1)
    page.get_by_test_id("payment-record").click()
    expect(page.get_by_test_id("payment-amount")).to_have_value("80.00")
    page.get_by_test_id("payment-confirm").click()
    expect(page.get_by_test_id("payment-records").locator("tbody tr")).to_have_count(2)
    expect(page.get_by_test_id("payment-record")).to_have_count(0)  # nothing left to pay

    # The customer brings one bag back: request → approve → receive → refund.
    page.get_by_test_id("return-request").click()
    page.get_by_test_id("return-line-quantity").fill("1")
    page.get_by_test_id("return-reason").fill("包装破损")
    page.get_by_test_id("return-confirm").click()
    row = page.get_by_test_id("return-row")
    expect(row).to_have_attribute("data-status", "requested")
    page.get_by_test_id("return-action-approve").click()
    expect(row).to_have_attribute("data-status", "approved")
    page.get_by_test_id("return-action-receive").click()
    page.get_by_test_id("return-action-confirm").click()
    expect(row).to_have_attribute("data-status", "received")
    page.get_by_test_id("return-action-refund").click()
    expect(page.get_by_test_id("refund-amount")).to_have_value("60.00")
    page.get_by_test_id("return-action-confirm").click()
    expect(row).to_have_attribute("data-status", "refunded")
    expect(page.get_by_test_id("payment-records").locator("tbody tr")).to_have_count(3)
    expect(page.get_by_test_id("payment-records")).to_contain_text("-")

    final = call(live_server, "GET", f"/api/v1/orders/{order_id}", token=token)
    assert final["payments"] == {"paid_total": "180.00", "refunded_total": "60.00", "balance_due": "0.00"}
    assert [p["amount"] for p in final["payment_records"]] == ["100.00", "80.00", "-60.00"]
    stock = call(
        live_server, "GET", f"/api/v1/inventory?store_id={ids['store_id']}&product_id={ids['RICE-5']}", token=token
    )
    assert (stock["items"][0]["on_hand"], stock["items"][0]["reserved"]) == (18, 0)
