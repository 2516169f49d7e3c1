"""Every route declares how it is protected (DESIGN "Access"), read from the app's route table.

A handler's `opt` holds exactly one of `permission` (a catalogue key), `authenticated` or
`public`. Public routes are the reviewed list below. Then, for every permission-guarded route,
a user whose role holds every permission except that one gets 403 `permission_denied`.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute

from api.security import AUTHENTICATED, PERMISSION, PUBLIC
from tenants.permissions import ALL_PERMISSIONS
from tests.factories import Api, expect

# Reviewed: routes anyone may call without credentials. (path, method)
PUBLIC_ROUTES = {
    ("/api/v1/signup", "POST"),
    ("/api/v1/signup/slug", "GET"),  # a slug suggested for a company name, or checked as typed
    ("/api/v1/auth/login", "POST"),
    ("/api/v1/auth/refresh", "POST"),
    ("/api/v1/auth/logout", "POST"),
    ("/api/v1/auth/accept-invite", "POST"),
    ("/api/v1/auth/password-reset", "POST"),
    ("/api/v1/auth/password-reset/confirm", "POST"),
    ("/api/v1/public/orders/{token:str}", "GET"),  # order tracking by unguessable token
    ("/api/v1/public/kb/{tenant_slug:str}/articles", "GET"),  # a tenant's published help articles
    ("/api/v1/public/kb/{tenant_slug:str}/articles/{ref:str}", "GET"),
    ("/api/v1/public/logos/{tenant_slug:str}", "GET"),  # a company's logo (printed on its invoices anyway)
    ("/api/v1/public/csat/{token:str}", "GET"),  # satisfaction survey by unguessable token
    ("/api/v1/public/csat/{token:str}", "POST"),  # its one answer
    ("/api/v1/public/o/{token:str}", "GET"),  # a campaign email's open pixel (signed token)
    ("/api/v1/public/c/{token:str}", "GET"),  # a tracked link: redirects only to its stored URL
    ("/api/v1/public/unsubscribe/{token:str}", "GET"),  # what the unsubscribe link is about
    ("/api/v1/public/unsubscribe/{token:str}", "POST"),  # one-click unsubscribe (RFC 8058)
    ("/health", "GET"),
    ("/ready", "GET"),
    ("/", "GET"),  # the SPA shell
    ("/{path:path}", "GET"),  # SPA deep links and assets (API paths are refused inside)
    ("/schema", "GET"),  # the published OpenAPI contract and its self-hosted UI
    ("/schema/openapi.json", "GET"),
    ("/schema/{path:str}", "GET"),
    ("/schema/oauth2-redirect.html", "GET"),
}
DECLARATIONS = (PERMISSION, AUTHENTICATED, PUBLIC)


def handlers(app: Litestar) -> list[tuple[str, str, HTTPRouteHandler]]:
    """(path, method, handler) for every handler the app serves, except Litestar's automatic
    OPTIONS handlers (they only answer CORS preflight / Allow, and inherit the route's opt)."""
    out: list[tuple[str, str, HTTPRouteHandler]] = []
    for route in app.routes:
        assert isinstance(route, HTTPRoute), f"unexpected non-HTTP route {route.path}"
        for handler in route.route_handlers:
            methods = set(handler.http_methods)
            if methods == {"OPTIONS"} and handler.handler_name == "options_handler":
                continue
            out.extend((route.path, method, handler) for method in sorted(methods))
    return out


def test_every_route_declares_exactly_one_protection(app: Litestar) -> None:
    found = handlers(app)
    assert len(found) >= 30
    public = set()
    for path, method, handler in found:
        declared = [key for key in DECLARATIONS if handler.opt.get(key)]
        assert len(declared) == 1, f"{method} {path} declares {declared or 'nothing'}"
        if declared == [PERMISSION]:
            assert handler.opt[PERMISSION] in ALL_PERMISSIONS, f"{method} {path}: unknown permission"
        if declared == [PUBLIC]:
            public.add((path, method))
    assert public == PUBLIC_ROUTES


async def test_public_routes_work_without_credentials(api: Api) -> None:
    assert (await api.client.get("/health")).status_code == 200
    assert (await api.client.get("/ready")).status_code == 200
    schema = expect(await api.client.get("/schema/openapi.json"), 200)
    assert schema["info"]["title"] == "Retail CRM API"
    assert (await api.client.get("/schema")).status_code == 200


async def test_non_public_routes_refuse_anonymous_callers(api: Api, app: Litestar) -> None:
    for path, method, handler in handlers(app):
        if handler.opt.get(PUBLIC):
            continue
        url = path.replace(":uuid}", "}").format_map(defaultdict(lambda: str(uuid.uuid4())))
        response = await api.client.request(method, url, json={} if method in {"POST", "PATCH", "PUT"} else None)
        assert response.status_code == 401, f"{method} {path}: {response.status_code}"
        assert response.json()["code"] == "unauthenticated"


async def test_each_permission_is_required_by_its_routes(api: Api, app: Litestar) -> None:
    tenant = await api.signup()
    by_permission: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path, method, handler in handlers(app):
        if handler.opt.get(PERMISSION):
            by_permission[handler.opt[PERMISSION]].append((path, method))
    assert by_permission
    checked = 0
    for permission, routes in sorted(by_permission.items()):
        role = f"all-but-{permission}"
        await api.custom_role(tenant, role, ALL_PERMISSIONS - {permission})
        user = await api.user(tenant, role, email=f"lacks-{permission.replace(':', '-')}@example.com")
        for path, method in routes:
            url = path.replace(":uuid}", "}").format_map(defaultdict(lambda: str(uuid.uuid4())))
            response = await api.client.request(
                method, url, headers=user.headers, json={} if method in {"POST", "PATCH", "PUT"} else None
            )
            assert response.status_code == 403, f"{method} {path} without {permission}: {response.text}"
            assert response.headers["content-type"].startswith("application/problem+json")
            body = response.json()
            assert body["code"] == "permission_denied", f"{method} {path}: {body}"
            assert body["permission"] == permission
            checked += 1
    assert checked >= 20
