"""Browser tests: the real server in a subprocess (built SPA + API) and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from api.embedded import EmbeddedUrls
from api.spa import STATIC_DIR
from tests.e2e.support import CONTEXT_OPTIONS

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# A shared 2-core CI machine is slow at times: assertions wait as long as page actions do.
expect.set_options(timeout=15_000)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"report_{report.when}", report)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError("Debian chromium is required for browser tests: run `make chromium` (make test does).")
    return path


@pytest.fixture(scope="session")
def live_server(services: EmbeddedUrls) -> Iterator[str]:
    if not (STATIC_DIR / "index.html").is_file():
        raise RuntimeError("The SPA is not built: run `make build` (make test does).")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "APP_ENV": "test",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": services.database_url,
        "MIGRATION_DATABASE_URL": services.migration_database_url,
        "REDIS_URL": services.redis_url,
        "LOGIN_IP_PER_MINUTE": "10000",
        # The outbox relay in-process: the live stream (SSE) and in-app notifications need it.
        "RUN_WORKER": "1",
        # Customer emails (order updates, CSAT surveys) land in the in-process SMTP sink, readable
        # at /api/v1/dev/mailbox, with links back to this server.
        "MAIL_SINK": "1",
        "SMTP_PORT": str(_free_port()),
        "PUBLIC_BASE_URL": base,
    }
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "api", "run"], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"server did not start; see {ARTIFACTS / 'server.log'}")
        time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser(live_server: str) -> Iterator[Browser]:
    """Module-scoped: Playwright's sync API runs its own event loop, which must be gone again
    before any asyncio test runs (browser tests are ordered last, see tests/conftest.py)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(live_server: str, browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, **CONTEXT_OPTIONS)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
