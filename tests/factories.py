"""Tenant-aware test data built through the public API, so every test can see who it acts as."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient

PASSWORD = "Correct-Horse-42"


def unique_slug(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@dataclass
class Actor:
    """A signed-in caller: a user (bearer token) or an API key."""

    tenant_id: str
    headers: dict[str, str]
    email: str = ""
    user_id: str = ""
    role: str = ""


@dataclass
class Tenant:
    id: str
    slug: str
    owner: Actor
    stores: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def expect(response: Response, status: int) -> Any:
    assert response.status_code == status, f"{response.status_code} != {status}: {response.text}"
    return response.json() if response.content else None


class Api:
    """Thin helpers over the HTTP API for building tenants, stores, users, keys and customers."""

    def __init__(self, client: AsyncTestClient[Litestar]) -> None:
        self.client = client

    async def signup(self, slug: str | None = None, email: str = "owner@example.com") -> Tenant:
        slug = slug or unique_slug()
        body = expect(
            await self.client.post(
                "/api/v1/signup",
                json={
                    "tenant_name": f"Chain {slug}",
                    "tenant_slug": slug,
                    "owner_email": email,
                    "owner_password": PASSWORD,
                    "owner_name": "Owner",
                },
            ),
            201,
        )
        owner = Actor(body["tenant"]["id"], bearer(body["access_token"]), email, body["user"]["id"], "owner")
        tenant = Tenant(body["tenant"]["id"], slug, owner)
        roles = expect(await self.client.get("/api/v1/roles", headers=owner.headers), 200)
        tenant.roles = {r["key"]: r["id"] for r in roles["items"] if r["key"]}
        return tenant

    async def region(self, tenant: Tenant, name: str) -> str:
        body = expect(await self.client.post("/api/v1/regions", json={"name": name}, headers=tenant.owner.headers), 201)
        tenant.regions[name] = body["id"]
        return str(body["id"])

    async def store(self, tenant: Tenant, code: str, region: str | None = None) -> str:
        payload: dict[str, Any] = {"code": code, "name": f"Store {code}"}
        if region:
            payload["region_id"] = tenant.regions[region]
        body = expect(await self.client.post("/api/v1/stores", json=payload, headers=tenant.owner.headers), 201)
        tenant.stores[code] = body["id"]
        return str(body["id"])

    async def user(
        self, tenant: Tenant, role: str, *, email: str | None = None, scope: dict[str, Any] | None = None
    ) -> Actor:
        email = email or f"{role}-{uuid.uuid4().hex[:6]}@example.com"
        payload: dict[str, Any] = {
            "email": email,
            "name": role.title(),
            "role_id": tenant.roles[role],
            "password": PASSWORD,
        }
        if scope:
            payload["scope"] = scope
        created = expect(await self.client.post("/api/v1/users", json=payload, headers=tenant.owner.headers), 201)
        return Actor(tenant.id, await self.login(tenant.slug, email), email, created["user"]["id"], role)

    async def login(self, slug: str, email: str, password: str = PASSWORD) -> dict[str, str]:
        body = expect(
            await self.client.post(
                "/api/v1/auth/login", json={"tenant_slug": slug, "email": email, "password": password}
            ),
            200,
        )
        return bearer(body["access_token"])

    async def api_key(self, tenant: Tenant, scopes: list[str], store_ids: list[str] | None = None) -> Actor:
        body = expect(
            await self.client.post(
                "/api/v1/api-keys",
                json={"name": f"key-{uuid.uuid4().hex[:6]}", "scopes": scopes, "store_ids": store_ids},
                headers=tenant.owner.headers,
            ),
            201,
        )
        return Actor(tenant.id, {"X-API-Key": body["key"]}, role="api_key")

    async def customer(self, actor: Actor, **fields: Any) -> dict[str, Any]:
        payload = {"name": "张三", **fields}
        return dict(expect(await self.client.post("/api/v1/customers", json=payload, headers=actor.headers), 201))

    # ---- helpers for the tenancy suites (added; the helpers above are unchanged) ----

    async def custom_role(self, tenant: Tenant, name: str, permissions: list[str] | set[str] | frozenset[str]) -> str:
        """Create a custom role as the owner and register it in `tenant.roles` under `name`."""
        body = expect(
            await self.client.post(
                "/api/v1/roles",
                json={"name": name, "permissions": sorted(permissions)},
                headers=tenant.owner.headers,
            ),
            201,
        )
        tenant.roles[name] = body["id"]
        return str(body["id"])

    async def create_api_key(
        self,
        tenant: Tenant,
        scopes: list[str],
        *,
        store_ids: list[str] | None = None,
        expires_at: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[Actor, dict[str, Any]]:
        """Like `api_key`, but also returns the created key's body (id, key_id, ...)."""
        payload: dict[str, Any] = {"name": f"key-{uuid.uuid4().hex[:6]}", "scopes": scopes, "store_ids": store_ids}
        if expires_at is not None:
            payload["expires_at"] = expires_at
        body = expect(
            await self.client.post("/api/v1/api-keys", json=payload, headers=headers or tenant.owner.headers), 201
        )
        return Actor(tenant.id, {"X-API-Key": body["key"]}, role="api_key"), dict(body["api_key"])
