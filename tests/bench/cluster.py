"""The benchmark's own PostgreSQL and Redis: the embedded ones, under a data directory of their own.

Roles: the app role (`crm_app`, RLS enforced) that the product uses, a `crm_bench_bypass` role
with BYPASSRLS and the same grants (the RLS-cost case), and the superuser that generates data.
The cluster stops when the harness exits; its data stays, so a second run reuses it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from sqlalchemy.engine import URL, make_url

from api.embedded import APP_ROLE, resolve_urls
from api.migrate import upgrade

BYPASS_ROLE = "crm_bench_bypass"


@dataclass(frozen=True, slots=True)
class Cluster:
    root: Path
    socket_dir: Path
    app_url: str  # SQLAlchemy URL of the app role
    bypass_url: str  # the same, as the BYPASSRLS role
    superuser_dsn: str  # asyncpg DSN, for data generation and statistics
    redis_url: str

    def asyncpg_kwargs(self, url: str) -> dict[str, object]:
        """asyncpg.connect() arguments for one of the SQLAlchemy URLs above."""
        parsed = make_url(url)
        return {
            "host": parsed.host or str(parsed.query["host"]),
            "port": parsed.port or 5432,
            "user": parsed.username,
            "password": parsed.password,
            "database": parsed.database,
        }

    def through(self, url: str, host: str, port: int) -> str:
        """The SQLAlchemy URL redirected to host:port (the counting proxy)."""
        parsed: URL = make_url(url).set(host=host, port=port, query={})
        return parsed.render_as_string(hide_password=False)


def start(root: Path) -> Cluster:
    """Start (or reuse) the cluster and Redis under `root`, migrated, with the bypass role."""
    import pgserver

    root.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(str(root / "pg"), cleanup_mode="stop")  # type: ignore[attr-defined]
    urls = resolve_urls("", "", "", str(root))
    upgrade(urls.migration_database_url)
    app = make_url(urls.database_url)
    socket_dir = Path(str(app.query["host"]))
    superuser_dsn = server.get_uri("crm")
    # The password is token_urlsafe output (no quotes); the role name is a constant.
    server.psql(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{BYPASS_ROLE}') THEN "
        f"CREATE ROLE {BYPASS_ROLE} LOGIN BYPASSRLS PASSWORD '{app.password}' IN ROLE {APP_ROLE}; END IF; END $$;"
    )
    bypass = app.set(username=BYPASS_ROLE).render_as_string(hide_password=False)
    return Cluster(
        root=root,
        socket_dir=socket_dir,
        app_url=urls.database_url,
        bypass_url=bypass,
        superuser_dsn=superuser_dsn,
        redis_url=urls.redis_url,
    )


async def superuser(cluster: Cluster) -> asyncpg.Connection:
    return await asyncio.wait_for(asyncpg.connect(cluster.superuser_dsn), 30)
