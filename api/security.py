"""Authentication middleware (JWT bearer or X-API-Key) and the permission guard.

Every route declares, in its `opt`, either `permission="resource:action"`, `authenticated=True`
(any signed-in principal) or `public=True`. The guard fails closed on anything else. A route
that only staff users can use (their profile, their notifications) adds `staff_only="<why an
API key is refused>"`: the guard answers 403 `not_a_user` with that detail.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.base import DefineMiddleware

from api.state import Resources
from tenants import principal_cache
from tenants.auth import access_epoch, authenticate_api_key, load_user_principal
from tenants.db import TenantScope, tenant_session
from tenants.errors import Forbidden, Unauthenticated, invalid
from tenants.principal import Principal
from tenants.tokens import decode_access_token

PUBLIC = "public"
PERMISSION = "permission"
AUTHENTICATED = "authenticated"
STAFF_ONLY = "staff_only"


def resources(connection: ASGIConnection[Any, Any, Any, Any]) -> Resources:
    res: Resources = connection.app.state.resources
    return res


async def _user_principal(res: Resources, token: str) -> Principal:
    claims = decode_access_token(res.auth.tokens, token)
    cached = await principal_cache.get(res.redis, claims.tenant_id, claims.user_id, partial(access_epoch, res.sessions))
    if cached is not None:
        return cached
    async with tenant_session(res.sessions, TenantScope(claims.tenant_id)) as session:
        principal = await load_user_principal(session, claims.tenant_id, claims.user_id)
    if principal is None:
        raise Unauthenticated("The account is not active.", code="invalid_token")
    await principal_cache.put(res.redis, principal)
    return principal


class CredentialMiddleware(AbstractAuthenticationMiddleware):
    """Resolves the caller before routing reaches a guard; public routes skip it (exclude_opt_key)."""

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any, Any]) -> AuthenticationResult:
        res = resources(connection)
        api_key = connection.headers.get("x-api-key")
        authorization = connection.headers.get("authorization", "")
        if api_key:
            principal = await authenticate_api_key(res.sessions, res.redis, res.auth, api_key.strip())
        elif authorization[:7].lower() == "bearer " and authorization[7:].strip():
            principal = await _user_principal(res, authorization[7:].strip())
        else:
            raise Unauthenticated("Sign in, or send an API key.", code="unauthenticated")
        return AuthenticationResult(user=principal, auth=principal.kind)


credential_middleware = DefineMiddleware(CredentialMiddleware, exclude_from_auth_key=PUBLIC)


async def authorize(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """App-level guard: enforce the permission the route declares; undeclared routes are refused.

    Async although it awaits nothing: Litestar runs a synchronous guard in a worker thread, and
    that hop on every request cost more than the rest of the guard (seen in the benchmark's
    profile of GET /customers/{id})."""
    opt = handler.opt
    if opt.get(PUBLIC):
        return
    principal = connection.scope.get("user")
    if not isinstance(principal, Principal):
        raise Unauthenticated("Sign in, or send an API key.")
    if (staff_only := opt.get(STAFF_ONLY)) and principal.user_id is None:
        raise Forbidden(str(staff_only), code="not_a_user")
    if opt.get(AUTHENTICATED):
        return
    permission = opt.get(PERMISSION)
    if not permission:
        raise Forbidden("This route declares no permission and is closed.", code="route_not_declared")
    check_permission(principal, permission)


def check_permission(principal: Principal, permission: str) -> None:
    """403 `permission_denied` naming the permission the caller lacks (a route whose body decides
    which permission applies calls this itself)."""
    if not principal.can(permission):
        raise Forbidden(
            f"You need the permission '{permission}'.",
            code="permission_denied",
            extra={"permission": permission},
        )


# RFC 9110 If-Match = "*" / #entity-tag, entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, with optional
# whitespace around it; an empty field is an empty list, so no condition. The contract publishes
# the same pattern. Our versions fit in ten digits.
IF_MATCH_FORM = r'^[ \t]*(\*|(W/)?"[\x21\x23-\x7e\x80-\xff]*")?[ \t]*$'
_IF_MATCH = re.compile(IF_MATCH_FORM)
_VERSION = re.compile(r"[0-9]{1,10}")
NO_VERSION = -1  # what an entity tag that cannot be ours asks for: no row has it


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    user = connection.scope.get("user")
    if not isinstance(user, Principal):
        raise Unauthenticated("Sign in, or send an API key.")
    return user


def parse_if_match(value: str | None) -> int | None:
    """The version an `If-Match` asks for. Absent, empty or `*` (any current version): None, no check.
    Our ETags are strong and numeric (`"3"`): a weak tag (`W/"3"`, RFC 9110 compares strongly)
    or any other entity tag can never match, so it asks for `NO_VERSION` and gets the 412; what
    is not an entity tag at all is a 422."""
    if value is None:
        return None
    if not _IF_MATCH.fullmatch(value):
        raise invalid("If-Match", 'must be the ETag of the resource, e.g. "3"')
    tag = value.strip(" \t")
    if tag in {"", "*"}:
        return None
    digits = tag[1:-1]
    if tag.startswith("W/") or not _VERSION.fullmatch(digits):
        return NO_VERSION
    return int(digits)
