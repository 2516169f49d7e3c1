"""How other pages name a customer: her name when the reader may see her, else a masked name.

Orders, tickets and invoices reference customers that a store-scoped reader may not see (a member
of another store, when the tenant keeps customers to their home store; a soft-deleted one). RLS
hides those rows, so their masked names live in `customer_references`, fenced by tenant only,
and `labels_of` reads both in one statement: the reference, left-joined to the customer as the
reader may see her. A reference never turns a visibility rule into an error."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert

from domain.customers.models import Customer, CustomerReference
from tenants.context import Ctx
from tenants.scoping import of_tenant, rule_of, visible


@dataclass(frozen=True, slots=True)
class CustomerLabel:
    name: str
    masked: bool  # the reader may not open this customer: show the name, link nowhere


def mask_name(name: str) -> str:
    """张三丰 → 张**, John Smith → J***: the first character only, and a fixed-length mask so the
    length of the name does not show either."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + ("***" if name[0].isascii() else "**")


async def labels_of(ctx: Ctx, customer_ids: set[uuid.UUID | None]) -> dict[uuid.UUID, CustomerLabel]:
    """A label for each existing customer among `customer_ids` (None ids are skipped)."""
    ids = {i for i in customer_ids if i is not None}
    if not ids:
        return {}
    seen = and_(Customer.id == CustomerReference.customer_id, visible(ctx, Customer))
    query = (
        select(CustomerReference.customer_id, CustomerReference.masked_name, Customer.name)
        .outerjoin(Customer, seen)
        .where(of_tenant(ctx.tenant_id, CustomerReference), CustomerReference.customer_id.in_(ids))
    )
    return {
        row.customer_id: CustomerLabel(row.name, False)
        if row.name is not None
        else CustomerLabel(row.masked_name, True)
        for row in await ctx.session.execute(query)
    }


def label_columns(customer_id: Any, *, stores: bool, own: bool) -> tuple[ColumnElement[Any], ...]:
    """(name, masked) of the customer `customer_id` names, as columns of a statement built once
    per scope shape with the caller's bind parameters `tenant_id`, `store_ids` (expanding) and
    `user_id` — the labels_of rule, inside another context's one-statement page."""
    rule = rule_of(Customer).condition(
        Customer,
        bindparam("tenant_id"),
        bindparam("store_ids", expanding=True) if stores else None,
        bindparam("user_id") if own else None,
    )
    seen = select(Customer.name).where(rule, Customer.id == customer_id).scalar_subquery()
    masked = (
        select(CustomerReference.masked_name)
        .where(CustomerReference.tenant_id == bindparam("tenant_id"), CustomerReference.customer_id == customer_id)
        .scalar_subquery()
    )
    hidden = and_(customer_id.is_not(None), seen.is_(None))  # no customer at all (a walk-in) hides nothing
    return func.coalesce(seen, masked).label("customer_name"), hidden.label("customer_masked")


async def write_reference(ctx: Ctx, row: Customer) -> None:
    """Keep the customer's masked name current (after create and name changes)."""
    statement = insert(CustomerReference).values(
        tenant_id=ctx.tenant_id, customer_id=row.id, masked_name=mask_name(row.name)
    )
    await ctx.session.execute(
        statement.on_conflict_do_update(
            index_elements=["tenant_id", "customer_id"], set_={"masked_name": statement.excluded.masked_name}
        )
    )
