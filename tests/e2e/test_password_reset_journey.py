"""A manager who forgot her password asks for a link on the login page, follows the emailed link
(read from the dev mail sink), chooses a new password and logs in with it; the link then no
longer works."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.support import call, login

OLD = "Lantern-River-58"
NEW = "Harbor-Light-93"


def _reset_link(live_server: str, token: str) -> str:
    mailbox = call(live_server, "GET", "/api/v1/dev/mailbox", token=token)
    links = [m["text"] for m in mailbox["items"] if m["subject"].endswith("重置您的密码")]
    assert len(links) == 1, mailbox
    found = re.search(re.escape(live_server) + r"/reset-password\?token=\S+", links[0])
    assert found is not None, links[0]
    return found.group(0)


def test_forgotten_password_from_the_login_page_to_the_new_password(page: Page, live_server: str) -> None:
    slug = f"pwd-{uuid.uuid4().hex[:8]}"
    signup = {
        "tenant_name": "华联超市",
        "tenant_slug": slug,
        "owner_email": "manager@example.com",
        "owner_password": OLD,
        "owner_name": "陈经理",
    }
    owner = call(live_server, "POST", "/api/v1/signup", signup)

    page.goto("/login")
    page.get_by_test_id("forgot-password").click()
    expect(page).to_have_url(re.compile(r"/forgot-password"))
    page.get_by_label("租户标识").fill(slug)
    page.get_by_label("邮箱").fill("manager@example.com")
    page.get_by_test_id("reset-request-submit").click()
    expect(page.get_by_test_id("reset-sent")).to_contain_text("30 分钟内有效")

    link = _reset_link(live_server, owner["access_token"])
    page.goto(link)
    page.get_by_label("设置密码").fill(NEW)
    page.get_by_label("确认密码").fill(NEW)
    page.get_by_test_id("reset-submit").click()
    expect(page.get_by_test_id("reset-done")).to_be_visible()
    page.get_by_test_id("reset-go-login").click()
    expect(page).to_have_url(re.compile(r"/login"))

    login(page, slug, "manager@example.com", NEW, "华联超市")

    page.goto(link)
    page.get_by_label("设置密码").fill("Another-Lamp-71")
    page.get_by_label("确认密码").fill("Another-Lamp-71")
    page.get_by_test_id("reset-submit").click()
    expect(page.get_by_role("alert")).to_contain_text("重置链接无效、已过期或已使用")
