"""Plain HTTP calls to the live server for browser tests' set-up (what a test arranges through
the API rather than the UI)."""

from __future__ import annotations

import json
import urllib.request
import uuid
from typing import Any

from playwright.sync_api import Page, expect


def call(base: str, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    """One JSON request; POSTs carry a fresh Idempotency-Key. Raises on a non-2xx answer."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if method == "POST":
        headers["Idempotency-Key"] = str(uuid.uuid4())
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base}{path}", data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


def login(page: Page, slug: str, email: str, password: str, tenant_name: str) -> None:
    """Sign in through the login page (zh-CN labels) and wait for the shell."""
    page.goto("/login")
    page.get_by_label("租户标识").fill(slug)
    page.get_by_label("邮箱").fill(email)
    page.get_by_label("密码").fill(password)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("tenant-name")).to_have_text(tenant_name)
