"""Ticket test data: a tenant with a store, a customer with an email, and helpers over the
ticket routes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.factories import Actor, Api, Tenant, expect

API = "/api/v1"


@dataclass
class Desk:
    tenant: Tenant
    store_id: str
    customer_id: str


async def desk(api: Api, email: str = "kehu@example.com") -> Desk:
    tenant = await api.signup()
    store_id = await api.store(tenant, "SH01")
    customer = await api.customer(tenant.owner, name="王小二", email=email, home_store_id=store_id)
    return Desk(tenant, store_id, customer["id"])


async def open_ticket(api: Api, actor: Actor, d: Desk, status: int = 201, **fields: Any) -> dict[str, Any]:
    body = {"subject": "保温杯漏水", "customer_id": d.customer_id, **fields}
    return dict(expect(await api.client.post(f"{API}/tickets", json=body, headers=actor.headers), status))


async def act(
    api: Api, actor: Actor, ticket_id: str, action: str, status: int = 200, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await api.client.post(f"{API}/tickets/{ticket_id}/{action}", json=body, headers=actor.headers)
    return dict(expect(response, status))


async def comment(api: Api, actor: Actor, ticket_id: str, text: str, public: bool, status: int = 201) -> dict[str, Any]:
    body = {"body": text, "public": public}
    response = await api.client.post(f"{API}/tickets/{ticket_id}/comments", json=body, headers=actor.headers)
    return dict(expect(response, status))
