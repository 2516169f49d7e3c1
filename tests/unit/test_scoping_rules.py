"""The registered rules render the same SQL the contexts wrote by hand before tenants.scoping
(so the planner keeps its tenant-leading indexes), for every scope shape; no database needed."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import ColumnElement, and_, exists, or_
from sqlalchemy.dialects import postgresql

from domain.catalog.models import Product, Transfer
from domain.customers.models import Customer
from domain.orders.models import Order
from domain.service.models import Ticket
from tenants.context import Ctx
from tenants.models import Tenant
from tenants.principal import Principal, RequestMeta
from tenants.scoping import Rule, register, rule_of, visible

TENANT, USER = uuid.uuid4(), uuid.uuid4()
STORES = (uuid.uuid4(), uuid.uuid4())


def _sql(cond: ColumnElement[bool]) -> str:
    return str(cond.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))


def _ctx(scope_kind: str, store_ids: tuple[uuid.UUID, ...] | None, user_id: uuid.UUID | None = USER) -> Ctx:
    principal = Principal("user", TENANT, USER, "x", frozenset(), scope_kind, store_ids, user_id)
    return Ctx(session=None, actor=principal, meta=RequestMeta())  # type: ignore[arg-type]


SHAPES = [
    _ctx("all", None),
    _ctx("store", STORES),
    _ctx("own", None),
    _ctx("own", STORES),
    _ctx("own", STORES, user_id=None),  # an API key: no user to narrow to
]


def _own(ctx: Ctx) -> uuid.UUID | None:
    return ctx.actor.user_id if ctx.actor.own_rows_only else None


def _old_order(ctx: Ctx) -> Any:
    cond = Order.tenant_id == ctx.tenant_id
    if ctx.actor.store_ids is not None:
        cond = and_(cond, Order.store_id.in_(ctx.actor.store_ids))
    if (own := _own(ctx)) is not None:
        cond = and_(cond, Order.created_by == own)
    return cond


def _old_customer(ctx: Ctx) -> Any:
    cond = and_(Customer.tenant_id == ctx.tenant_id, Customer.deleted_at.is_(None))
    if (stores := ctx.actor.store_ids) is not None:
        shared = exists().where(Tenant.id == ctx.tenant_id, Tenant.customer_visibility == "chain")
        cond = and_(cond, or_(shared, Customer.home_store_id.is_(None), Customer.home_store_id.in_(stores)))
    if (own := _own(ctx)) is not None:
        cond = and_(cond, or_(Customer.assigned_to == own, Customer.created_by == own))
    return cond


def _old_ticket(ctx: Ctx) -> Any:
    cond = Ticket.tenant_id == ctx.tenant_id
    if ctx.actor.store_ids is not None:
        cond = and_(cond, or_(Ticket.store_id.is_(None), Ticket.store_id.in_(ctx.actor.store_ids)))
    if ctx.actor.own_rows_only and ctx.actor.user_id is not None:
        cond = and_(cond, or_(Ticket.assignee_id == ctx.actor.user_id, Ticket.created_by == ctx.actor.user_id))
    return cond


def _old_transfer(ctx: Ctx) -> Any:
    cond = Transfer.tenant_id == ctx.tenant_id
    if (scope := ctx.actor.store_ids) is not None:
        cond = and_(cond, or_(Transfer.from_store_id.in_(scope), Transfer.to_store_id.in_(scope)))
    return cond


@pytest.mark.parametrize(
    ("model", "old"),
    [(Order, _old_order), (Customer, _old_customer), (Ticket, _old_ticket), (Transfer, _old_transfer)],
)
@pytest.mark.parametrize("ctx", SHAPES)
def test_rule_renders_the_hand_written_condition(model: Any, old: Any, ctx: Ctx) -> None:
    assert _sql(visible(ctx, model)) == _sql(old(ctx))


def test_tenant_wide_models_filter_by_tenant_only() -> None:
    assert _sql(visible(_ctx("store", STORES), Product)) == _sql(Product.tenant_id == TENANT)


def test_a_model_has_one_rule() -> None:
    register(Order, rule_of(Order))  # the same rule again is harmless (re-import)
    with pytest.raises(ValueError, match="already has a visibility rule"):
        register(Order, Rule("No such order."))
    with pytest.raises(LookupError, match="no registered visibility rule"):
        rule_of(Principal)
