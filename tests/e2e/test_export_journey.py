"""A store owner exports the customer list as she filtered it, in a real browser (zh-CN): filter by a
tag, export to CSV for Excel, wait until the job is done, download the file and read it; the job
is then on "我的导出" with its row count."""

from __future__ import annotations

import csv
import io
import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.support import call, login, signup

PASSWORD = "Plum-Harbour-64"
TENANT = "华润万家"


def _setup(base: str, slug: str) -> None:
    token = signup(base, slug, TENANT, "刘店长", PASSWORD)
    for name, phone, tags in (
        ("张三丰", "+8613800138001", ["团购"]),
        ("李秀英", "+8613800138002", ["团购", "会员日"]),
        ("王五", "+8613800138003", []),
    ):
        call(base, "POST", "/api/v1/customers", {"name": name, "phone": phone, "tags": tags}, token)


def test_export_filtered_customers_to_csv_and_download(page: Page, live_server: str) -> None:
    slug = f"e2e-{uuid.uuid4().hex[:8]}"
    _setup(live_server, slug)
    login(page, slug, "owner@example.com", PASSWORD, TENANT)

    page.goto("/customers")
    expect(page.get_by_test_id("customer-row")).to_have_count(3)
    tag = page.get_by_placeholder("标签", exact=True)
    tag.fill("团购")
    tag.press("Enter")
    expect(page).to_have_url(re.compile(r"tag="))
    expect(page.get_by_test_id("customer-row")).to_have_count(2)

    page.get_by_test_id("export-open").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_test_id("export-scope")).to_contain_text("1 个筛选条件")
    dialog.get_by_text("CSV", exact=True).click()
    expect(dialog.get_by_test_id("export-bom")).to_have_attribute("aria-checked", "true")
    dialog.get_by_test_id("export-start").click()

    expect(dialog.get_by_test_id("job-state")).to_have_attribute("data-state", "succeeded", timeout=30_000)
    expect(dialog.get_by_test_id("job-rows")).to_have_text("2 行")
    with page.expect_download() as info:
        dialog.get_by_test_id("job-download").click()
    download = info.value
    assert re.fullmatch(r"customers-\d{8}-\d{4}\.csv", download.suggested_filename)
    raw = download.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["姓名", "手机", "邮箱"]
    assert sorted(r[0] for r in rows[1:]) == ["张三丰", "李秀英"]

    dialog.get_by_role("button", name="关闭").first.click()
    page.get_by_test_id("user-menu").click()
    page.get_by_text("我的导出").click()
    expect(page).to_have_url(re.compile(r"/exports$"))
    job = page.get_by_test_id("job-row")
    expect(job).to_have_count(1)
    expect(job.get_by_test_id("job-state")).to_have_text("已完成")
    expect(job).to_contain_text("客户")
    expect(job.get_by_test_id("job-rows")).to_have_text("2 行")
