"""The order lifecycle in real browsers: a cashier-side capture (barcode scan) that needs approval,
approval by the store manager in a second context, fulfil, ship and deliver; the manager's orders list
updates live (SSE) while the owner works; the public tracking page in a third context."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect

from tests.e2e.support import CONTEXT_OPTIONS, call, login, search_and_pick

PASSWORD = "Lotus-Harbor-31"
MANAGER_PASSWORD = "Maple-Garden-64"
BARCODE = "6900000000011"


def _setup(base: str, slug: str) -> dict[str, str]:
    call(
        base,
        "POST",
        "/api/v1/signup",
        {
            "tenant_name": "百联便利",
            "tenant_slug": slug,
            "owner_email": "owner@example.com",
            "owner_password": PASSWORD,
            "owner_name": "赵店主",
        },
    )
    login = {"tenant_slug": slug, "email": "owner@example.com", "password": PASSWORD}
    token = call(base, "POST", "/api/v1/auth/login", login)["access_token"]
    store = call(base, "POST", "/api/v1/stores", {"code": "BJ01", "name": "北京王府井店"}, token)
    product = call(
        base,
        "POST",
        "/api/v1/products",
        {
            "sku": "TEA-001",
            "barcode": BARCODE,
            "name_zh": "东方树叶乌龙茶",
            "name_en": "Oolong Tea",
            "list_price": "25.00",
        },
        token,
    )
    call(
        base,
        "POST",
        "/api/v1/inventory/adjustments",
        {
            "store_id": store["id"],
            "product_id": product["id"],
            "quantity_delta": 50,
            "reason": "期初入库",
            "kind": "receipt",
        },
        token,
    )
    call(base, "POST", "/api/v1/customers", {"name": "李小龙", "phone": "+8613900139000"}, token)
    call(
        base,
        "PUT",
        "/api/v1/settings/orders",
        {"approval_amount_threshold": "10.00", "approval_discount_percent": None},
        token,
    )
    roles = call(base, "GET", "/api/v1/roles", token=token)
    items = roles["items"] if isinstance(roles, dict) else roles
    manager_role = next(r for r in items if r["name"] in ("店长", "Store manager"))
    call(
        base,
        "POST",
        "/api/v1/users",
        {
            "email": "manager@example.com",
            "name": "钱店长",
            "role_id": manager_role["id"],
            "password": MANAGER_PASSWORD,
            "scope": {"kind": "store", "store_ids": [store["id"]], "region_ids": []},
        },
        token,
    )
    return {"store_id": store["id"], "product_id": product["id"]}


def test_capture_approve_fulfil_ship_deliver_track_and_live_list(
    page: Page, browser: Browser, live_server: str
) -> None:
    slug = f"ord-{uuid.uuid4().hex[:8]}"
    _setup(live_server, slug)

    # The owner captures an order at the till: customer lookup, barcode scan, quantity 2.
    login(page, slug, "owner@example.com", PASSWORD, "百联便利")
    expect(page.get_by_role("menuitem", name="订单")).to_be_visible()
    page.goto("/orders/new")
    page.get_by_test_id("order-customer").click()
    search_and_pick(page, "李小龙", "/api/v1/customers")
    barcode = page.get_by_test_id("order-barcode")
    barcode.fill(BARCODE)
    barcode.press("Enter")
    expect(page.get_by_test_id("order-line")).to_have_count(1)
    expect(barcode).to_be_focused()
    expect(page.get_by_test_id("order-total")).to_contain_text("25.00")
    barcode.fill(BARCODE)
    barcode.press("Enter")
    expect(page.get_by_test_id("order-line")).to_have_count(1)
    expect(page.get_by_role("spinbutton", name="数量")).to_have_value("2")
    expect(page.get_by_test_id("order-total")).to_contain_text("50.00")
    page.get_by_test_id("order-submit").click()
    expect(page).to_have_url(re.compile(r"/orders/[0-9a-f-]{36}$"))
    order_id = page.url.rsplit("/", 1)[1]
    status = page.get_by_test_id("order-detail-status")
    expect(status).to_have_attribute("data-status", "pending_approval")
    expect(page.get_by_test_id("order-action-approve")).to_be_visible()
    # The page says which rule fired: the total over the tenant's threshold of 10.00.
    expect(page.get_by_test_id("order-approval-reasons")).to_contain_text("超过审批阈值")
    expect(page.get_by_test_id("order-approval-reasons")).to_contain_text("10.00")
    tracking_url = page.get_by_test_id("tracking-link").inner_text().strip()
    expect(page.get_by_test_id("tracking-qr")).to_be_visible()

    # The store manager, in a second context, approves it and keeps the orders list open.
    manager = browser.new_context(base_url=live_server, **CONTEXT_OPTIONS)
    manager.set_default_timeout(15_000)
    mpage = manager.new_page()
    try:
        login(mpage, slug, "manager@example.com", MANAGER_PASSWORD, "百联便利")
        mpage.goto("/orders?status=pending_approval")
        row = mpage.locator(f'[data-testid="order-row"][data-id="{order_id}"]')
        expect(row).to_have_attribute("data-status", "pending_approval")
        row.get_by_role("link", name=re.compile(r"^SO-")).click()
        mpage.get_by_test_id("order-action-approve").click()
        expect(mpage.get_by_test_id("order-detail-status")).to_have_attribute("data-status", "approved")
        mpage.goto("/orders")
        row = mpage.locator(f'[data-testid="order-row"][data-id="{order_id}"]')
        expect(row).to_have_attribute("data-status", "approved")

        # The owner's open detail page learns about the approval from the live stream.
        expect(status).to_have_attribute("data-status", "approved")
        page.get_by_test_id("order-action-fulfil").click()
        page.get_by_test_id("action-confirm").click()
        expect(status).to_have_attribute("data-status", "fulfilled")
        # ...and the manager's list follows without a reload.
        expect(row).to_have_attribute("data-status", "fulfilled", timeout=20_000)

        page.get_by_test_id("order-action-ship").click()
        page.get_by_test_id("ship-carrier").fill("顺丰速运")
        page.get_by_test_id("ship-tracking").fill("SF1234567890")
        page.get_by_test_id("action-confirm").click()
        expect(status).to_have_attribute("data-status", "shipped")
        expect(row).to_have_attribute("data-status", "shipped", timeout=20_000)

        page.get_by_test_id("order-action-deliver").click()
        expect(status).to_have_attribute("data-status", "delivered")
        expect(row).to_have_attribute("data-status", "delivered", timeout=20_000)

        # The invoice downloads as a PDF (fetched with the bearer token, saved under the order number).
        with page.expect_download() as download:
            page.get_by_test_id("order-invoice").click()
        assert download.value.suggested_filename.endswith(".pdf")
        assert download.value.suggested_filename.startswith("SO-")
    finally:
        manager.close()

    # Anyone with the link (a third context, not signed in) sees the status and a masked name.
    public = browser.new_context(**CONTEXT_OPTIONS)
    try:
        tpage = public.new_page()
        tpage.goto(tracking_url)
        expect(tpage.get_by_test_id("tracking-status")).to_have_attribute("data-status", "delivered")
        expect(tpage.get_by_test_id("tracking-store")).to_have_text("北京王府井店")
        expect(tpage.get_by_test_id("tracking-customer")).not_to_have_text("李小龙")
        expect(tpage.get_by_test_id("tracking-timeline")).to_contain_text("已发货")
        expect(tpage.get_by_test_id("tracking-shipment")).to_have_text("顺丰速运 运单号 SF1234567890")
        tpage.get_by_test_id("lang-switch").click()
        tpage.get_by_title("English").click()
        expect(tpage.get_by_test_id("tracking-status")).to_have_text("Delivered")
    finally:
        public.close()
