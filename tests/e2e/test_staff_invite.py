"""An owner invites a cashier; the invitation arrives by email with the same link the owner can
copy; the cashier opens the emailed link, sets a password, and lands in the app seeing only what
the sales role allows."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect

from tests.e2e.support import CONTEXT_OPTIONS, call, login

PASSWORD = "Lantern-River-58"


def test_invited_cashier_sets_password_and_sees_only_sales_pages(
    page: Page, browser: Browser, live_server: str
) -> None:
    slug = f"inv-{uuid.uuid4().hex[:8]}"
    signup = {
        "tenant_name": "联华便利",
        "tenant_slug": slug,
        "owner_email": "owner@example.com",
        "owner_password": PASSWORD,
        "owner_name": "李店主",
    }
    owner = call(live_server, "POST", "/api/v1/signup", signup)
    login(page, slug, "owner@example.com", PASSWORD, "联华便利")

    page.goto("/users")
    page.get_by_test_id("user-new").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("邮箱").fill("cashier@example.com")
    dialog.get_by_label("姓名").fill("小王")
    dialog.get_by_label("角色").click()
    page.get_by_title("销售", exact=True).click()
    expect(dialog.locator(".ant-select-content").first).to_have_text("销售")
    page.get_by_test_id("user-save").click()
    link = page.get_by_test_id("invite-link")
    expect(link).to_contain_text("/accept-invite?")
    expect(page.get_by_test_id("invite-emailed")).to_contain_text("邀请邮件已发送至 cashier@example.com")
    copied = link.inner_text().strip()
    mailbox = call(live_server, "GET", "/api/v1/dev/mailbox", token=owner["access_token"])
    [mail] = [m for m in mailbox["items"] if m["to"] == "cashier@example.com"]
    assert mail["subject"] == "李店主 邀请您加入 联华便利"
    emailed = re.search(r"http\S+/accept-invite\?\S+", mail["text"])
    assert emailed is not None, mail["text"]
    invite_url = emailed.group(0)
    assert invite_url == copied

    cashier = browser.new_context(**CONTEXT_OPTIONS).new_page()
    try:
        cashier.goto(invite_url)
        expect(cashier.get_by_label("邀请码")).not_to_have_value("")
        cashier.get_by_label("设置密码").fill("Harbor-Light-93")
        cashier.get_by_label("确认密码").fill("Harbor-Light-93")
        cashier.get_by_test_id("invite-submit").click()
        expect(cashier).to_have_url(re.compile(r"/customers"))
        expect(cashier.get_by_role("menuitem", name="客户")).to_be_visible()
        expect(cashier.get_by_role("menuitem", name="员工")).to_have_count(0)
        expect(cashier.get_by_role("menuitem", name="审计日志")).to_have_count(0)
    finally:
        cashier.context.close()

    page.reload()
    expect(page.get_by_text("cashier@example.com")).to_be_visible()
    expect(page.get_by_text("在职").first).to_be_visible()
