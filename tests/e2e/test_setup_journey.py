"""A new tenant's first hour in a real browser: the owner lands on the setup checklist, which ticks
its steps as data appears and can be dismissed; every role lands on its own page after login
(read from permissions, so a custom role lands too); the company settings (name, logo) show in the
header; the approval rules are set on their screen."""

from __future__ import annotations

import io
import re
import urllib.parse
import uuid
from decimal import Decimal

from PIL import Image
from playwright.sync_api import Browser, Page, Response, expect

from tests.e2e.support import CONTEXT_OPTIONS, call, login

PASSWORD = "Cedar-River-73"
STAFF_PASSWORD = "Birch-Meadow-19"
TENANT = "鲜果连锁"


def _signup(base: str, slug: str) -> str:
    body = {
        "tenant_name": TENANT,
        "tenant_slug": slug,
        "owner_email": "owner@example.com",
        "owner_password": PASSWORD,
        "owner_name": "林店主",
    }
    call(base, "POST", "/api/v1/signup", body)
    login_body = {"tenant_slug": slug, "email": "owner@example.com", "password": PASSWORD}
    return str(call(base, "POST", "/api/v1/auth/login", login_body)["access_token"])


def _steps_done(page: Page) -> dict[str, str | None]:
    return {
        step: page.get_by_test_id(f"setup-step-{step}").get_attribute("data-done")
        for step in ("stores", "staff", "products", "customers")
    }


def _lands(browser: Browser, base: str, slug: str, email: str, password: str) -> str:
    context = browser.new_context(base_url=base, **CONTEXT_OPTIONS)
    page = context.new_page()
    try:
        login(page, slug, email, password, TENANT)
        page.wait_for_url(lambda url: urllib.parse.urlsplit(url).path not in ("/", "/login"))
        expect(page.locator("main h3").first).to_be_visible()
        return urllib.parse.urlsplit(page.url).path
    finally:
        context.close()


def test_owner_checklist_then_each_role_lands_on_its_page(page: Page, browser: Browser, live_server: str) -> None:
    slug = f"setup-{uuid.uuid4().hex[:8]}"
    token = _signup(live_server, slug)

    login(page, slug, "owner@example.com", PASSWORD, TENANT)
    expect(page).to_have_url(f"{live_server}/setup")
    expect(page.get_by_test_id("setup-progress")).to_contain_text("0/4")
    assert _steps_done(page) == {"stores": "false", "staff": "false", "products": "false", "customers": "false"}
    # Each step links to its page.
    page.get_by_test_id("setup-go-stores").click()
    expect(page).to_have_url(re.compile(r"/stores$"))

    store = call(live_server, "POST", "/api/v1/stores", {"code": "HZ01", "name": "西湖店"}, token)
    call(live_server, "POST", "/api/v1/products", {"sku": "APPLE-1", "name_zh": "苹果", "list_price": "5.00"}, token)
    page.goto("/setup")
    expect(page.get_by_test_id("setup-progress")).to_contain_text("2/4")
    assert _steps_done(page) == {"stores": "true", "staff": "false", "products": "true", "customers": "false"}

    roles = {r["key"]: r["id"] for r in call(live_server, "GET", "/api/v1/roles", token=token)["items"] if r["key"]}
    custom = call(
        live_server,
        "POST",
        "/api/v1/roles",
        {"name": "售后专员", "permissions": ["tickets:read", "tickets:update", "customers:read"]},
        token,
    )
    scope = {"kind": "store", "store_ids": [store["id"]]}
    staff = {
        "support": roles["support"],
        "cashier": roles["sales"],
        "manager": roles["store_manager"],
        "aftersales": custom["id"],
    }
    for name, role_id in staff.items():
        user = {"email": f"{name}@example.com", "name": name, "role_id": role_id, "password": STAFF_PASSWORD}
        call(live_server, "POST", "/api/v1/users", {**user, "scope": scope}, token)
    page.goto("/setup")
    expect(page.get_by_test_id("setup-progress")).to_contain_text("3/4")

    # Not done yet, so the owner still lands on the checklist; dismissing it goes to the customers.
    assert _lands(browser, live_server, slug, "owner@example.com", PASSWORD) == "/setup"
    page.get_by_test_id("setup-dismiss").click()
    expect(page).to_have_url(f"{live_server}/customers")

    # Every role starts on its page.
    landings = {name: _lands(browser, live_server, slug, f"{name}@example.com", STAFF_PASSWORD) for name in staff}
    assert landings == {
        "support": "/tickets",
        "cashier": "/orders/new",
        "manager": "/orders",
        "aftersales": "/tickets",
    }

    # Once every step is done the owner (in a fresh browser, nothing dismissed) lands on the customers.
    call(live_server, "POST", "/api/v1/customers", {"name": "王小明"}, token)
    assert _lands(browser, live_server, slug, "owner@example.com", PASSWORD) == "/customers"


def _save_rules(page: Page) -> None:
    def saved(response: Response) -> bool:
        return response.url.endswith("/api/v1/settings/orders") and response.request.method == "PUT"

    with page.expect_response(saved) as answer:
        page.get_by_test_id("approval-save").click()
    assert answer.value.status == 200


def test_company_settings_and_approval_rules_screens(page: Page, live_server: str) -> None:
    slug = f"company-{uuid.uuid4().hex[:8]}"
    token = _signup(live_server, slug)
    login(page, slug, "owner@example.com", PASSWORD, TENANT)

    page.get_by_role("menuitem", name="公司设置").click()
    expect(page).to_have_url(f"{live_server}/settings/company")
    page.get_by_test_id("company-name").fill("杭州鲜果连锁")
    buffer = io.BytesIO()
    Image.new("RGB", (90, 30), "#2a9d8f").save(buffer, format="PNG")
    page.locator('input[type="file"]').set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": buffer.getvalue()}]
    )
    expect(page.get_by_test_id("company-logo-preview")).to_be_visible()
    page.get_by_test_id("company-save").click()
    expect(page.get_by_test_id("tenant-name")).to_have_text("杭州鲜果连锁")
    logo = page.get_by_test_id("tenant-logo")
    expect(logo).to_have_attribute("src", re.compile(rf"^/api/v1/public/logos/{slug}\?v=[0-9a-f]{{16}}$"))
    page.wait_for_function("document.querySelector('[data-testid=tenant-logo]').complete")  # loaded, or failed
    assert page.evaluate("document.querySelector('[data-testid=tenant-logo]').naturalWidth") == 90
    settings = call(live_server, "GET", "/api/v1/settings/company", token=token)
    assert settings["name"] == "杭州鲜果连锁"
    assert settings["logo_url"] == logo.get_attribute("src")

    page.get_by_role("menuitem", name="审批规则").click()
    expect(page.get_by_test_id("approval-rules-explained")).to_contain_text("留空表示不启用")
    page.get_by_test_id("approval-amount").fill("500")
    page.get_by_test_id("approval-discount").fill("15")
    expect(page.get_by_test_id("draft-ttl")).to_have_value("72")  # parked carts go after 3 days by default
    page.get_by_test_id("draft-ttl").fill("24")
    _save_rules(page)
    rules = call(live_server, "GET", "/api/v1/settings/orders", token=token)
    assert (Decimal(rules["approval_amount_threshold"]), Decimal(rules["approval_discount_percent"])) == (500, 15)
    assert rules["draft_ttl_hours"] == 24
    # Blank switches a rule off.
    page.get_by_test_id("approval-discount").fill("")
    _save_rules(page)
    rules = call(live_server, "GET", "/api/v1/settings/orders", token=token)
    assert (Decimal(rules["approval_amount_threshold"]), rules["approval_discount_percent"]) == (500, None)


def test_signup_suggests_a_pinyin_slug_checks_it_and_lands_on_the_checklist(page: Page, live_server: str) -> None:
    tag = uuid.uuid4().hex[:6]
    taken = f"taken-{tag}"
    _signup(live_server, taken)

    page.goto("/signup")
    page.get_by_label("公司名称").fill(f"杭州鲜果连锁 {tag}")
    slug = page.get_by_test_id("signup-slug")
    expect(slug).to_have_value(f"hangzhou-xianguo-liansuo-{tag}")
    status = page.get_by_test_id("signup-slug-status")
    expect(status).to_have_attribute("data-available", "true")
    expect(status).to_have_text("可以使用")

    # Typed by hand, the slug is the user's: it is checked, and the name no longer overwrites it.
    slug.fill(taken)
    expect(status).to_have_text("已被其他公司使用，请换一个")
    page.get_by_label("公司名称").fill(f"杭州鲜果连锁总店 {tag}")
    page.wait_for_timeout(600)  # longer than the suggestion's debounce: nothing may replace the typed slug
    expect(slug).to_have_value(taken)
    mine = f"xianguo-{tag}"
    slug.fill(mine)
    expect(status).to_have_attribute("data-available", "true")

    page.get_by_label("您的姓名").fill("林店主")
    page.get_by_label("邮箱").fill("boss@example.com")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_test_id("signup-submit").click()
    expect(page).to_have_url(f"{live_server}/setup")
    expect(page.get_by_test_id("setup-progress")).to_contain_text("0/4")
    expect(page.get_by_test_id("tenant-name")).to_have_text(f"杭州鲜果连锁总店 {tag}")
