"""The order page is one statement (JSON arrays decoded into the schemas), for GET /orders/{id}
and after every action; it must show exactly what the ORM rows, mapped by views.order_out, show."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text

from api.state import Resources
from domain.customers.public import labels_of
from domain.orders import queries
from domain.orders.mappers import order_out
from domain.orders.models import Order as OrderRow
from tenants.context import Ctx
from tenants.db import TenantScope, tenant_session
from tenants.permissions import ALL_PERMISSIONS
from tenants.principal import Principal, RequestMeta
from tenants.scoping import load_visible
from tests.factories import Api, expect
from tests.orders_support import API, act, deliver_order, pay, shop


async def _both_paths(resources: Resources, tenant_id: str, user_id: str, order_id: str) -> tuple[Any, Any]:
    principal = Principal("user", uuid.UUID(tenant_id), uuid.UUID(user_id), "owner", frozenset(ALL_PERMISSIONS))
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(tenant_id))) as session:
        ctx = Ctx(session=session, actor=principal, meta=RequestMeta())
        page = await queries.get_order(ctx, uuid.UUID(order_id))  # one statement, not yet in a transaction
        await session.execute(text("SELECT 1"))
        in_transaction = await queries.get_order(ctx, uuid.UUID(order_id))
        order = await load_visible(ctx, OrderRow, uuid.UUID(order_id))
        orm = order_out(
            order,
            await queries.load_lines(ctx, order),
            await queries.load_fulfilments(ctx, order),
            await queries.load_events(ctx, order),
            principal.permissions,
            await queries.load_payments(ctx, order),
            await queries.load_returns(ctx, order),
            (await labels_of(ctx, {order.customer_id})).get(order.customer_id),
        )
    assert in_transaction == page
    return page, orm


async def test_the_one_statement_page_equals_the_orm_page(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    lines = [
        {"product_id": s.products["A"], "quantity": 3, "discount": "10.00"},
        {"product_id": s.products["B"], "quantity": 2},
    ]
    delivered = await deliver_order(api, owner, s, lines)
    oid = delivered["id"]
    assert expect(await api.client.get(f"{API}/orders/{oid}", headers=owner.headers), 200) == delivered
    await pay(api, owner, oid, "361.00")
    line_a = delivered["lines"][0]["id"]
    body = {"lines": [{"line_id": line_a, "quantity": 1}], "reason": "破损"}
    expect(await api.client.post(f"{API}/orders/{oid}/returns", json=body, headers=owner.headers), 201)
    page, orm = await _both_paths(resources, s.tenant.id, owner.user_id, oid)
    assert page == orm
    assert (len(page.lines), len(page.fulfilments), len(page.payment_records), len(page.returns)) == (2, 1, 1, 1)
    assert [len(f.lines) for f in page.fulfilments] == [2]
    got = expect(await api.client.get(f"{API}/orders/{oid}", headers=owner.headers), 200)
    assert got["payments"] == {"paid_total": "361.00", "refunded_total": "0.00", "balance_due": "0.00"}
    assert got["lines"][0]["unit_price"] == "100.00"
    completed = await act(api, owner, oid, "complete")
    assert expect(await api.client.get(f"{API}/orders/{oid}", headers=owner.headers), 200) == completed
