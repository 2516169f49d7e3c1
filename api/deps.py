"""Request-scoped dependencies: one request = one tenant transaction (STYLE rule 3)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide
from redis.asyncio import Redis

from api.idempotency import shared_transaction
from api.problems import request_lang
from api.security import principal_of, resources
from tenants.context import Ctx, run_after_commit
from tenants.db import tenant_session
from tenants.principal import RequestMeta


def request_meta(request: Request[Any, Any, Any]) -> RequestMeta:
    client = request.client.host if request.client else ""
    return RequestMeta(
        request_id=request.scope.get("state", {}).get("request_id", ""), ip=client, lang=request_lang(request)
    )


async def provide_ctx(request: Request[Any, Any, Any]) -> AsyncGenerator[Ctx, None]:
    """Open the caller's tenant transaction; commit when the handler succeeds, then run after-commit work."""
    principal = principal_of(request)
    shared = shared_transaction(request.scope)
    if shared is not None:
        # An Idempotency-Key POST: the middleware owns the transaction and commits it together
        # with the claimed key and the stored response, then runs these hooks.
        yield Ctx(session=shared.session, actor=principal, meta=request_meta(request), after_commit=shared.after_commit)
        return
    async with tenant_session(resources(request).sessions, principal.scope) as session:
        ctx = Ctx(session=session, actor=principal, meta=request_meta(request))
        yield ctx
    await run_after_commit(ctx.after_commit)


def provide_redis(request: Request[Any, Any, Any]) -> Redis:
    return resources(request).redis


DEPENDENCIES = {
    "ctx": Provide(provide_ctx),
    "redis": Provide(provide_redis, sync_to_thread=False),
}

# Explicit markers (Litestar 3 drops inferred dependencies and path parameters).
CtxDep = NamedDependency[Ctx]
RedisDep = NamedDependency[Redis]
