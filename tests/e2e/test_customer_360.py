"""A store manager opens a customer's 360 page in a real browser (zh-CN, then English): the figures
she looks at first, one timeline of the customer's order and ticket, a filter by kind, and a call
logged inline that lands at the top of the timeline."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from tests.e2e.support import call, login, signup, stocked_product

PASSWORD = "Jasmine-Ferry-31"
TENANT = "苏果超市"


def _setup(base: str, slug: str) -> dict[str, str]:
    token = signup(base, slug, TENANT, "钱店长", PASSWORD)
    store = call(base, "POST", "/api/v1/stores", {"code": "NJ01", "name": "南京新街口店"}, token)
    product_id = stocked_product(base, token, store["id"], "TEA-1", "碧螺春", "64.50", 10)
    customer = call(base, "POST", "/api/v1/customers", {"name": "周芷若", "phone": "13800138000"}, token)
    lines = [{"product_id": product_id, "quantity": 2}]
    body = {"customer_id": customer["id"], "store_id": store["id"], "channel": "store", "lines": lines}
    order = call(base, "POST", "/api/v1/orders", body, token)
    call(base, "POST", f"/api/v1/orders/{order['id']}/submit", token=token)
    payment = {"method": "cash", "amount": "129.00", "reference": "POS-1"}
    call(base, "POST", f"/api/v1/orders/{order['id']}/payments", payment, token)
    ticket = {"subject": "茶叶受潮", "customer_id": customer["id"]}
    opened = call(base, "POST", "/api/v1/tickets", ticket, token)
    return {"customer_id": customer["id"], "order_number": order["number"], "ticket_number": opened["number"]}


def test_the_360_page_shows_figures_one_timeline_and_logs_a_call(page: Page, live_server: str) -> None:
    slug = f"c360-{uuid.uuid4().hex[:8]}"
    ids = _setup(live_server, slug)
    login(page, slug, "owner@example.com", PASSWORD, TENANT)

    page.goto(f"/customers/{ids['customer_id']}")
    summary = page.get_by_test_id("customer-summary")
    expect(summary.get_by_test_id("summary-spend")).to_contain_text("¥129.00")
    expect(summary.get_by_test_id("summary-orders")).to_contain_text("1")
    expect(summary.get_by_test_id("summary-basket")).to_contain_text("¥129.00")
    expect(summary.get_by_test_id("summary-tickets")).to_contain_text("1")

    sentences = page.get_by_test_id("timeline-sentence")
    number = ids["order_number"]
    expect(sentences.first).to_have_text(f"创建工单 {ids['ticket_number']}")  # the newest first
    expect(page.get_by_test_id("timeline-items")).to_contain_text(f"订单 {number} 收款 ¥129.00（现金）")
    expect(page.get_by_test_id("timeline-items")).to_contain_text(f"下单 {number}，金额 ¥129.00")
    expect(sentences.last).to_have_text("创建了客户档案")

    page.get_by_test_id("timeline-filter").get_by_text("工单", exact=True).click()
    expect(page.get_by_test_id("timeline-item")).to_have_count(1)
    expect(page.get_by_test_id("timeline-item")).to_have_attribute("data-kind", "ticket.created")
    page.get_by_test_id("timeline-filter").get_by_text("全部", exact=True).click()

    form = page.get_by_test_id("activity-form")
    form.get_by_test_id("activity-kind").get_by_text("通话", exact=True).click()
    form.get_by_test_id("activity-body").fill("电话告知碧螺春到货，周六来店。")
    form.get_by_test_id("activity-form-submit").click()
    first = page.get_by_test_id("timeline-item").first
    expect(first).to_have_attribute("data-kind", "activity.call")
    expect(first.get_by_test_id("timeline-sentence")).to_have_text("记录了一次通话")
    expect(first.get_by_test_id("timeline-note")).to_have_text("电话告知碧螺春到货，周六来店。")

    page.get_by_test_id("lang-switch").click()
    page.get_by_text("English", exact=True).click()
    expect(summary.get_by_test_id("summary-spend")).to_contain_text("Lifetime spend")
    expect(first.get_by_test_id("timeline-sentence")).to_have_text("Call logged")
    expect(page.get_by_test_id("timeline-items")).to_contain_text(f"Order {number} placed, ¥129.00")
    expect(sentences.last).to_have_text("Profile created")
