"""What browser tests share: plain HTTP calls to the live server for their set-up (what a test
arranges through the API rather than the UI), the browser context they browse with, and steps
every journey takes (logging in, picking from a search select)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
import uuid
from typing import Any

from playwright.sync_api import Page, expect

# Users who ask their system for less motion get dialogs and dropdowns without animation (the SPA
# turns antd's motion off); the tests browse that way so a click never lands on a moving target.
CONTEXT_OPTIONS: dict[str, Any] = {
    "locale": "zh-CN",
    "viewport": {"width": 1400, "height": 900},
    "reduced_motion": "reduce",
}


def call(
    base: str, method: str, path: str, body: Any = None, token: str | None = None, headers: dict[str, str] | None = None
) -> Any:
    """One JSON request; POSTs carry a fresh Idempotency-Key. Raises on a non-2xx answer."""
    headers = {"Content-Type": "application/json", **(headers or {})}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if method == "POST":
        headers["Idempotency-Key"] = str(uuid.uuid4())
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base}{path}", data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


def signup(base: str, slug: str, tenant_name: str, owner_name: str, password: str) -> str:
    """A new tenant whose owner is owner@example.com; her access token."""
    body = {
        "tenant_name": tenant_name,
        "tenant_slug": slug,
        "owner_email": "owner@example.com",
        "owner_password": password,
        "owner_name": owner_name,
    }
    call(base, "POST", "/api/v1/signup", body)
    credentials = {"tenant_slug": slug, "email": "owner@example.com", "password": password}
    return str(call(base, "POST", "/api/v1/auth/login", credentials)["access_token"])


def stocked_product(base: str, token: str, store_id: str, sku: str, name: str, price: str, quantity: int) -> str:
    """A product with `quantity` received into the store; its id."""
    product = call(base, "POST", "/api/v1/products", {"sku": sku, "name_zh": name, "list_price": price}, token)
    receipt = {"store_id": store_id, "product_id": product["id"], "quantity_delta": quantity, "reason": "期初入库"}
    call(base, "POST", "/api/v1/inventory/adjustments", receipt | {"kind": "receipt"}, token)
    return str(product["id"])


def login(page: Page, slug: str, email: str, password: str, tenant_name: str) -> None:
    """Sign in through the login page (zh-CN labels) and wait for the shell."""
    page.goto("/login")
    page.get_by_label("租户标识").fill(slug)
    page.get_by_label("邮箱").fill(email)
    page.get_by_label("密码").fill(password)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("tenant-name")).to_have_text(tenant_name)


def search_and_pick(page: Page, typed: str, path: str) -> None:
    """Type into the focused search select, wait for the server's answer to exactly that search,
    then pick the option showing `typed` and check that the list closed on the choice.

    Clicking while an earlier answer is still being replaced loses the click now and then, so the
    pick waits for the answer the user would be looking at."""

    def answered(response: Any) -> bool:
        url = urllib.parse.urlsplit(response.url)
        return url.path == path and urllib.parse.parse_qs(url.query).get("q") == [typed]

    with page.expect_response(answered):
        page.keyboard.type(typed)
    page.locator(".ant-select-dropdown:visible .ant-select-item-option", has_text=typed).click()
    expect(page.locator(".ant-select-dropdown:visible")).to_have_count(0)
