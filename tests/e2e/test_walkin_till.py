"""A walk-in sale at the till in a real browser: a cashier scans products without choosing a
customer, sees the stock warning, parks and resumes the cart, submits, takes cash with the change
shown, then opens the invoice PDF and the 80 mm receipt. The capture page also fits a phone."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect

from tests.e2e.support import CONTEXT_OPTIONS, call, login

PASSWORD = "Cedar-River-47"
CASHIER_PASSWORD = "Willow-Stone-82"
TENANT = "全家便利"
TEA, BUN = "6900000000028", "6900000000035"


def _setup(base: str, slug: str) -> dict[str, str]:
    signup = {
        "tenant_name": TENANT,
        "tenant_slug": slug,
        "owner_email": "owner@example.com",
        "owner_password": PASSWORD,
        "owner_name": "钱店主",
    }
    call(base, "POST", "/api/v1/signup", signup)
    body = {"tenant_slug": slug, "email": "owner@example.com", "password": PASSWORD}
    token = call(base, "POST", "/api/v1/auth/login", body)["access_token"]
    store = {"code": "SH01", "name": "上海徐家汇店", "address": "漕溪北路1号", "phone": "021-55550000"}
    store_id = call(base, "POST", "/api/v1/stores", store, token)["id"]
    for sku, barcode, name, price, units in (
        ("TEA-2", TEA, "乌龙茶", "6.50", 10),
        ("BUN-1", BUN, "肉包", "3.00", 1),
    ):
        product = call(
            base,
            "POST",
            "/api/v1/products",
            {"sku": sku, "barcode": barcode, "name_zh": name, "list_price": price},
            token,
        )
        adjustment = {
            "store_id": store_id,
            "product_id": product["id"],
            "quantity_delta": units,
            "reason": "期初入库",
            "kind": "receipt",
        }
        call(base, "POST", "/api/v1/inventory/adjustments", adjustment, token)
    roles = call(base, "GET", "/api/v1/roles", token=token)
    items = roles["items"] if isinstance(roles, dict) else roles
    sales = next(r for r in items if r["name"] in ("店员", "销售", "Sales"))
    cashier = {
        "email": "cashier@example.com",
        "name": "孙收银",
        "role_id": sales["id"],
        "password": CASHIER_PASSWORD,
        "scope": {"kind": "store", "store_ids": [store_id], "region_ids": []},
    }
    call(base, "POST", "/api/v1/users", cashier, token)
    return {"token": token, "store_id": store_id}


def _scan(page: Page, code: str) -> None:
    barcode = page.get_by_test_id("order-barcode")
    barcode.fill(code)
    barcode.press("Enter")


def test_a_walk_in_cash_sale_with_change_invoice_and_receipt(page: Page, browser: Browser, live_server: str) -> None:
    slug = f"till-{uuid.uuid4().hex[:8]}"
    ids = _setup(live_server, slug)
    login(page, slug, "cashier@example.com", CASHIER_PASSWORD, TENANT)
    page.goto("/orders/new")
    submit = page.get_by_test_id("order-submit")
    expect(submit).to_be_disabled()
    expect(page.get_by_test_id("order-submit-blocker")).to_have_text("请至少添加一件商品")
    expect(page.get_by_test_id("order-walk-in-hint")).to_be_visible()

    # Scanned without a customer: priced, with the stock of each line at the store.
    _scan(page, TEA)
    _scan(page, TEA)
    _scan(page, BUN)
    _scan(page, BUN)
    expect(page.get_by_test_id("order-line")).to_have_count(2)
    expect(page.get_by_test_id("order-total")).to_contain_text("19.00")  # 2 × 6.50 + 2 × 3.00
    expect(page.get_by_test_id("line-short")).to_have_text("仅剩 1")
    expect(submit).to_be_enabled()

    # Parked: the till is empty; resumed from the parked list, the cart is back.
    page.get_by_test_id("order-park").click()
    expect(page.get_by_test_id("order-line")).to_have_count(0)
    page.get_by_test_id("order-parked").click()
    expect(page.get_by_test_id("parked-cart")).to_have_count(1)
    page.get_by_test_id("parked-resume").click()
    expect(page.get_by_test_id("order-line")).to_have_count(2)
    expect(page.get_by_test_id("order-total")).to_contain_text("19.00")

    # One bun less fits the stock; submitted, the order is approved at once.
    bun = page.locator('[data-testid="order-line"]').nth(1).get_by_test_id("line-quantity")
    bun.fill("1")
    bun.press("Tab")
    expect(page.get_by_test_id("order-total")).to_contain_text("16.00")
    expect(page.get_by_test_id("line-short")).to_have_count(0)
    submit.click()
    expect(page).to_have_url(re.compile(r"/orders/[0-9a-f-]{36}$"))
    order_id = page.url.rsplit("/", 1)[1]
    expect(page.get_by_test_id("order-detail-status")).to_have_attribute("data-status", "approved")
    expect(page.get_by_test_id("order-walk-in")).to_have_text("散客")

    # Cash: 20 handed over for 16.00, 4.00 back.
    page.get_by_test_id("payment-record").click()
    page.get_by_test_id("payment-tendered").fill("20")
    expect(page.get_by_test_id("payment-change")).to_contain_text("4.00")
    page.get_by_test_id("payment-confirm").click()
    expect(page.get_by_test_id("payment-records")).to_contain_text("16.00")
    saved = call(live_server, "GET", f"/api/v1/orders/{order_id}", token=ids["token"])
    assert (saved["customer_id"], saved["payment_state"], saved["payments"]["paid_total"]) == (None, "paid", "16.00")

    with page.expect_download() as download:
        page.get_by_test_id("order-invoice").click()
    assert download.value.suggested_filename.startswith("SO-")
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_test_id("order-receipt").click()
    receipt = page.get_by_test_id("receipt")
    expect(receipt).to_contain_text(TENANT)
    expect(page.get_by_test_id("receipt-store")).to_contain_text("漕溪北路1号")
    expect(page.get_by_test_id("receipt-number")).to_have_text(saved["number"])
    expect(page.get_by_test_id("receipt-total")).to_contain_text("16.00")
    expect(page.get_by_test_id("receipt-change")).to_contain_text("4.00")
    expect(page.get_by_test_id("receipt-qr")).to_be_visible()
    assert page.evaluate("document.querySelector('[data-testid=receipt]').getBoundingClientRect().width") < 320

    # The order list says Walk-in and paid.
    page.goto("/orders")
    row = page.locator(f'[data-testid="order-row"][data-id="{order_id}"]')
    expect(row.get_by_test_id("order-walk-in")).to_have_text("散客")
    expect(row.get_by_test_id("order-payment-state")).to_have_text("已付款")


def test_the_capture_page_fits_a_phone(browser: Browser, live_server: str) -> None:
    slug = f"till-{uuid.uuid4().hex[:8]}"
    _setup(live_server, slug)
    phone = browser.new_context(base_url=live_server, **{**CONTEXT_OPTIONS, "viewport": {"width": 390, "height": 844}})
    try:
        page = phone.new_page()
        login(page, slug, "cashier@example.com", CASHIER_PASSWORD, TENANT)
        page.goto("/orders/new")
        _scan(page, TEA)
        expect(page.get_by_test_id("order-total")).to_contain_text("6.50")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow == 0
    finally:
        phone.close()


def test_a_member_created_at_the_till_is_attached_before_payment(page: Page, live_server: str) -> None:
    slug = f"till-{uuid.uuid4().hex[:8]}"
    ids = _setup(live_server, slug)
    products = call(live_server, "GET", "/api/v1/products?q=TEA-2", token=ids["token"])["items"]
    body = {
        "store_id": ids["store_id"],
        "channel": "store",
        "lines": [{"product_id": products[0]["id"], "quantity": 1}],
    }
    order = call(live_server, "POST", "/api/v1/orders", body, ids["token"])
    call(live_server, "POST", f"/api/v1/orders/{order['id']}/submit", token=ids["token"])
    login(page, slug, "cashier@example.com", CASHIER_PASSWORD, TENANT)
    page.goto(f"/orders/{order['id']}")
    expect(page.get_by_test_id("order-walk-in")).to_have_text("散客")

    page.get_by_test_id("order-action-attach_customer").click()
    page.get_by_test_id("attach-customer-new").click()
    quick = page.get_by_role("dialog", name="新建客户")
    quick.get_by_label("姓名").fill("王小明")
    quick.get_by_label("手机").fill("13700137000")
    page.get_by_test_id("quick-customer-save").click()
    expect(quick).to_be_hidden()
    page.get_by_test_id("action-confirm").click()
    expect(page.get_by_role("link", name="王小明")).to_be_visible()
    expect(page.get_by_test_id("order-action-attach_customer")).to_have_count(0)
    expect(page.get_by_test_id("order-timeline")).to_contain_text("已关联会员")

    # The list finds the order by the member's phone, its last 4 digits are enough.
    page.goto("/orders")
    page.get_by_test_id("order-phone-search").fill("7000")
    row = page.locator(f'[data-testid="order-row"][data-id="{order["id"]}"]')
    expect(row).to_contain_text("王小明")
    expect(page.get_by_test_id("order-row")).to_have_count(1)
