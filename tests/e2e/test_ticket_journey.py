"""The service journey in real browsers: an agent opens a ticket for a customer, replies publicly
(the reply reaches the customer's mailbox, the ticket number in its subject) and resolves it; the
customer's CSAT email arrives in the SMTP sink, its link opens the public
survey (no login, a second context), the customer rates 5; the score shows on the ticket."""

from __future__ import annotations

import re
import time
import uuid

from playwright.sync_api import Browser, Page, expect

from tests.e2e.support import CONTEXT_OPTIONS, call, login, search_and_pick

PASSWORD = "Willow-Bay-58"
AGENT_PASSWORD = "Cedar-Lake-47"


def _setup(base: str, slug: str) -> str:
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
    credentials = {"tenant_slug": slug, "email": "owner@example.com", "password": PASSWORD}
    token = str(call(base, "POST", "/api/v1/auth/login", credentials)["access_token"])
    call(base, "POST", "/api/v1/customers", {"name": "孙悟空", "email": "wukong@example.com"}, token)
    roles = call(base, "GET", "/api/v1/roles", token=token)["items"]
    support = next(r for r in roles if r["key"] == "support")
    agent = {"email": "agent@example.com", "name": "钱客服", "role_id": support["id"], "password": AGENT_PASSWORD}
    call(base, "POST", "/api/v1/users", agent, token)
    article = {"title_zh": "保温杯保修政策", "body_zh": "一年内免费更换配件。", "slug": "cup-warranty"}
    created = call(base, "POST", "/api/v1/kb-articles", article, token)
    call(base, "POST", f"/api/v1/kb-articles/{created['id']}/publish", {}, token)
    return token


def _mail(base: str, token: str, subject: str) -> str:
    """The text of the customer's email with this subject in the dev mailbox. The worker sends it
    shortly, but in a full `make test` run it first works through the outbox backlog of the
    earlier suites."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        mailbox = call(base, "GET", "/api/v1/dev/mailbox", token=token)
        for mail in mailbox["items"]:
            if mail["subject"] == subject and mail["to"] == "wukong@example.com":
                return str(mail["text"])
        time.sleep(0.5)
    raise AssertionError(f"the email {subject!r} did not arrive")


def _survey_link(base: str, token: str, number: str) -> str:
    text = _mail(base, token, f"您的服务请求 {number} 已处理，请评价")
    found = re.search(r"https?://\S+/csat/[A-Za-z0-9_-]+", text)
    assert found is not None, text
    return found.group(0)


def test_ticket_reply_resolve_survey_and_score(page: Page, browser: Browser, live_server: str) -> None:
    slug = f"svc-{uuid.uuid4().hex[:8]}"
    token = _setup(live_server, slug)
    login(page, slug, "owner@example.com", PASSWORD, "百联便利")

    # A support agent keeps the unassigned queue open in another browser.
    agent = browser.new_context(base_url=live_server, **CONTEXT_OPTIONS)
    agent.set_default_timeout(15_000)
    apage = agent.new_page()
    login(apage, slug, "agent@example.com", AGENT_PASSWORD, "百联便利")
    apage.goto("/tickets?view=unassigned")
    expect(apage.get_by_test_id("ticket-views")).to_be_visible()
    expect(apage.get_by_test_id("ticket-row")).to_have_count(0)

    # Open a ticket from the queue for the customer.
    page.get_by_role("menuitem", name="服务工单").click()
    expect(page).to_have_url(re.compile(r"/tickets"))
    page.get_by_test_id("ticket-new").click()
    page.get_by_test_id("ticket-customer").click()
    search_and_pick(page, "孙悟空", "/api/v1/customers")
    page.get_by_test_id("ticket-subject").fill("保温杯盖子漏水")
    page.get_by_test_id("ticket-create-save").click()
    expect(page).to_have_url(re.compile(r"/tickets/[0-9a-f-]{36}$"))
    ticket_id = page.url.rsplit("/", 1)[1]
    status = page.get_by_test_id("ticket-detail-status")
    expect(status).to_have_attribute("data-status", "new")
    number = page.get_by_test_id("ticket-number").inner_text().strip()
    assert number == "TK-000001"
    expect(page.get_by_test_id("clock-firstResponse")).to_have_attribute("data-state", "ok")
    # The agent's queue shows the new ticket without a reload (live stream), and the agent takes it.
    row = apage.locator(f'[data-testid="ticket-row"][data-id="{ticket_id}"]')
    expect(row).to_have_attribute("data-status", "new", timeout=30_000)
    row.get_by_role("link", name="TK-").click()  # the number; the name links to the customer
    apage.get_by_test_id("ticket-assign-me").click()
    expect(apage.get_by_test_id("ticket-assignee")).to_have_text("钱客服")
    agent.close()
    expect(page.get_by_test_id("ticket-assignee")).to_have_text("钱客服", timeout=30_000)

    # A public reply is the first response and opens the ticket.
    page.get_by_test_id("reply-text").fill("您好，我们会为您免费更换杯盖。")
    expect(page.get_by_test_id("reply-hint")).to_have_text("客户有邮箱时，这条回复会通过邮件发送给客户。")
    # ...with a link to the warranty article from the knowledge base, inserted at the cursor.
    page.get_by_test_id("article-picker-open").click()
    page.get_by_test_id("article-picker-search").fill("保修")
    page.get_by_test_id("article-picker-pick").first.click()
    expect(page.get_by_test_id("reply-text")).to_have_value(
        re.compile(r"保温杯保修政策: http\S+/help/svc-[0-9a-f]+/cup-warranty")
    )
    page.get_by_test_id("reply-send").click()
    expect(page.get_by_test_id("ticket-comment")).to_have_count(1)
    expect(page.get_by_test_id("ticket-comment")).to_contain_text("/cup-warranty")
    expect(page.get_by_test_id("ticket-comment")).to_have_attribute("data-public", "true")
    expect(status).to_have_attribute("data-status", "open")
    expect(page.get_by_test_id("clock-firstResponse")).to_have_attribute("data-state", "met")
    # The customer gets the reply by email, and not the internal note written after it.
    page.get_by_test_id("reply-kind").get_by_text("内部备注").click()
    expect(page.get_by_test_id("reply-hint")).to_have_text("备注不会发送给客户。")
    page.get_by_test_id("reply-text").fill("内部：杯盖库存只剩 2 个")
    page.get_by_test_id("reply-send").click()
    expect(page.get_by_test_id("ticket-comment")).to_have_count(2)
    reply = _mail(live_server, token, f"[#{number}] 保温杯盖子漏水")
    assert "您好，我们会为您免费更换杯盖。" in reply
    assert f"赵店主 回复了您的服务请求 {number}（保温杯盖子漏水）" in reply

    page.get_by_test_id("ticket-action-resolve").click()
    expect(status).to_have_attribute("data-status", "resolved")
    expect(page.get_by_test_id("ticket-csat-none")).to_be_visible()

    # The customer follows the emailed link, signed out, and rates the service.
    link = _survey_link(live_server, token, number)
    mailbox = call(live_server, "GET", "/api/v1/dev/mailbox", token=token)
    assert [m for m in mailbox["items"] if "库存" in m["text"]] == []
    public = browser.new_context(**CONTEXT_OPTIONS)
    try:
        cpage = public.new_page()
        cpage.goto(link)
        expect(cpage.get_by_test_id("csat-ticket")).to_contain_text(number)
        cpage.get_by_test_id("csat-score-5").click()
        cpage.get_by_test_id("csat-comment").fill("换得很快，谢谢！")
        cpage.get_by_test_id("csat-submit").click()
        expect(cpage.get_by_test_id("csat-thanks")).to_contain_text("感谢您的反馈")
        # A second visit shows the answer, not the form: one response per ticket.
        cpage.reload()
        expect(cpage.get_by_test_id("csat-thanks")).to_contain_text("5 / 5")
    finally:
        public.close()

    # The agent sees the score on the ticket (live update, or on the next visit).
    page.goto(f"/tickets/{ticket_id}")
    expect(page.get_by_test_id("ticket-csat-score")).to_have_text("5 / 5")
    page.goto("/tickets?view=all&status=resolved")
    row = page.locator(f'[data-testid="ticket-row"][data-id="{ticket_id}"]')
    expect(row).to_contain_text("5 / 5")
