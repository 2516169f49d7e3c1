"""The server speaks the UI's language in a real browser: the SPA sends its language (not the
browser's) as Accept-Language, so the timeline's system entries follow a switch of the UI, with
or without a reload."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, expect

from tests.e2e.support import CONTEXT_OPTIONS, call, login

PASSWORD = "Lotus-Harbor-31"


def _auto_approved_order(base: str, slug: str) -> str:
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
    login_body = {"tenant_slug": slug, "email": "owner@example.com", "password": PASSWORD}
    token = call(base, "POST", "/api/v1/auth/login", login_body)["access_token"]
    store = call(base, "POST", "/api/v1/stores", {"code": "BJ01", "name": "北京王府井店"}, token)
    product = call(
        base,
        "POST",
        "/api/v1/products",
        {"sku": "TEA-001", "name_zh": "东方树叶乌龙茶", "name_en": "Oolong Tea", "list_price": "25.00"},
        token,
    )
    adjustment = {"store_id": store["id"], "product_id": product["id"], "quantity_delta": 5, "kind": "receipt"}
    call(base, "POST", "/api/v1/inventory/adjustments", {**adjustment, "reason": "期初入库"}, token)
    customer = call(base, "POST", "/api/v1/customers", {"name": "李小龙"}, token)
    lines = [{"product_id": product["id"], "quantity": 1}]
    order = call(
        base,
        "POST",
        "/api/v1/orders",
        {"customer_id": customer["id"], "store_id": store["id"], "channel": "store", "lines": lines},
        token,
    )
    call(base, "POST", f"/api/v1/orders/{order['id']}/submit", None, token)
    return str(order["id"])


def test_the_timeline_follows_the_ui_language_not_the_browser(live_server: str, browser: Browser) -> None:
    slug = f"lang-{uuid.uuid4().hex[:8]}"
    order_id = _auto_approved_order(live_server, slug)
    context = browser.new_context(base_url=live_server, **CONTEXT_OPTIONS)  # the browser asks for zh-CN
    page = context.new_page()
    try:
        login(page, slug, "owner@example.com", PASSWORD, "百联便利")
        page.goto(f"/orders/{order_id}")
        timeline = page.get_by_test_id("order-timeline")
        expect(timeline).to_contain_text("审批规则")
        expect(timeline).to_contain_text("自动审批通过：在审批规则范围内。")

        # Switching to English in the header (saved to the profile, which wins on every load):
        # the page asks again, in English, and keeps doing so after a reload.
        page.get_by_test_id("lang-switch").click()
        page.get_by_title("English").click()
        expect(timeline).to_contain_text("approval rules")
        with page.expect_request(lambda r: r.url.endswith(f"/api/v1/orders/{order_id}")) as asked:
            page.reload()
        assert asked.value.headers["accept-language"] == "en"
        expect(timeline).to_contain_text("approval rules")
        expect(timeline).to_contain_text("Approved automatically: within the approval rules.")
        expect(page.get_by_text("Oolong Tea (TEA-001)")).to_be_visible()

        # Switching back in the header refetches what the server wrote, now in Chinese.
        page.get_by_test_id("lang-switch").click()
        page.get_by_title("简体中文").click()
        expect(timeline).to_contain_text("自动审批通过：在审批规则范围内。")
        expect(page.get_by_text("东方树叶乌龙茶 (TEA-001)")).to_be_visible()
    finally:
        context.close()


def test_a_category_named_in_both_languages_shows_the_ui_language(live_server: str, browser: Browser) -> None:
    slug = f"cat-{uuid.uuid4().hex[:8]}"
    _auto_approved_order(live_server, slug)
    context = browser.new_context(base_url=live_server, **CONTEXT_OPTIONS)
    page = context.new_page()
    try:
        login(page, slug, "owner@example.com", PASSWORD, "百联便利")
        page.goto("/products")
        page.get_by_test_id("categories-open").click()
        page.get_by_test_id("category-name").fill("饮料")
        page.get_by_test_id("category-name-en").fill("Drinks")
        page.get_by_test_id("category-add").click()
        drawer = page.locator(".ant-drawer")
        expect(drawer.get_by_text("饮料 (0)")).to_be_visible()

        drawer.locator(".ant-drawer-close").click()
        page.get_by_test_id("lang-switch").click()
        page.get_by_title("English").click()
        page.get_by_test_id("categories-open").click()
        expect(drawer.get_by_text("Drinks (0)")).to_be_visible()
    finally:
        context.close()
