"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get
from litestar.openapi import ResponseSpec
from sqlalchemy import text

from api.security import PUBLIC, resources


class Health(msgspec.Struct):
    status: str
    checks: dict[str, str] = msgspec.field(default_factory=dict)


@get("/health", operation_id="Health", tags=["Health"], opt={PUBLIC: True}, summary="Liveness")
async def health() -> Health:
    return Health(status="ok")


@get(
    "/ready",
    operation_id="Ready",
    tags=["Health"],
    opt={PUBLIC: True},
    summary="Readiness: PostgreSQL and Redis reachable",
    responses={503: ResponseSpec(Health, description="PostgreSQL or Redis is out of reach; `checks` says which")},
)
async def ready(request: Request[Any, Any, Any]) -> Response[Health]:
    res = resources(request)
    checks: dict[str, str] = {}
    try:
        async with res.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        checks["postgres"] = "ok"
    except Exception as exc:
        checks["postgres"] = f"error: {type(exc).__name__}"
    try:
        await res.redis.ping()
        checks["redis"] = "ok"
    except Exception as exc:
        checks["redis"] = f"error: {type(exc).__name__}"
    ok = all(v == "ok" for v in checks.values())
    return Response(Health(status="ok" if ok else "unavailable", checks=checks), status_code=200 if ok else 503)
