"""A store manager finds two records of one person and merges them, in a real browser (zh-CN): the
create form warns of a likely duplicate before saving, the review queue pairs the two records
with the reason, the side-by-side page merges them keeping chosen values, the survivor holds the
other's order, tags and notes, and the merged record's old link says where she went."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.support import call, login, signup, stocked_product

PASSWORD = "Lotus-Bridge-58"
TENANT = "欧尚超市"


def _setup(base: str, slug: str) -> dict[str, str]:
    token = signup(base, slug, TENANT, "孙店长", PASSWORD)
    store = call(base, "POST", "/api/v1/stores", {"code": "WX01", "name": "无锡中山路店"}, token)
    product_id = stocked_product(base, token, store["id"], "RICE-5", "五常大米", "60.00", 5)
    kept = {"name": "张三丰", "phone": "13800138000", "birthday": "1990-01-02", "email": "zsf@example.com"}
    survivor = call(base, "POST", "/api/v1/customers", kept | {"tags": ["常客"]}, token)
    other = call(
        base, "POST", "/api/v1/customers",
        {"name": "张 三丰", "birthday": "1990-01-02", "tags": ["团购"], "notes": "周六到店"}, token,
    )  # fmt: skip
    lines = [{"product_id": product_id, "quantity": 1}]
    order = call(
        base, "POST", "/api/v1/orders",
        {"customer_id": other["id"], "store_id": store["id"], "channel": "store", "lines": lines}, token,
    )  # fmt: skip
    return {"survivor": survivor["id"], "other": other["id"], "order_number": order["number"]}


def test_a_duplicate_is_flagged_paired_and_merged(page: Page, live_server: str) -> None:
    slug = f"merge-{uuid.uuid4().hex[:8]}"
    ids = _setup(live_server, slug)
    login(page, slug, "owner@example.com", PASSWORD, TENANT)

    # The create form: the same e-mail is flagged, with a link, before anything is saved.
    page.goto("/customers/new")
    page.get_by_label("姓名").fill("Zhang Sanfeng")
    page.get_by_label("邮箱").fill("zsf@example.com")
    warning = page.get_by_test_id("duplicate-warning")
    expect(warning).to_contain_text("可能已有此客户（1 位相似）")
    expect(warning.get_by_test_id("duplicate-candidate")).to_have_text("张三丰 邮箱相同")

    # The review queue pairs the two records of 张三丰, and why.
    page.goto("/customers")
    page.get_by_test_id("customer-duplicates").click()
    pair = page.get_by_test_id("duplicate-pair")
    expect(pair).to_have_count(1)
    expect(pair).to_contain_text("姓名和生日相同")
    expect(pair.get_by_test_id("duplicate-score")).to_have_text("80%")
    first = pair.get_attribute("data-first")
    pair.get_by_test_id("duplicate-compare").click()

    # Side by side: the record with the phone survives; the other's notes are taken by default.
    side = "a" if first == ids["survivor"] else "b"
    page.get_by_test_id(f"merge-survivor-{side}").click()
    expect(page.get_by_test_id("merge-outcome")).to_contain_text("团购")
    expect(page.get_by_test_id("merge-outcome")).to_contain_text("常客")
    expect(page.get_by_test_id(f"merge-pick-name-{side}")).to_be_checked()
    expect(page.get_by_test_id(f"merge-pick-notes-{'b' if side == 'a' else 'a'}")).to_be_checked()
    page.get_by_test_id("merge-submit").click()
    page.locator(".ant-popconfirm").get_by_role("button", name=re.compile(r"^合\s?并$")).click()

    expect(page).to_have_url(re.compile(rf"/customers/{ids['survivor']}$"))
    expect(page.get_by_text("已合并")).to_be_visible()
    profile = page.get_by_test_id("customer-profile")
    expect(profile).to_contain_text("周六到店")
    expect(profile).to_contain_text("团购")
    expect(page.get_by_test_id("summary-orders")).to_contain_text("0")  # a draft order is not a purchase
    items = page.get_by_test_id("timeline-items")
    expect(items).to_contain_text("合并了 张 三丰 的档案")
    expect(items).to_contain_text(f"下单 {ids['order_number']}")

    # The merged record's link says where she went.
    page.goto(f"/customers/{ids['other']}")
    expect(page.get_by_test_id("customer-merged")).to_contain_text("该客户已合并")
    page.get_by_test_id("customer-survivor-link").click()
    expect(page).to_have_url(re.compile(rf"/customers/{ids['survivor']}$"))
