"""A store owner imports her members from a GBK CSV saved by Chinese Excel, in a real browser
(zh-CN): the wizard recognises the encoding and the Chinese headers, marks the bad cells, runs the
import as a job while she watches the counts, and the imported customer is in the list."""

from __future__ import annotations

import uuid
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.support import call, login

PASSWORD = "Plum-Harbour-64"
TENANT = "永辉超市"


def test_import_a_gbk_csv_through_the_wizard(page: Page, live_server: str, tmp_path: Path) -> None:
    slug = f"e2e-{uuid.uuid4().hex[:8]}"
    signup = {
        "tenant_name": TENANT,
        "tenant_slug": slug,
        "owner_email": "owner@example.com",
        "owner_password": PASSWORD,
        "owner_name": "陈店长",
    }
    call(live_server, "POST", "/api/v1/signup", signup)
    login_body = {"tenant_slug": slug, "email": "owner@example.com", "password": PASSWORD}
    token = call(live_server, "POST", "/api/v1/auth/login", login_body)["access_token"]
    call(live_server, "POST", "/api/v1/customers", {"name": "老会员", "phone": "13800138000"}, token)
    members = tmp_path / "会员.csv"
    members.write_bytes(
        "姓名,手机,邮箱,生日,标签\r\n"
        "欧阳娜娜,13911112222,nana@example.com,1995/6/15,VIP\r\n"
        "老会员新名,13800138000,,,\r\n"
        "坏数据,12345,bad@x,,\r\n".encode("gbk")
    )
    login(page, slug, "owner@example.com", PASSWORD, TENANT)

    page.goto("/customers")
    page.get_by_test_id("customer-import").click()
    page.locator("input[type=file]").set_input_files(str(members))
    expect(page.get_by_test_id("import-encoding")).to_have_text("gb18030")
    preview = page.get_by_test_id("import-preview")
    expect(preview).to_contain_text("欧阳娜娜")
    expect(page.get_by_test_id("import-map-1").first).to_contain_text("手机")
    expect(preview.get_by_test_id("import-cell-error")).to_have_count(2)  # the phone and the email of row 4
    page.get_by_test_id("import-next").click()
    page.get_by_test_id("import-policy-skip").click()
    page.get_by_test_id("import-start").click()

    outcome = page.get_by_test_id("import-outcome")
    expect(outcome).to_have_attribute("data-status", "done", timeout=30_000)
    expect(outcome).to_contain_text("导入已完成")
    for count, value in (("read", 3), ("created", 1), ("skipped", 1), ("failed", 1)):
        expect(page.get_by_test_id(f"import-count-{count}")).to_have_attribute("data-count", str(value))
    with page.expect_download() as info:
        page.get_by_test_id("import-errors").click()
    report = info.value.path().read_bytes().decode("utf-8-sig")
    assert report.splitlines()[1].startswith("4,手机,不是有效的电话号码,坏数据")

    page.get_by_test_id("import-to-customers").click()
    rows = page.get_by_test_id("customer-row")
    expect(rows).to_have_count(2)
    expect(page.get_by_test_id("customer-row").filter(has_text="欧阳娜娜")).to_contain_text("139 1111 2222")


def test_import_products_through_the_wizard(page: Page, live_server: str, tmp_path: Path) -> None:
    """The same wizard from the products page: Chinese headers recognised, a bad price marked,
    matched by SKU, the imported product in the list."""
    slug = f"e2e-{uuid.uuid4().hex[:8]}"
    signup = {
        "tenant_name": TENANT,
        "tenant_slug": slug,
        "owner_email": "owner@example.com",
        "owner_password": PASSWORD,
        "owner_name": "陈店长",
    }
    call(live_server, "POST", "/api/v1/signup", signup)
    login_body = {"tenant_slug": slug, "email": "owner@example.com", "password": PASSWORD}
    token = call(live_server, "POST", "/api/v1/auth/login", login_body)["access_token"]
    call(live_server, "POST", "/api/v1/product-categories", {"name": "茶叶", "name_en": "Tea"}, token)
    call(live_server, "POST", "/api/v1/products", {"sku": "TEA-1", "name_zh": "旧龙井", "list_price": "99.00"}, token)
    products = tmp_path / "商品.csv"
    products.write_bytes(
        "商品编码,商品名称,售价,分类\r\n"
        "TEA-1,西湖龙井,128.00,茶叶\r\n"
        "TEA-2,碧螺春,88,茶叶\r\n"
        "TEA-3,坏价格,1.234,茶叶\r\n".encode("gbk")
    )
    login(page, slug, "owner@example.com", PASSWORD, TENANT)

    page.goto("/products")
    page.get_by_test_id("product-import").click()
    expect(page.get_by_role("heading", name="导入商品")).to_be_visible()
    page.locator("input[type=file]").set_input_files(str(products))
    expect(page.get_by_test_id("import-encoding")).to_have_text("gb18030")
    preview = page.get_by_test_id("import-preview")
    expect(preview).to_contain_text("碧螺春")
    expect(page.get_by_test_id("import-map-2").first).to_contain_text("售价")
    expect(preview.get_by_test_id("import-cell-error")).to_have_count(1)  # the price of row 4
    page.get_by_test_id("import-next").click()
    expect(page.get_by_test_id("import-match-by")).to_contain_text("商品编码")
    page.get_by_test_id("import-policy-update").click()
    page.get_by_test_id("import-start").click()

    outcome = page.get_by_test_id("import-outcome")
    expect(outcome).to_have_attribute("data-status", "done", timeout=30_000)
    for count, value in (("read", 3), ("created", 1), ("updated", 1), ("failed", 1)):
        expect(page.get_by_test_id(f"import-count-{count}")).to_have_attribute("data-count", str(value))

    page.get_by_test_id("import-to-customers").click()
    expect(page).to_have_url(f"{live_server}/products")
    expect(page.get_by_text("西湖龙井")).to_be_visible()
    expect(page.get_by_text("碧螺春")).to_be_visible()
