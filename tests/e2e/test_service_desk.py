"""Support that fits the day: SLA targets read and typed in hours and work days, the customer's
own words at the top of the ticket, and the ticket given to a chosen agent from a picker that
offers only people who can work it."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from tests.e2e.support import call, login

PASSWORD = "Maple-Harbor-61"
WORDS = "杯盖拧不紧，倒水时从缝里漏出来。"


def _setup(base: str, slug: str) -> tuple[str, str]:
    signup = {
        "tenant_name": "永辉生活",
        "tenant_slug": slug,
        "owner_email": "owner@example.com",
        "owner_password": PASSWORD,
        "owner_name": "周店主",
    }
    token = str(call(base, "POST", "/api/v1/signup", signup)["access_token"])
    roles = {r["key"]: r["id"] for r in call(base, "GET", "/api/v1/roles", token=token)["items"]}
    for email, name, role in [("agent@example.com", "钱客服", "support"), ("mkt@example.com", "孙市场", "marketing")]:
        call(
            base,
            "POST",
            "/api/v1/users",
            {"email": email, "name": name, "role_id": roles[role], "password": PASSWORD},
            token,
        )
    customer = call(base, "POST", "/api/v1/customers", {"name": "猪八戒", "email": "bajie@example.com"}, token)
    ticket = call(
        base,
        "POST",
        "/api/v1/tickets",
        {"subject": "保温杯漏水", "customer_id": customer["id"], "description": WORDS},
        token,
    )
    return token, str(ticket["id"])


def test_targets_in_hours_the_customers_words_and_a_chosen_agent(page: Page, live_server: str) -> None:
    slug = f"desk-{uuid.uuid4().hex[:8]}"
    token, ticket_id = _setup(live_server, slug)
    login(page, slug, "owner@example.com", PASSWORD, "永辉生活")

    page.goto("/settings/service")
    resolution = page.get_by_test_id("target-normal-resolution_minutes")
    expect(resolution).to_have_value("24")
    expect(page.get_by_test_id("target-normal-resolution_minutes-unit")).to_contain_text("小时")
    expect(page.get_by_text("1 个工作日 = 9 小时 0 分钟（营业时间）。")).to_be_visible()
    page.get_by_test_id("target-urgent-first_response_minutes-unit").click()
    page.locator(".ant-select-dropdown:visible").get_by_title("小时", exact=True).click()
    urgent = page.get_by_test_id("target-urgent-first_response_minutes")
    expect(urgent).to_have_value("0.5")
    urgent.fill("1")
    page.get_by_test_id("target-low-resolution_minutes-unit").click()
    page.locator(".ant-select-dropdown:visible").get_by_title("工作日", exact=True).click()
    low = page.get_by_test_id("target-low-resolution_minutes")
    low.fill("5")
    page.get_by_test_id("service-settings-save").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    targets = call(live_server, "GET", "/api/v1/settings/service", token=token)["targets"]
    assert targets["urgent"]["first_response_minutes"] == 60
    assert targets["low"]["resolution_minutes"] == 5 * 540
    assert targets["normal"]["resolution_minutes"] == 1440

    page.goto(f"/tickets/{ticket_id}")
    original = page.get_by_test_id("ticket-original-message")
    expect(original).to_contain_text(WORDS)
    expect(original).to_contain_text("猪八戒 的原始问题")
    expect(page.get_by_test_id("ticket-sla-card")).to_contain_text("目标 24 小时（工作时间）")

    page.get_by_test_id("ticket-assign-select").click()
    dropdown = page.locator(".ant-select-dropdown:visible")
    expect(dropdown.get_by_text("钱客服 · agent@example.com")).to_be_visible()
    expect(dropdown.get_by_text("孙市场", exact=False)).to_have_count(0)
    dropdown.get_by_text("钱客服 · agent@example.com").click()
    expect(page.get_by_test_id("ticket-assignee")).to_have_text("钱客服")
    assert call(live_server, "GET", f"/api/v1/tickets/{ticket_id}", token=token)["assignee_name"] == "钱客服"
