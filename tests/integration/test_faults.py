"""Sales survive the database restarting and the app being killed mid-burst: every sale a till
was told about exists once, paid once, stock exact, one event per transition, and every answer
on the way was a success or a problem+json the till could act on (503 + Retry-After)."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.embedded import EmbeddedUrls, resolve_urls
from api.migrate import upgrade
from api.settings import Settings
from tests.faults_support import Till, check_books, open_shop, sell_through
from tests.live import live_server

TILLS = 6
SALES_EACH = 5
SALES = TILLS * SALES_EACH
STOCKED = SALES + 5


@pytest.fixture
def own_cluster(services: EmbeddedUrls, tmp_path: Path) -> Iterator[tuple[EmbeddedUrls, Path]]:
    """A PostgreSQL of this test's own (restarting the shared one would break the other tests' pools)."""
    import pgserver

    root = Path(os.path.realpath(tmp_path)) / "own"
    urls = resolve_urls("", "", services.redis_url, str(root))
    upgrade(urls.migration_database_url)
    yield urls, root / "pg"
    pgserver.get_server(str(root / "pg"), cleanup_mode="stop").cleanup()  # type: ignore[attr-defined]


def _pg_ctl(pgdata: Path, *args: str) -> None:
    import pgserver
    from pgserver._commands import pg_ctl

    server = pgserver.get_server(str(pgdata), cleanup_mode=None)  # type: ignore[attr-defined]
    pg_ctl(["-w", "-m", "fast", "-l", str(server.log), *args], pgdata=pgdata, user=server.system_user, timeout=30)


async def test_sales_survive_a_postgresql_restart_mid_burst(
    settings: Settings, own_cluster: tuple[EmbeddedUrls, Path]
) -> None:
    urls, pgdata = own_cluster
    own = dataclasses.replace(
        settings, database_url=urls.database_url, migration_database_url=urls.migration_database_url
    )
    async with live_server(own) as base, httpx.AsyncClient(base_url=base, timeout=30) as http:
        owner, store_id, product_id = await open_shop(http, STOCKED)
        tills = [Till(http, owner, store_id, product_id) for _ in range(TILLS)]

        async def restart() -> None:
            await asyncio.to_thread(_pg_ctl, pgdata, "restart")

        tally = await sell_through(tills, SALES_EACH, [(SALES // 3, restart)])
        ready = await http.get("/ready")
    assert tally.broken == []
    assert tally.statuses[503] > 0, f"the restart was not felt: {tally}"
    assert ready.status_code == 200, ready.text
    await check_books(urls.migration_database_url, owner.tenant_id, product_id, SALES, STOCKED)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class AppProcess:
    """`python -m api run` as a child process, the way production runs it, on a fixed port."""

    def __init__(self, services: EmbeddedUrls, log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = {
            **os.environ,
            "APP_ENV": "test",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "DATABASE_URL": services.database_url,
            "MIGRATION_DATABASE_URL": services.migration_database_url,
            "REDIS_URL": services.redis_url,
            "LOGIN_IP_PER_MINUTE": "10000",
            "RUN_WORKER": "1",
            "MAIL_SINK": "0",
        }
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "api", "run", env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient(base_url=self.base, timeout=1) as probe:
            while True:
                try:
                    if (await probe.get("/health")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if self.process.returncode is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the app did not start; see {self.log}")
                await asyncio.sleep(0.1)

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            try:
                async with asyncio.timeout(10):
                    await self.process.wait()
            except TimeoutError:
                self.process.kill()


async def test_sales_survive_the_app_being_killed_mid_burst_twice(services: EmbeddedUrls, tmp_path: Path) -> None:
    app = AppProcess(services, tmp_path / "app.log")
    await app.start()
    try:
        async with httpx.AsyncClient(base_url=app.base, timeout=30) as http:
            owner, store_id, product_id = await open_shop(http, STOCKED)
            tills = [Till(http, owner, store_id, product_id) for _ in range(TILLS)]

            async def kill_and_restart() -> None:
                await app.kill()  # mid-request: some tills are waiting on an answer that never comes
                await app.start()

            tally = await sell_through(
                tills, SALES_EACH, [(SALES // 3, kill_and_restart), (SALES * 2 // 3, kill_and_restart)]
            )
    finally:
        await app.stop()
    assert tally.broken == []
    assert tally.dropped > 0, f"no request was cut by the kills: {tally}"
    await check_books(services.migration_database_url, owner.tenant_id, product_id, SALES, STOCKED)
