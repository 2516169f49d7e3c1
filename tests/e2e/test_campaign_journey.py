"""An owner runs an email campaign in a real browser (zh-CN): the wizard builds it for a segment of
customers who agreed to email (set up through the API, its members computed by the in-process
job), previews it for one of them in the sandboxed frame, sends herself a test (the dev mailbox has
it) and sends it now. The in-process sweeper starts it within its minute and the job sends it; the
customer's email has her name and an unsubscribe link. Her tracked link redirects to the stored
URL and counts a click; the unsubscribe page speaks her language, unsubscribes her once and says
so on a second visit; the report shows sent, clicked and unsubscribed, and her timeline the touch
with a link back to the campaign."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.support import call, login, search_and_pick, signup

PASSWORD = "Lotus-Garden-37"
TENANT = "百草堂药房"
CAMPAIGN = "冬季会员回馈"
SALE_URL = "https://example.com/winter-sale"
EMAIL_YES = {"email": {"granted": True, "source": "store_form"}}
CUSTOMERS = [
    {"name": "周敏", "email": "zhoumin@example.com", "consent": EMAIL_YES},
    {"name": "韩梅", "email": "hanmei@example.com", "consent": EMAIL_YES},
    {"name": "李娜", "email": "lina@example.com"},
]
# The sweeper starts due campaigns once a minute (api/worker.py, TenantSweeper's 60 s, which the
# e2e server does not change), then the job sends at once: allow a full minute and some.
SEND_TIMEOUT_MS = 100_000


def _setup(base: str, slug: str) -> tuple[str, dict[str, str]]:
    """The tenant, its customers and a built segment of those who agreed to email."""
    token = signup(base, slug, TENANT, "吴店长", PASSWORD)
    ids = {c["name"]: call(base, "POST", "/api/v1/customers", c, token)["id"] for c in CUSTOMERS}
    rules = {
        "type": "group",
        "match": "all",
        "conditions": [{"type": "condition", "field": "email_consent", "operator": "eq", "value": True}],
    }
    segment = call(base, "POST", "/api/v1/segments", {"name": "邮件订阅客户", "kind": "dynamic", "rules": rules}, token)
    deadline = time.monotonic() + 30
    while call(base, "GET", f"/api/v1/segments/{segment['id']}", token=token)["state"] != "ready":
        assert time.monotonic() < deadline, "the segment's members were not computed"
        time.sleep(0.5)
    return token, ids


def _mail_to(base: str, token: str, to: str, subject: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for mail in call(base, "GET", "/api/v1/dev/mailbox", token=token)["items"]:
            if mail["to"] == to and mail["subject"] == subject:
                return dict(mail)
        time.sleep(0.5)
    raise AssertionError(f"no email {subject!r} to {to}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _follow(url: str) -> tuple[int, str]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(url, timeout=10)
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Location", "")
    raise AssertionError("the tracked link did not redirect")


def test_a_campaign_is_built_previewed_tested_sent_clicked_and_unsubscribed(page: Page, live_server: str) -> None:
    slug = f"e2e-{uuid.uuid4().hex[:8]}"
    token, ids = _setup(live_server, slug)
    login(page, slug, "owner@example.com", PASSWORD, TENANT)

    page.get_by_role("menuitem", name="营销").click()
    page.get_by_role("menuitem", name="营销活动").click()
    expect(page).to_have_url(re.compile(r"/campaigns$"))
    page.get_by_test_id("campaign-new").click()

    # Audience: the name, email, and the segment; the first step's "next" saves the draft.
    page.get_by_test_id("campaign-name").fill(CAMPAIGN)
    expect(page.get_by_test_id("campaign-channel-email")).to_be_checked()
    page.get_by_test_id("campaign-include").click()
    page.locator(".ant-select-dropdown:visible .ant-select-item-option", has_text="邮件订阅客户").click()
    page.keyboard.press("Escape")
    page.get_by_test_id("wizard-next").click()
    expect(page).to_have_url(re.compile(r"/campaigns/[0-9a-f-]{36}/edit\?step=1$"))

    # Content, then the preview for 周敏 from the saved draft.
    page.get_by_test_id("content-subject-zh-CN").fill("{{ customer.name }}，冬季回馈")
    html = f'<p>{{{{ customer.name }}}}您好，凭券 {{{{ coupon }}}} 享 8 折。<a href="{SALE_URL}">去看看</a></p>'
    page.get_by_test_id("content-html-zh-CN").fill(html)
    expect(page.get_by_test_id("preview-unsaved")).to_be_visible()
    page.get_by_test_id("preview-customer").click()
    search_and_pick(page, "周敏", "/api/v1/customers")
    page.get_by_test_id("preview-refresh").click()
    expect(page.get_by_test_id("preview-subject")).to_have_text("周敏，冬季回馈")
    frame = page.get_by_test_id("preview-frame")
    expect(frame).to_have_attribute("sandbox", "")
    expect(page.frame_locator('[data-testid="preview-frame"]').locator("p")).to_contain_text("周敏您好")
    expect(page.get_by_test_id("preview-unsaved")).to_have_count(0)

    # Send settings: a coupon, then a test to a staff address (sample values: no customer chosen).
    page.get_by_test_id("wizard-next").click()
    expect(page).to_have_url(re.compile(r"step=2$"))
    page.get_by_test_id("campaign-coupon").fill("WINTER8")
    page.get_by_test_id("test-to").fill("not-an-address")
    page.get_by_test_id("test-send").click()
    expect(page.get_by_test_id("campaign-test")).to_contain_text("不是有效的邮箱地址")
    page.get_by_test_id("test-to").fill("marketing@example.com")
    page.get_by_test_id("test-send").click()
    expect(page.get_by_test_id("test-result")).to_contain_text("marketing@example.com")
    test_mail = _mail_to(live_server, token, "marketing@example.com", "[测试] 王芳，冬季回馈")
    assert "凭券 WINTER8 享 8 折" in test_mail["text"]

    # Review: the audience is the two who agreed to email; send now.
    page.get_by_test_id("wizard-next").click()
    summary = page.get_by_test_id("review-summary")
    expect(summary).to_contain_text("邮件订阅客户")
    expect(page.get_by_test_id("review-audience")).to_have_text("2 位客户")
    page.get_by_test_id("campaign-schedule").click()
    expect(page).to_have_url(re.compile(r"/campaigns/[0-9a-f-]{36}$"))
    campaign_url = page.url
    expect(page.get_by_test_id("campaign-title")).to_have_text(CAMPAIGN)
    status = page.get_by_test_id("campaign-status")
    expect(status).to_have_attribute("data-status", re.compile("scheduled|sending|sent"))
    # The page asks again every 5 s while the campaign is due or sending.
    expect(status).to_have_attribute("data-status", "sent", timeout=SEND_TIMEOUT_MS)

    mail = _mail_to(live_server, token, "zhoumin@example.com", "周敏，冬季回馈")
    assert "凭券 WINTER8 享 8 折" in mail["text"]
    found = re.search(r"(https?://\S+/unsubscribe/[A-Za-z0-9_-]+)", mail["text"])
    assert found is not None, mail["text"]
    unsubscribe_url = found.group(1)
    assert unsubscribe_url.startswith(live_server)

    # Her tracked link (the plain part carries it, written as "label (URL)"): counted, and a
    # redirect to the URL stored for it, nowhere else.
    tracked = re.search(r"\((https?://\S+/api/v1/public/c/[A-Za-z0-9_-]+)\)", mail["text"])
    assert tracked is not None, mail["text"]
    assert "example.com/winter-sale" not in mail["text"]
    assert _follow(tracked.group(1)) == (302, SALE_URL)

    # The unsubscribe page, in her language: one click, then it says so on the next visit.
    page.goto(unsubscribe_url)
    expect(page.get_by_test_id("unsubscribe-tenant")).to_have_text(TENANT)
    expect(page.get_by_test_id("unsubscribe-address")).to_contain_text("z***@example.com")
    page.get_by_test_id("unsubscribe-submit").click()
    expect(page.get_by_test_id("unsubscribe-done")).to_contain_text("已退订")
    page.reload()
    expect(page.get_by_test_id("unsubscribe-already")).to_be_visible()
    page.goto("/unsubscribe/not-a-real-link")
    expect(page.get_by_test_id("unsubscribe-invalid")).to_contain_text("退订链接无效")
    profile = call(live_server, "GET", f"/api/v1/customers/{ids['周敏']}", token=token)
    assert profile["consent"]["email"]["granted"] is False

    # The report: both sent, her click and her unsubscribe; 李娜 never was in the audience.
    page.goto(campaign_url)
    report = page.get_by_test_id("campaign-report")
    expect(report.get_by_test_id("report-sent").locator("[data-value]")).to_have_attribute("data-value", "2")
    expect(report.get_by_test_id("report-clicked").locator("[data-value]")).to_have_attribute("data-value", "1")
    expect(report.get_by_test_id("report-unsubscribed").locator("[data-value]")).to_have_attribute("data-value", "1")
    expect(page.get_by_test_id("report-funnel")).to_be_visible()

    # Her timeline names the campaign and links back to it.
    page.goto(f"/customers/{ids['周敏']}")
    sent = page.locator('[data-testid="timeline-item"][data-kind="campaign.sent"]')
    expect(sent).to_contain_text(f"收到营销活动「{CAMPAIGN}」的邮件")
    expect(page.locator('[data-testid="timeline-item"][data-kind="campaign.unsubscribed"]')).to_contain_text(
        "退订了营销邮件"
    )
    sent.get_by_test_id("timeline-link").click()
    expect(page).to_have_url(campaign_url)

    # And the report reads in English after the switch.
    page.get_by_test_id("lang-switch").click()
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_test_id("report-sent")).to_contain_text("Sent")
    expect(page.get_by_test_id("campaign-status")).to_have_text("Sent")
