"""Command line: `crm run | migrate | seed-demo | openapi | worker | segments rebuild`."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import sys
from pathlib import Path

from api.codes import CODES_FILE, codes_document
from api.settings import Settings, load_settings

OPENAPI_FILE = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"


def _resolved(settings: Settings) -> Settings:
    """Start embedded services for any unset URL and pin the URLs so the app reuses them."""
    from api.embedded import resolve_urls

    urls = resolve_urls(settings.database_url, settings.migration_database_url, settings.redis_url, settings.data_dir)
    return dataclasses.replace(
        settings,
        database_url=urls.database_url,
        migration_database_url=urls.migration_database_url,
        redis_url=urls.redis_url,
    )


def migrate(settings: Settings) -> None:
    from api.migrate import upgrade

    upgrade(settings.migration_database_url)


async def _seed(settings: Settings) -> bool:
    from api.demo import seed_demo
    from tenants.db import create_engine, session_factory

    engine = create_engine(settings.database_url, pool_size=2)
    try:
        return await seed_demo(session_factory(engine))
    finally:
        await engine.dispose()


def print_demo_logins() -> None:
    from api.demo import DEMO_PASSWORD, DEMO_SLUG, demo_logins

    print(f"\nDemo tenant: {DEMO_SLUG}   password for every demo user: {DEMO_PASSWORD}")
    for login in demo_logins():
        print(f"  {login.role:<17} {login.email:<34} scope {login.scope}")


def openapi_document() -> dict[str, object]:
    from api.app import create_app

    schema: dict[str, object] = create_app(dataclasses.replace(load_settings(), env="test")).openapi_schema.to_schema()
    return schema


def write_openapi(path: Path = OPENAPI_FILE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(openapi_document(), indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"wrote {path}")
    CODES_FILE.write_text(json.dumps(codes_document(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {CODES_FILE}")


def run(settings: Settings, demo: bool) -> None:
    import uvicorn

    from api.app import create_app
    from api.http_deadlines import http_protocol

    settings = _resolved(settings)
    migrate(settings)
    if demo:
        created = asyncio.run(_seed(settings))
        print("Demo tenant created." if created else "Demo tenant already present; reusing it.")
        print_demo_logins()
    print(f"\nServing API + SPA on http://{settings.host}:{settings.port}  (contract: /schema)\n", flush=True)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="info",
        proxy_headers=False,
        server_header=False,
        http=http_protocol(settings.http_head_timeout_seconds, settings.http_body_timeout_seconds),
    )


def worker(settings: Settings) -> None:
    """The separate worker process (production); the web process then runs with RUN_WORKER=0."""
    import logging

    from api.worker import run_worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(run_worker(_resolved(settings)))


async def _rebuild_segments(settings: Settings, slug: str | None, segment: str | None) -> int:
    """Rebuild the dynamic segments of one tenant (or every tenant) and print what moved."""
    import uuid

    from sqlalchemy import select

    from domain.marketing.repair import rebuild_tenant
    from tenants.db import create_engine, platform_session, session_factory
    from tenants.models import Tenant

    engine = create_engine(settings.database_url, pool_size=2)
    sessions = session_factory(engine)
    try:
        async with platform_session(sessions) as session:
            query = select(Tenant.id, Tenant.slug).order_by(Tenant.slug)
            tenants = (await session.execute(query.where(Tenant.slug == slug) if slug else query)).all()
        if slug and not tenants:
            print(f"no tenant with slug {slug!r}", file=sys.stderr)
            return 2
        for tenant_id, tenant_slug in tenants:
            for done in await rebuild_tenant(sessions, tenant_id, uuid.UUID(segment) if segment else None):
                print(f"{tenant_slug}  {done.name}: +{done.joined} -{done.left} = {done.members} members")
        return 0
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crm", description="Retail CRM")
    sub = parser.add_subparsers(dest="command", required=True)
    run_cmd = sub.add_parser("run", help="migrate, optionally seed the demo tenant, and serve")
    run_cmd.add_argument("--demo", action="store_true", help="seed the demo tenant (idempotent)")
    sub.add_parser("migrate", help="apply migrations as the owner role")
    sub.add_parser("seed-demo", help="create the demo tenant if missing")
    sub.add_parser("openapi", help="write openapi/openapi.json from the app")
    sub.add_parser("worker", help="run the outbox relay (emails, notifications, live stream) until stopped")
    segments = sub.add_parser("segments", help="customer segments: `rebuild` recomputes stored members (repair)")
    segments.add_argument("action", choices=["rebuild"])
    segments.add_argument("--tenant", help="the tenant's slug (default: every tenant)")
    segments.add_argument("--segment", help="one segment's id (default: every dynamic segment)")
    args = parser.parse_args(argv)
    settings = load_settings()
    if args.command == "openapi":
        write_openapi()
        return 0
    settings.check()
    if args.command == "run":
        run(settings, args.demo)
    elif args.command == "migrate":
        migrate(_resolved(settings))
        print("migrations applied")
    elif args.command == "seed-demo":
        settings = _resolved(settings)
        migrate(settings)
        print("created" if asyncio.run(_seed(settings)) else "already present")
        print_demo_logins()
    elif args.command == "worker":
        worker(settings)
    elif args.command == "segments":
        return asyncio.run(_rebuild_segments(_resolved(settings), args.tenant, args.segment))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
