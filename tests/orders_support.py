"""Order test data: products and stock written straight into the tenant's tables (through the
tenant session, as the app role), and readers for stock levels and outbox events."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from api.state import Resources
from domain.catalog import stock
from domain.catalog.models import Product, StockLevel, StockMovement
from domain.catalog.stock import Reference, StockLine
from domain.integrations.models import OutboxEvent
from tenants.db import TenantScope, tenant_session
from tests.factories import Actor, Api, Tenant, expect

API = "/api/v1"


def _scope(tenant_id: str) -> TenantScope:
    return TenantScope(uuid.UUID(tenant_id))


async def product(
    resources: Resources,
    tenant_id: str,
    sku: str,
    price: str,
    *,
    tax_rate: str = "0.13",
    name: str = "",
    status: str = "active",
) -> str:
    async with tenant_session(resources.sessions, _scope(tenant_id)) as session:
        row = Product(
            tenant_id=uuid.UUID(tenant_id),
            sku=sku,
            name_zh=name or f"商品{sku}",
            list_price=Decimal(price),
            tax_rate=Decimal(tax_rate),
            status=status,
        )
        session.add(row)
        await session.flush()
        return str(row.id)


async def receive(resources: Resources, tenant_id: str, store_id: str, product_id: str, quantity: int) -> None:
    async with tenant_session(resources.sessions, _scope(tenant_id)) as session:
        await stock.add(
            session,
            uuid.UUID(tenant_id),
            uuid.UUID(store_id),
            [StockLine(uuid.UUID(product_id), quantity)],
            "receipt",
            Reference("test", None, None, "test receipt"),
        )


async def stock_of(resources: Resources, tenant_id: str, store_id: str, product_id: str) -> tuple[int, int]:
    """(on_hand, reserved) of one product in one store."""
    async with tenant_session(resources.sessions, _scope(tenant_id)) as session:
        row = (
            await session.execute(
                select(StockLevel.on_hand, StockLevel.reserved).where(
                    StockLevel.tenant_id == uuid.UUID(tenant_id),
                    StockLevel.store_id == uuid.UUID(store_id),
                    StockLevel.product_id == uuid.UUID(product_id),
                )
            )
        ).one()
    return int(row[0]), int(row[1])


async def outbox_events(resources: Resources, tenant_id: str, order_id: str) -> list[dict[str, Any]]:
    """The order's outbox events in the order they were written, each flattened (see _flat)."""
    async with tenant_session(resources.sessions, _scope(tenant_id)) as session:
        rows = (
            await session.execute(
                select(OutboxEvent)
                .where(
                    OutboxEvent.tenant_id == uuid.UUID(tenant_id),
                    OutboxEvent.aggregate_type == "order",
                    OutboxEvent.aggregate_id == uuid.UUID(order_id),
                )
                .order_by(OutboxEvent.id)
            )
        ).scalars()
        events = [_flat(r.payload) for r in rows]
    # Ids are time-ordered only to the millisecond; the order version orders one order's events.
    return sorted(events, key=lambda e: int(e["version"]))


def _flat(envelope: dict[str, Any]) -> dict[str, Any]:
    """An event's envelope as one flat dict: topic, the order's id and version, store, payload."""
    return {
        "topic": envelope["type"],
        "order_id": envelope["aggregate"]["id"],
        "version": envelope["aggregate"]["version"],
        "store_id": envelope["store_id"],
        **envelope["data"],
    }


@dataclass
class Shop:
    """A tenant with one store, a customer and two products in stock."""

    tenant: Tenant
    store_id: str
    customer_id: str
    products: dict[str, str] = field(default_factory=dict)  # sku → id


async def shop(api: Api, resources: Resources, stock_levels: dict[str, int] | None = None) -> Shop:
    tenant = await api.signup()
    store_id = await api.store(tenant, "SH01")
    customer = await api.customer(tenant.owner, name="张三丰")
    result = Shop(tenant, store_id, customer["id"])
    result.products["A"] = await product(resources, tenant.id, "A-100", "100.00", tax_rate="0.13", name="保温杯")
    result.products["B"] = await product(resources, tenant.id, "B-355", "35.50", tax_rate="0.06", name="绿茶")
    for sku, quantity in (stock_levels if stock_levels is not None else {"A": 10, "B": 5}).items():
        await receive(resources, tenant.id, store_id, result.products[sku], quantity)
    return result


async def create_order(
    api: Api, actor: Actor, s: Shop, lines: list[dict[str, Any]], status: int = 201, **extra: Any
) -> dict[str, Any]:
    body = {"customer_id": s.customer_id, "store_id": s.store_id, "channel": "store", "lines": lines, **extra}
    return dict(expect(await api.client.post(f"{API}/orders", json=body, headers=actor.headers), status))


async def act(
    api: Api, actor: Actor, order_id: str, action: str, status: int = 200, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await api.client.post(f"{API}/orders/{order_id}/{action}", json=body, headers=actor.headers)
    return dict(expect(response, status))


async def movements(resources: Resources, tenant_id: str, store_id: str, product_id: str) -> list[tuple[str, int, str]]:
    """(kind, on_hand_delta, reference_type) of one product's movements in one store, oldest first."""
    async with tenant_session(resources.sessions, _scope(tenant_id)) as session:
        rows = await session.execute(
            select(StockMovement.kind, StockMovement.on_hand_delta, StockMovement.reference_type)
            .where(
                StockMovement.tenant_id == uuid.UUID(tenant_id),
                StockMovement.store_id == uuid.UUID(store_id),
                StockMovement.product_id == uuid.UUID(product_id),
            )
            .order_by(StockMovement.created_at, StockMovement.id)
        )
        return [(str(k), int(d), str(r)) for k, d, r in rows]


async def deliver_order(api: Api, actor: Actor, s: Shop, lines: list[dict[str, Any]]) -> dict[str, Any]:
    """Capture, submit (approved automatically), pack every unit, ship and deliver an order."""
    order = await create_order(api, actor, s, lines)
    order = await act(api, actor, order["id"], "submit")
    assert order["status"] == "approved"
    packed = [{"line_id": line["id"], "quantity": line["quantity"]} for line in order["lines"]]
    await act(api, actor, order["id"], "fulfil", body={"lines": packed})
    await act(api, actor, order["id"], "ship", body={"carrier": "顺丰", "tracking_number": "SF0001"})
    order = await act(api, actor, order["id"], "deliver")
    assert order["status"] == "delivered"
    return order


async def pay(api: Api, actor: Actor, order_id: str, amount: str, method: str = "cash", status: int = 201) -> Any:
    body = {"method": method, "amount": amount, "reference": f"POS-{amount}"}
    return expect(await api.client.post(f"{API}/orders/{order_id}/payments", json=body, headers=actor.headers), status)
