"""A store owner's first session, in a real browser: sign up, log in, create a customer with a
Chinese name, find it by pinyin initials and by the phone's last 4 digits, edit it, switch to English."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.support import call

PASSWORD = "Orchid-Window-77"


def test_signup_login_create_search_edit_and_switch_language(page: Page, live_server: str) -> None:
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
    # The URL changes before the form replaces the list (whose "姓名" column header is labelled too).
    expect(page.get_by_test_id("customer-save")).to_be_visible()
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

    # A colleague changes the customer while the owner is editing it: the owner's save is refused
    # rather than silently overwriting the colleague's note, and a reload brings that note in.
    page.goto(customer_url)
    page.get_by_test_id("customer-edit").click()
    drawer = page.locator(".ant-drawer")
    drawer.get_by_label("姓名", exact=True).fill("张三丰（VIP）")
    login_body = {"tenant_slug": slug, "email": email, "password": PASSWORD}
    token = call(live_server, "POST", "/api/v1/auth/login", login_body)["access_token"]
    customer_path = f"/api/v1/customers/{customer_url.rsplit('/', 1)[1]}"
    version = call(live_server, "GET", customer_path, token=token)["version"]
    call(live_server, "PATCH", customer_path, {"notes": "偏好绿茶"}, token, headers={"If-Match": f'"{version}"'})
    page.get_by_test_id("customer-save").click()
    stale = page.get_by_test_id("customer-stale")
    expect(stale).to_be_visible()
    expect(drawer.get_by_label("姓名", exact=True)).to_have_value("张三丰（VIP）")  # nothing typed is lost
    stale.get_by_role("button").click()
    expect(drawer.get_by_label("备注")).to_have_value("偏好绿茶")
    drawer.get_by_label("姓名", exact=True).fill("张三丰（VIP）")
    page.get_by_test_id("customer-save").click()
    expect(drawer).to_be_hidden()
    expect(page.get_by_text("张三丰（VIP）").first).to_be_visible()
    saved = call(live_server, "GET", customer_path, token=token)
    assert (saved["name"], saved["notes"]) == ("张三丰（VIP）", "偏好绿茶")
    page.reload()
    expect(page.get_by_text("张三丰（VIP）").first).to_be_visible()

    page.get_by_test_id("lang-switch").click()
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("menuitem", name="Customers")).to_be_visible()
    page.reload()
    expect(page.get_by_role("menuitem", name="Customers")).to_be_visible()
