"""The knowledge base in a real browser: a support agent writes an article in the editor (with a
live Markdown preview and a link to another article inserted through the article picker),
publishes it, and a visitor without login finds it on the public help pages by its Chinese title."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, Page, expect

from tests.e2e.support import CONTEXT_OPTIONS, call, login

PASSWORD = "Lotus-Harbor-31"
TITLE = "会员积分兑换规则"
INJECTION = '<img src=x onerror="window.__injected=1">'


def _setup(base: str, slug: str) -> None:
    signup = {
        "tenant_name": "百联便利",
        "tenant_slug": slug,
        "owner_email": "owner@example.com",
        "owner_password": PASSWORD,
        "owner_name": "赵店主",
    }
    token = call(base, "POST", "/api/v1/signup", signup)["access_token"]
    support = next(r["id"] for r in call(base, "GET", "/api/v1/roles", token=token)["items"] if r["key"] == "support")
    agent = {"email": "kefu@example.com", "name": "客服小王", "role_id": support, "password": PASSWORD}
    call(base, "POST", "/api/v1/users", agent, token)
    # An article already published, for the picker to find.
    older = {"title_zh": "门店营业时间", "body_zh": f"每天 9:00–21:00。{INJECTION}", "slug": "opening-hours"}
    created = call(base, "POST", "/api/v1/kb-articles", older, token)
    call(base, "POST", f"/api/v1/kb-articles/{created['id']}/publish", {}, token)


def test_write_publish_and_read_an_article_publicly(page: Page, browser: Browser, live_server: str) -> None:
    slug = f"kb-{uuid.uuid4().hex[:8]}"
    _setup(live_server, slug)
    login(page, slug, "kefu@example.com", PASSWORD, "百联便利")

    page.get_by_role("menuitem", name="知识库").click()
    expect(page.get_by_test_id("kb-row")).to_have_count(1)
    page.get_by_test_id("kb-new").click()
    page.get_by_test_id("kb-title-zh").fill(TITLE)
    page.get_by_test_id("kb-body-zh").fill("## 兑换方式\n积分可在门店兑换**礼品**。\n\n- 每 100 积分抵 1 元")
    expect(page.get_by_test_id("kb-preview-zh").locator("li")).to_have_count(1)
    preview = page.get_by_test_id("kb-preview-zh")
    expect(preview.locator("h3")).to_have_text("兑换方式")
    expect(preview.locator("strong")).to_have_text("礼品")
    expect(preview.locator("li")).to_have_text("每 100 积分抵 1 元")

    # The article picker searches published articles and inserts a Markdown link.
    page.get_by_test_id("kb-body-zh").press("End")
    page.get_by_role("button", name="插入文章链接").first.click()
    page.get_by_test_id("article-picker-search").fill("营业")
    expect(page.get_by_test_id("article-picker-item")).to_have_count(1)
    page.get_by_test_id("article-picker-pick").click()
    expect(page.get_by_test_id("kb-body-zh")).to_have_value(
        f"## 兑换方式\n积分可在门店兑换**礼品**。\n\n- 每 100 积分抵 1 元\n[门店营业时间]({live_server}/help/{slug}/opening-hours)"
    )
    expect(preview.locator("a")).to_have_attribute("href", f"{live_server}/help/{slug}/opening-hours")

    page.get_by_test_id("kb-category").fill("会员")
    page.get_by_test_id("kb-tags").locator("input").fill("积分")
    page.get_by_test_id("kb-tags").locator("input").press("Enter")
    page.get_by_test_id("kb-slug").fill("points")
    page.get_by_test_id("kb-save").click()
    expect(page.get_by_test_id("kb-editor-status")).to_have_attribute("data-status", "draft")
    expect(page.get_by_test_id("kb-editor-title")).to_contain_text(TITLE)

    # A draft is not public yet.
    visitor = browser.new_context(base_url=live_server, **CONTEXT_OPTIONS)
    public = visitor.new_page()
    public.goto(f"/help/{slug}/points")
    expect(public.get_by_text("未找到文章")).to_be_visible()

    page.get_by_test_id("kb-publish").click()
    expect(page.get_by_test_id("kb-editor-status")).to_have_attribute("data-status", "published")
    expect(page.get_by_test_id("kb-public-link")).to_have_attribute("href", f"{live_server}/help/{slug}/points")

    # The public help pages, without login: the index finds it by a Chinese substring, the page shows it.
    public.goto(f"/help/{slug}")
    expect(public.get_by_test_id("help-header")).to_contain_text("百联便利")
    expect(public.get_by_test_id("help-item")).to_have_count(2)
    public.get_by_test_id("help-search").fill("积分兑换")
    expect(public.get_by_test_id("help-item")).to_have_count(1)
    public.get_by_role("link", name=TITLE).click()
    expect(public.get_by_test_id("help-article-title")).to_have_text(TITLE)
    expect(public.get_by_test_id("help-article-body").locator("strong")).to_have_text("礼品")
    expect(public.get_by_test_id("help-article-body").locator("a")).to_have_text("门店营业时间")
    expect(public.get_by_test_id("help-article-tags")).to_contain_text("积分")
    expect(public.get_by_test_id("help-header")).to_contain_text("百联便利")
    assert public.url == f"{live_server}/help/{slug}/points"
    # Markdown never carries HTML through: the other article shows its tag as text.
    public.get_by_test_id("help-article-body").locator("a").click()
    expect(public.get_by_test_id("help-article-title")).to_have_text("门店营业时间")
    expect(public.get_by_test_id("help-article-body")).to_contain_text(INJECTION)
    expect(public.get_by_test_id("help-article-body").locator("img")).to_have_count(0)
    assert public.evaluate("window.__injected") is None
    visitor.close()

    # Back in the staff list, filtered by status in the URL.
    page.goto("/kb?status=published")
    expect(page.get_by_test_id("kb-row")).to_have_count(2)
    page.get_by_test_id("kb-search").fill("hyjf")
    expect(page.get_by_test_id("kb-row")).to_have_count(1)
    expect(page).to_have_url(f"{live_server}/kb?status=published&q=hyjf")
