"""The registered visibility rules (tenants.scoping): a store-scoped and an own-scoped caller get
exactly the orders, customers, tickets and transfers they should, and load_visible answers an
out-of-scope id with the context's own 404."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select

from api.state import Resources
from domain.catalog.models import Transfer
from domain.customers.models import Customer
from domain.orders.models import Order
from domain.service.models import Ticket
from tenants.auth import load_user_principal
from tenants.context import Ctx
from tenants.db import TenantScope, tenant_session
from tenants.errors import NotFound
from tenants.principal import RequestMeta
from tenants.scoping import load_visible, visible
from tests.factories import Actor, Api, expect
from tests.orders_support import API, create_order, receive, shop


async def _ids(ctx: Ctx, model: Any) -> set[uuid.UUID]:
    return set((await ctx.session.execute(select(model.id).where(visible(ctx, model)))).scalars())


async def _post(api: Api, actor: Actor, path: str, body: dict[str, Any]) -> uuid.UUID:
    return uuid.UUID(expect(await api.client.post(f"{API}/{path}", json=body, headers=actor.headers), 201)["id"])


async def test_store_and_own_scope_see_exactly_their_rows(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner, a = s.tenant.owner, s.store_id
    b, c = await api.store(s.tenant, "HZ01"), await api.store(s.tenant, "SZ01")
    for store in (b, c):
        await receive(resources, s.tenant.id, store, s.products["A"], 10)
    manager = await api.user(s.tenant, "store_manager", scope={"kind": "store", "store_ids": [a]})
    seller = await api.user(s.tenant, "sales", scope={"kind": "own", "store_ids": [a]})
    line = [{"product_id": s.products["A"], "quantity": 1}]
    keep_home = {"visibility": "home_store"}
    expect(await api.client.put(f"{API}/settings/customers", json=keep_home, headers=owner.headers), 200)

    customers = {
        "a": await _post(api, owner, "customers", {"name": "甲", "home_store_id": a}),
        "b": await _post(api, owner, "customers", {"name": "乙", "home_store_id": b}),
        "walk_in": await _post(api, owner, "customers", {"name": "丙"}),
        "a_mine": await _post(api, seller, "customers", {"name": "丁", "home_store_id": a}),
    }
    orders = {
        "a": uuid.UUID((await create_order(api, owner, s, line))["id"]),
        "b": uuid.UUID((await create_order(api, owner, s, line, store_id=b))["id"]),
        "a_mine": uuid.UUID((await create_order(api, seller, s, line, customer_id=str(customers["a_mine"])))["id"]),
    }
    subject = {"subject": "漏水", "customer_id": s.customer_id}
    tickets = {
        "a": await _post(api, owner, "tickets", {**subject, "store_id": a}),
        "b": await _post(api, owner, "tickets", {**subject, "store_id": b}),
        "chain": await _post(api, owner, "tickets", subject),
    }
    moving = {"lines": [{"product_id": s.products["A"], "quantity": 1}]}
    transfers = {
        "a_to_b": await _post(api, owner, "transfers", {**moving, "from_store_id": a, "to_store_id": b}),
        "b_to_a": await _post(api, owner, "transfers", {**moving, "from_store_id": b, "to_store_id": a}),
        "b_to_c": await _post(api, owner, "transfers", {**moving, "from_store_id": b, "to_store_id": c}),
    }
    tenant_id = uuid.UUID(s.tenant.id)
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:

        async def ctx_of(actor: Actor) -> Ctx:
            principal = await load_user_principal(session, tenant_id, uuid.UUID(actor.user_id))
            assert principal is not None
            return Ctx(session=session, actor=principal, meta=RequestMeta())

        everything = await ctx_of(owner)
        store_a = await ctx_of(manager)
        own = await ctx_of(seller)
        assert await _ids(everything, Order) == set(orders.values())
        assert await _ids(store_a, Order) == {orders["a"], orders["a_mine"]}
        assert await _ids(own, Order) == {orders["a_mine"]}
        walk_ins = {customers["walk_in"], uuid.UUID(s.customer_id)}  # the shop's customer has no home store
        assert await _ids(store_a, Customer) == {customers["a"], customers["a_mine"], *walk_ins}
        assert await _ids(own, Customer) == {customers["a_mine"]}
        assert await _ids(store_a, Ticket) == {tickets["a"], tickets["chain"]}
        assert await _ids(own, Ticket) == set()  # none assigned to or created by the seller
        assert await _ids(store_a, Transfer) == {transfers["a_to_b"], transfers["b_to_a"]}
        assert await _ids(everything, Transfer) == set(transfers.values())

        missing = [
            (store_a, Order, orders["b"], "No such order."),
            (own, Order, orders["a"], "No such order."),
            (store_a, Customer, customers["b"], "No such customer."),
            (own, Customer, customers["a"], "No such customer."),
            (store_a, Ticket, tickets["b"], "No such ticket."),
            (store_a, Transfer, transfers["b_to_c"], "No such transfer."),
        ]
        for ctx, model, row_id, detail in missing:
            with pytest.raises(NotFound) as refused:
                await load_visible(ctx, model, row_id, lock=True)
            assert (refused.value.detail, refused.value.code) == (detail, "not_found")
        assert (await load_visible(own, Order, orders["a_mine"])).id == orders["a_mine"]

        # Shared chain-wide, every store sees every member; `own` still narrows to the seller's.
        chain = {"visibility": "chain"}
        expect(await api.client.put(f"{API}/settings/customers", json=chain, headers=owner.headers), 200)
        assert await _ids(store_a, Customer) == {*customers.values(), uuid.UUID(s.customer_id)}
        assert await _ids(own, Customer) == {customers["a_mine"]}
