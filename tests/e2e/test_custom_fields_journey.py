"""An owner adds a custom field for customers in a real browser (zh-CN): a filterable single choice
with two options, through Settings → 自定义字段; a new customer gets a value in the customer form,
her page shows it by its label, and the customer list filters by it."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.support import call, login, signup

PASSWORD = "Plum-Harbour-64"
TENANT = "联华超市"


def _setup(base: str, slug: str) -> None:
    token = signup(base, slug, TENANT, "周店长", PASSWORD)
    call(base, "POST", "/api/v1/customers", {"name": "没有等级"}, token)


def test_a_custom_field_is_added_filled_shown_and_filtered(page: Page, live_server: str) -> None:
    slug = f"e2e-{uuid.uuid4().hex[:8]}"
    _setup(live_server, slug)
    login(page, slug, "owner@example.com", PASSWORD, TENANT)

    page.goto("/settings/custom-fields")
    page.get_by_test_id("custom-field-new").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_test_id("custom-field-key").fill("tier")
    dialog.get_by_test_id("custom-field-label-zh").fill("会员等级")
    dialog.get_by_test_id("custom-field-label-en").fill("Member tier")
    dialog.get_by_test_id("custom-field-type").click()
    page.get_by_title("单选").click()
    for index, (value, zh) in enumerate((("gold", "金卡"), ("silver", "银卡"))):
        dialog.get_by_test_id("custom-option-add").click()
        dialog.get_by_test_id(f"custom-option-value-{index}").fill(value)
        dialog.get_by_test_id(f"custom-option-zh-{index}").fill(zh)
    dialog.get_by_test_id("custom-field-filterable").click()
    dialog.get_by_test_id("custom-field-save").click()
    row = page.locator('[data-key="tier"]')
    expect(row).to_contain_text("会员等级")
    expect(row).to_contain_text("可筛选")

    page.goto("/customers/new")
    page.get_by_label("姓名", exact=True).fill("金卡会员")
    page.get_by_label("会员等级").click()
    page.get_by_title("金卡").click()
    page.get_by_test_id("customer-save").click()
    expect(page.get_by_test_id("custom-value-tier")).to_have_text("金卡")

    page.goto("/customers")
    expect(page.get_by_test_id("customer-row")).to_have_count(2)
    page.get_by_test_id("cf-filter-tier").click()
    page.get_by_title("金卡").click()
    expect(page).to_have_url(re.compile(r"cf="))
    expect(page.get_by_test_id("customer-row")).to_have_count(1)
    expect(page.get_by_test_id("customer-row")).to_contain_text("金卡会员")
