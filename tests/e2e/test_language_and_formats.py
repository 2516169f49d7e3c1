"""One language at a time, in a real browser: the language a user chose survives a fresh login on
another browser, permissions read as names, and dates, money and phones follow the language and
the tenant's time zone rather than the browser's."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from tests.e2e.support import CONTEXT_OPTIONS, call, login

PASSWORD = "Orchid-Window-77"


def _tenant(base: str) -> tuple[str, str, str]:
    slug = f"e2e-{uuid.uuid4().hex[:8]}"
    email = "lang@example.com"
    signup = {
        "tenant_name": "语言测试店",
        "tenant_slug": slug,
        "owner_email": email,
        "owner_password": PASSWORD,
        "owner_name": "李店长",
    }
    token = call(base, "POST", "/api/v1/signup", signup)["access_token"]
    return slug, email, token


def test_the_profile_language_wins_after_a_fresh_login(page: Page, browser: Browser, live_server: str) -> None:
    slug, email, token = _tenant(live_server)
    assert call(live_server, "GET", "/api/v1/me", token=token)["user"]["locale"] == "zh-CN"

    login(page, slug, email, PASSWORD, "语言测试店")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/me") and r.request.method == "PATCH"):
        page.get_by_test_id("lang-switch").click()
        page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("menuitem", name="Customers")).to_be_visible()
    assert call(live_server, "GET", "/api/v1/me", token=token)["user"]["locale"] == "en"

    # Another browser (nothing remembered locally) shows the login page in Chinese; once signed in,
    # the profile's English wins.
    other = browser.new_context(base_url=live_server, **CONTEXT_OPTIONS)
    fresh = other.new_page()
    login(fresh, slug, email, PASSWORD, "语言测试店")
    expect(fresh.get_by_role("menuitem", name="Customers")).to_be_visible()
    expect(fresh.locator("html")).to_have_attribute("lang", "en")
    # And a reload with the session keeps it.
    fresh.reload()
    expect(fresh.get_by_role("menuitem", name="Customers")).to_be_visible()

    # Switching back in the second browser is saved too.
    with fresh.expect_response(lambda r: r.url.endswith("/api/v1/me") and r.request.method == "PATCH"):
        fresh.get_by_test_id("lang-switch").click()
        fresh.get_by_text("简体中文", exact=True).click()
    expect(fresh.get_by_role("menuitem", name="客户")).to_be_visible()
    assert call(live_server, "GET", "/api/v1/me", token=token)["user"]["locale"] == "zh-CN"
    other.close()


def test_permissions_show_names_not_codes(page: Page, live_server: str) -> None:
    slug, email, _ = _tenant(live_server)
    login(page, slug, email, PASSWORD, "语言测试店")

    page.goto("/roles")
    page.get_by_test_id("role-new").click()
    matrix = page.get_by_test_id("permission-matrix")
    expect(matrix.get_by_role("row", name=re.compile("^订单")).get_by_label("审批订单")).to_be_visible()
    expect(matrix.get_by_label("查看设置")).to_be_visible()
    expect(matrix).not_to_contain_text("orders:approve")
    expect(matrix).not_to_contain_text("approve")
    page.keyboard.press("Escape")

    page.goto("/api-keys")
    page.get_by_test_id("api-key-new").click()
    page.get_by_test_id("api-key-scopes").click()
    dropdown = page.locator(".ant-select-dropdown:visible")
    expect(dropdown.locator(".ant-select-item-group").first).to_have_text("租户设置")
    # The options can be found by their label and by their code.
    page.keyboard.type("orders:ref")
    expect(dropdown.locator(".ant-select-item-option")).to_have_text(["退款"])
    page.keyboard.press("Enter")
    page.get_by_label("名称").fill("收银对接")
    page.get_by_test_id("api-key-save").click()
    page.get_by_test_id("api-key-secret").wait_for()
    page.keyboard.press("Escape")
    expect(page.locator(".ant-table-row", has_text="收银对接")).to_contain_text("退款")
    expect(page.locator(".ant-table-row", has_text="收银对接")).not_to_contain_text("orders:refund")


def test_dates_money_and_phones_follow_the_language_and_the_tenant_zone(browser: Browser, live_server: str) -> None:
    slug, email, token = _tenant(live_server)
    customer = call(live_server, "POST", "/api/v1/customers", {"name": "王芳", "phone": "13800138000"}, token)
    tenant_zone = call(live_server, "GET", "/api/v1/me", token=token)["tenant"]["timezone"]
    assert tenant_zone == "Asia/Shanghai"
    created = datetime.fromisoformat(customer["created_at"]).astimezone(ZoneInfo(tenant_zone))

    # The browser sits in New York; the shop and its staff are in Shanghai.
    context = browser.new_context(base_url=live_server, **{**CONTEXT_OPTIONS, "timezone_id": "America/New_York"})
    page = context.new_page()
    login(page, slug, email, PASSWORD, "语言测试店")
    page.goto(f"/customers/{customer['id']}")
    phone = page.get_by_test_id("customer-phone")
    expect(phone).to_have_text("138 0013 8000")
    expect(phone).to_have_attribute("href", "tel:+8613800138000")
    shanghai = f"{created.year}年{created.month}月{created.day}日 {created:%H:%M}"
    expect(page.get_by_text(shanghai).first).to_be_visible()

    page.get_by_test_id("lang-switch").click()
    page.get_by_text("English", exact=True).click()
    expect(phone).to_have_text("+86 138 0013 8000")
    hour = created.hour % 12 or 12
    english = f"{created:%b} {created.day}, {created.year}, {hour}:{created:%M} {'AM' if created.hour < 12 else 'PM'}"
    expect(page.get_by_text(english).first).to_be_visible()

    page.goto("/customers")
    expect(page.get_by_test_id("customer-row").first.get_by_test_id("phone-link")).to_have_text("+86 138 0013 8000")
    context.close()


def test_the_audit_log_names_people_and_records(page: Page, live_server: str) -> None:
    slug, email, token = _tenant(live_server)
    customer = call(live_server, "POST", "/api/v1/customers", {"name": "王芳", "phone": "13800138000"}, token)
    login(page, slug, email, PASSWORD, "语言测试店")

    page.goto("/audit-log")
    page.get_by_test_id("audit-action").click()
    page.keyboard.type("创建客户")
    page.locator(".ant-select-dropdown:visible .ant-select-item-option", has_text="创建客户").click()
    expect(page).to_have_url(re.compile(r"action=customer\.created"))
    rows = page.locator(".ant-table-row")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_test_id("audit-action-label")).to_have_text("创建客户")
    expect(rows.first.get_by_test_id("audit-actor")).to_have_text("李店长")
    expect(rows.first.get_by_test_id("audit-target")).to_have_text("客户 王芳")
    rows.first.get_by_test_id("audit-actor").hover()
    expect(page.get_by_role("tooltip")).to_have_text(email)

    # Record type and actor are picked, not pasted.
    page.get_by_test_id("audit-action").locator(".ant-select-clear").click()
    page.get_by_test_id("audit-target-type").click()
    page.locator(".ant-select-dropdown:visible .ant-select-item-option", has_text="租户").click()
    expect(page).to_have_url(re.compile(r"target_type=tenant"))
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_test_id("audit-action-label")).to_have_text("创建租户")
    page.get_by_test_id("audit-actor-filter").click()
    page.locator(".ant-select-dropdown:visible .ant-select-item-option", has_text="李店长").click()
    expect(page).to_have_url(re.compile(r"actor_id=[0-9a-f-]{36}"))
    expect(rows).to_have_count(1)
    expect(page.locator(".ant-table")).not_to_contain_text("tenant.signup")

    page.get_by_test_id("lang-switch").click()
    page.get_by_text("English", exact=True).click()
    expect(rows.first.get_by_test_id("audit-action-label")).to_have_text("Tenant created")

    # Timelines name the author too (the e-mail on hover).
    ticket = call(
        live_server, "POST", "/api/v1/tickets", {"subject": "保温杯漏水", "customer_id": customer["id"]}, token
    )
    page.goto(f"/tickets/{ticket['id']}")
    author = page.get_by_test_id("actor-name").first
    expect(author).to_have_text("李店长")
    author.hover()
    expect(page.get_by_role("tooltip")).to_have_text(email)
    # The customer's phone is a tap-to-call link on the ticket too (English was chosen above).
    expect(page.get_by_test_id("ticket-customer-phone")).to_have_attribute("href", "tel:+8613800138000")
    expect(page.get_by_test_id("ticket-customer-phone")).to_have_text("+86 138 0013 8000")
