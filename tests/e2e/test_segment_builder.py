"""An owner builds a customer segment in a real browser (zh-CN): gender = female AND (tag VIP OR
stage VIP) with the visual rule builder, a nested OR group included; the live count names exactly
the customers it will hold, the saved segment's members are computed by the job the server runs
in-process and shown once it is ready (phones masked, each a link to her page), and in English
the builder speaks English."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Locator, Page, expect

from tests.e2e.support import call, login, signup

PASSWORD = "Lotus-Garden-37"
TENANT = "百草堂药房"
SEGMENT = "女性 VIP"
CUSTOMERS = [
    {"name": "王芳", "gender": "female", "tags": ["VIP"]},
    {"name": "韩梅", "gender": "female", "lifecycle_stage": "vip", "phone": "13800138001"},
    {"name": "周敏", "gender": "female", "tags": ["VIP", "养生"], "lifecycle_stage": "vip"},
    {"name": "李娜", "gender": "female", "tags": ["养生"], "lifecycle_stage": "customer"},
    {"name": "赵强", "gender": "male", "tags": ["VIP"], "lifecycle_stage": "vip"},
    {"name": "钱多", "gender": "unknown", "tags": ["VIP"]},
]
MATCHING = ["王芳", "韩梅", "周敏"]


def _setup(base: str, slug: str) -> dict[str, str]:
    """The tenant and its customers (set up through the API); name → id."""
    token = signup(base, slug, TENANT, "吴店长", PASSWORD)
    return {c["name"]: call(base, "POST", "/api/v1/customers", c, token)["id"] for c in CUSTOMERS}


def _pick(page: Page, select: Locator, title: str) -> None:
    """Open a select and click the option showing `title` in the list that opened."""
    select.click()
    page.locator(".ant-select-dropdown:visible").get_by_title(title, exact=True).click()


def _close_dropdowns(page: Page) -> None:
    page.keyboard.press("Escape")
    expect(page.locator(".ant-select-dropdown:visible")).to_have_count(0)


def test_a_nested_segment_is_built_counted_saved_and_its_members_shown(page: Page, live_server: str) -> None:
    slug = f"e2e-{uuid.uuid4().hex[:8]}"
    ids = _setup(live_server, slug)
    login(page, slug, "owner@example.com", PASSWORD, TENANT)

    page.get_by_role("menuitem", name="营销").click()
    page.get_by_role("menuitem", name="客户分群").click()
    expect(page).to_have_url(re.compile(r"/segments$"))
    page.get_by_test_id("segment-new").click()
    page.get_by_test_id("segment-name").fill(SEGMENT)

    root = page.locator('[data-testid="rule-group"][data-depth="1"]')
    expect(root).to_have_attribute("data-match", "all")
    gender = page.get_by_test_id("rule-condition").first
    _pick(page, gender.get_by_test_id("rule-field"), "性别")
    expect(gender.get_by_test_id("rule-operator")).to_contain_text("是其中之一")
    _pick(page, gender.get_by_test_id("rule-value"), "女")
    _close_dropdowns(page)

    page.locator('[data-testid="rule-add-group"][data-depth="1"]').click()
    nested = page.locator('[data-testid="rule-group"][data-depth="2"]')
    nested.get_by_test_id("rule-match").get_by_text("任一").click()
    expect(nested).to_have_attribute("data-match", "any")
    tag = nested.get_by_test_id("rule-condition").nth(0)
    _pick(page, tag.get_by_test_id("rule-field"), "标签")
    tag.get_by_test_id("rule-value").click()
    page.keyboard.type("VIP")
    page.keyboard.press("Enter")
    _close_dropdowns(page)
    nested.get_by_test_id("rule-add-condition").click()
    stage = nested.get_by_test_id("rule-condition").nth(1)
    _pick(page, stage.get_by_test_id("rule-field"), "客户阶段")
    _pick(page, stage.get_by_test_id("rule-value"), "VIP")
    _close_dropdowns(page)

    count = page.get_by_test_id("segment-preview-count")
    expect(count).to_have_attribute("data-count", "3")
    expect(count).to_have_text("符合条件的客户：3")
    sample = page.get_by_test_id("segment-preview-row")
    expect(sample).to_have_count(3)
    for name in MATCHING:
        expect(page.get_by_test_id("segment-preview")).to_contain_text(name)

    page.get_by_test_id("segment-save").click()
    expect(page.get_by_test_id("segment-title")).to_have_text(SEGMENT)
    expect(page).to_have_url(re.compile(r"/segments/[0-9a-f-]{36}$"))
    # The members are computed by a job; the page asks again until the segment is ready.
    expect(page.get_by_test_id("segment-state")).to_have_attribute("data-state", "ready", timeout=30_000)
    members = page.get_by_test_id("segment-member-row")
    expect(members).to_have_count(3)
    expect(page.get_by_test_id("segment-member-count")).to_have_text("3")
    for name in MATCHING:
        expect(members.filter(has_text=name)).to_have_count(1)
    expect(members.filter(has_text="韩梅")).to_contain_text("138****8001")
    rules = page.get_by_test_id("segment-rules")
    expect(rules).to_contain_text("满足以下全部条件")
    expect(rules).to_contain_text("满足以下任一条件")
    expect(page.get_by_test_id("segment-history-chart")).to_be_visible()

    page.get_by_test_id("lang-switch").click()
    page.get_by_text("English", exact=True).click()
    expect(rules).to_contain_text("All of the following")
    expect(rules.locator('[data-field="gender"]')).to_contain_text("Gender is any of Female")
    page.get_by_test_id("segment-edit").click()
    builder = page.get_by_test_id("segment-builder")
    expect(builder.get_by_test_id("rule-match").first).to_contain_text("all")
    expect(builder.get_by_test_id("rule-match").first).to_contain_text("any")
    expect(gender.get_by_test_id("rule-field")).to_contain_text("Gender")
    expect(gender.get_by_test_id("rule-operator")).to_contain_text("is any of")
    expect(gender.get_by_test_id("rule-value")).to_contain_text("Female")
    expect(tag.get_by_test_id("rule-field")).to_contain_text("Tags")
    expect(tag.get_by_test_id("rule-operator")).to_contain_text("has any of")
    expect(stage.get_by_test_id("rule-field")).to_contain_text("Lifecycle stage")
    expect(page.locator('[data-testid="rule-add-condition"][data-depth="1"]')).to_have_text("Add condition")
    expect(page.locator('[data-testid="rule-add-group"][data-depth="1"]')).to_have_text("Add group")
    expect(count).to_have_text("Matching customers: 3")

    page.get_by_test_id("segment-cancel").click()
    members.filter(has_text="王芳").get_by_role("link", name="王芳").click()
    expect(page).to_have_url(re.compile(f"/customers/{ids['王芳']}$"))
