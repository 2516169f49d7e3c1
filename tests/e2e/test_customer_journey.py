"""A store owner's first session, in a real browser: sign up, log in, create a customer with a
Chinese name, find it by pinyin initials and by the phone's last 4 digits, edit it, switch to English."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

PASSWORD = "Orchid-Window-77"


def test_signup_login_create_search_edit_and_switch_language(page: Page) -> None:
    slug = f"e2e-{uuid.uuid4().hex[:8]}"
    email = "boss@example.com"

    page.goto("/signup")
    page.get_by_label("公司名称").fill("华联超市")
    page.get_by_label("租户标识").fill(slug)
    page.get_by_label("您的姓名").fill("王老板")
    page.get_by_label("邮箱").fill(email)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_test_id("signup-submit").click()
    expect(page.get_by_test_id("tenant-name")).to_have_text("华联超市")

    page.get_by_test_id("user-menu").click()
    page.get_by_text("退出登录").click()
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_label("租户标识").fill(slug)
    page.get_by_label("邮箱").fill(email)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("tenant-name")).to_have_text("华联超市")

    page.goto("/customers")
    page.get_by_test_id("customer-new").click()
    expect(page).to_have_url(re.compile(r"/customers/new$"))
    page.get_by_label("姓名", exact=True).fill("张三丰")
    page.get_by_label("手机号", exact=True).fill("13800138000")
    page.get_by_test_id("customer-save").click()
    expect(page).to_have_url(re.compile(r"/customers/[0-9a-f-]{36}$"))
    customer_url = page.url

    for query in ("zsf", "8000"):
        page.goto("/customers")
        page.get_by_test_id("customer-search").fill(query)
        page.get_by_test_id("customer-search").press("Enter")
        expect(page).to_have_url(re.compile(rf"q={query}"))
        rows = page.get_by_test_id("customer-row")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("张三丰")

    page.goto("/customers")
    page.get_by_test_id("customer-search").fill("zz")
    page.get_by_test_id("customer-search").press("Enter")
    expect(page.get_by_test_id("customer-row")).to_have_count(0)

    page.goto(customer_url)
    page.get_by_test_id("customer-edit").click()
    page.get_by_label("姓名", exact=True).fill("张三丰（VIP）")
    page.get_by_test_id("customer-save").click()
    expect(page.get_by_text("张三丰（VIP）").first).to_be_visible()
    page.reload()
    expect(page.get_by_text("张三丰（VIP）").first).to_be_visible()

    page.get_by_test_id("lang-switch").click()
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("menuitem", name="Customers")).to_be_visible()
    page.reload()
    expect(page.get_by_role("menuitem", name="Customers")).to_be_visible()
