"""The pages a shop floor uses on a phone (390×844): customer lookup, a customer, an order and the
order capture fit the screen (nothing scrolls sideways), the menu button sits beside the page
title instead of on it, the tenant name stays on one line and phone numbers (customer list and
page, order, ticket) are tap-to-call."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.support import CONTEXT_OPTIONS, call, login

PASSWORD = "Willow-Creek-47"
# Long enough to wrap to three lines in a phone header if it were allowed to.
TENANT = "杭州鲜果连锁超市有限公司西湖区分公司"
PHONE_VIEWPORT = {"width": 390, "height": 844}


def _setup(base: str, slug: str) -> dict[str, str]:
    signup = {
        "tenant_name": TENANT,
        "tenant_slug": slug,
        "owner_email": "owner@example.com",
        "owner_password": PASSWORD,
        "owner_name": "陈店主",
    }
    call(base, "POST", "/api/v1/signup", signup)
    login_body = {"tenant_slug": slug, "email": "owner@example.com", "password": PASSWORD}
    token = call(base, "POST", "/api/v1/auth/login", login_body)["access_token"]
    store = call(base, "POST", "/api/v1/stores", {"code": "HZ01", "name": "杭州西湖文化广场店"}, token)
    product = call(
        base,
        "POST",
        "/api/v1/products",
        {"sku": "FRUIT-GIFT-BOX-DELUXE-01", "name_zh": "精品时令水果礼盒（豪华装）", "list_price": "288.00"},
        token,
    )
    adjustment = {
        "store_id": store["id"],
        "product_id": product["id"],
        "quantity_delta": 20,
        "reason": "期初入库",
        "kind": "receipt",
    }
    call(base, "POST", "/api/v1/inventory/adjustments", adjustment, token)
    customer = call(base, "POST", "/api/v1/customers", {"name": "欧阳娜娜", "phone": "+8613800138000"}, token)
    order = call(
        base,
        "POST",
        "/api/v1/orders",
        {
            "customer_id": customer["id"],
            "store_id": store["id"],
            "channel": "store",
            "lines": [{"product_id": product["id"], "quantity": 2}],
        },
        token,
    )
    ticket = call(
        base, "POST", "/api/v1/tickets", {"subject": "礼盒少了一个苹果", "customer_id": customer["id"]}, token
    )
    return {"customer_id": customer["id"], "order_id": order["id"], "ticket_id": ticket["id"]}


@pytest.fixture
def phone(live_server: str, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, **{**CONTEXT_OPTIONS, "viewport": PHONE_VIEWPORT})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _intersects(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def _assert_fits(page: Page, where: str) -> None:
    # (The live stream keeps a request open: "network idle" never comes; each page waits for its content.)
    expect(page.locator(".ant-skeleton, .ant-spin-spinning")).to_have_count(0)
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{where}: the page is {widths[0]} px wide on a {widths[1]} px screen"
    menu = page.get_by_test_id("nav-toggle").bounding_box()
    title = page.locator("main h3").first.bounding_box()
    assert menu is not None, where
    assert title is not None, where
    assert not _intersects(menu, title), f"{where}: the menu button {menu} covers the title {title}"
    tenant = page.get_by_test_id("tenant-name").bounding_box()
    assert tenant is not None, where
    assert tenant["height"] < 30, f"{where}: the tenant name wraps ({tenant})"


def test_lookup_customer_order_and_capture_fit_a_phone(phone: Page, live_server: str) -> None:
    slug = f"phone-{uuid.uuid4().hex[:8]}"
    ids = _setup(live_server, slug)
    login(phone, slug, "owner@example.com", PASSWORD, TENANT)

    phone.goto("/customers")
    expect(phone.get_by_test_id("customer-row")).to_have_count(1)
    _assert_fits(phone, "customer lookup")
    # Grouped as a Chinese reader writes a mainland number (English adds +86).
    expect(phone.get_by_test_id("customer-table").locator('a[href="tel:+8613800138000"]')).to_have_text("138 0013 8000")
    # One-handed lookup: the search box first and alone, the other filters behind a button, and
    # the list down to name, phone and stage.
    expect(phone.get_by_test_id("customer-filter-stage")).to_have_count(0)
    headers = phone.get_by_test_id("customer-table").locator("thead th")
    expect(headers).to_have_text(["姓名", "手机号", "生命周期阶段"])
    phone.get_by_test_id("customer-search").fill("8000")
    expect(phone).to_have_url(re.compile(r"q=8000"))
    expect(phone.get_by_test_id("customer-row")).to_have_count(1)
    phone.get_by_test_id("customer-filters-toggle").click()
    expect(phone.get_by_test_id("customer-filter-stage")).to_be_visible()
    _assert_fits(phone, "customer lookup with filters")

    phone.goto(f"/customers/{ids['customer_id']}")
    expect(phone.locator("main h3").first).to_have_text(re.compile(r"^欧阳娜娜\s*线索$"))  # her name and stage
    _assert_fits(phone, "customer page")
    expect(phone.locator('main a[href="tel:+8613800138000"]')).to_be_visible()
    # The row version is for If-Match, not for people.
    expect(phone.get_by_text("版本", exact=True)).to_have_count(0)

    phone.goto(f"/orders/{ids['order_id']}")
    expect(phone.get_by_test_id("order-number")).to_be_visible()
    expect(phone.get_by_text("精品时令水果礼盒（豪华装）", exact=False).first).to_be_visible()
    _assert_fits(phone, "order page")
    # The order's actions sit at the bottom of the screen, in reach of the thumb.
    bar = phone.get_by_test_id("order-actions-bar").bounding_box()
    assert bar is not None
    assert bar["y"] + bar["height"] == PHONE_VIEWPORT["height"]
    expect(phone.get_by_test_id("order-actions-bar").get_by_test_id("order-action-submit")).to_be_visible()
    expect(phone.locator('main a[href="tel:+8613800138000"]')).to_be_visible()

    phone.goto(f"/tickets/{ids['ticket_id']}")
    expect(phone.get_by_test_id("ticket-subject")).to_have_text("礼盒少了一个苹果")
    expect(phone.get_by_test_id("ticket-customer-phone")).to_have_attribute("href", "tel:+8613800138000")

    phone.goto("/orders/new")
    expect(phone.get_by_test_id("order-store")).to_contain_text("杭州西湖文化广场店")
    _assert_fits(phone, "order capture")

    # The menu still opens from its button and leads somewhere.
    phone.get_by_test_id("nav-toggle").click()
    phone.get_by_role("menuitem", name="客户").click()
    expect(phone).to_have_url(f"{live_server}/customers")
