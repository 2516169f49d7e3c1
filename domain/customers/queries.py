"""Reading customers: one customer, names for other contexts, and the searchable keyset list.

Store scope: a store-scoped caller sees customers whose home store is in scope plus customers
without a home store (walk-ins belong to the whole chain); `own` scope narrows further to
customers assigned to or created by the caller."""

from __future__ import annotations

import functools
import uuid
from typing import Any

from sqlalchemy import Select, any_, bindparam, literal, select

from domain.custom_fields import public as custom_fields
from domain.customers.mappers import consent_of, customer_out
from domain.customers.models import Customer as CustomerRow
from domain.customers.models import CustomerSearchTerm
from domain.customers.schemas import Consent, Customer, CustomerFilters
from domain.customers.search import plan_search
from domain.terms import matching_ids
from tenants import scoping
from tenants.context import Ctx
from tenants.db import read_rows
from tenants.errors import NotFound
from tenants.figures import Figure
from tenants.pagination import Page, keyset_page
from tenants.scoping import of_tenant

_SORT_COLUMNS = {
    "created_at": CustomerRow.created_at,
    "updated_at": CustomerRow.updated_at,
    "name": CustomerRow.name,
}


@functools.cache
def _by_id(stores: bool, own: bool) -> Select[Any]:
    """GET by id for a scope shape, built once: the hot read path costs no query construction."""
    rule = scoping.rule_of(CustomerRow).condition(
        CustomerRow,
        bindparam("tenant_id"),
        bindparam("store_ids", expanding=True) if stores else None,
        bindparam("user_id") if own else None,
    )
    return select(*CustomerRow.__table__.c).where(rule, CustomerRow.id == bindparam("customer_id"))


async def get_customer(ctx: Ctx, customer_id: uuid.UUID) -> Customer:
    """One customer; a read-only request reads it in one round trip (tenants.db.read_rows)."""
    stores, own = ctx.actor.store_ids, scoping.own_user(ctx)
    params = {"tenant_id": ctx.tenant_id, "customer_id": customer_id, "store_ids": stores, "user_id": own}
    rows = await read_rows(ctx.session, ctx.actor.scope, _by_id(stores is not None, own is not None), params)
    if not rows:
        survivor = await merged_into(ctx, customer_id)
        raise NotFound("No such customer.", extra={"merged_into": str(survivor)} if survivor else None)
    return customer_out(rows[0])


def consent_figure(ctx: Ctx, customer_id: uuid.UUID) -> Figure[Consent]:
    """Her consent, as one figure of a page read together (no row: she is out of sight)."""
    columns = [c for c in CustomerRow.__table__.c if c.key.startswith(("email_consent", "sms_consent"))]
    query = select(*columns).where(scoping.visible(ctx, CustomerRow), CustomerRow.id == customer_id)
    return Figure(query, consent_of)


async def hold_customer(ctx: Ctx, customer_id: uuid.UUID) -> Customer:
    """The customer, held (FOR KEY SHARE) until the caller's transaction ends, for a write that
    will reference her: a merge, which locks her for update, then waits for that write (and moves
    what it made), or went first and she is no customer any more (404, as for a missing id)."""
    query = scoping.scoped(ctx, CustomerRow).where(CustomerRow.id == customer_id).with_for_update(key_share=True)
    row = (await ctx.session.execute(query)).scalar_one_or_none()
    if row is None:
        raise NotFound("No such customer.")
    return customer_out(row)


async def merged_into(ctx: Ctx, customer_id: uuid.UUID) -> uuid.UUID | None:
    """The customer a merged record now lives on (the 404 of its id names it, for integrators)."""
    query = select(CustomerRow.merged_into).where(
        of_tenant(ctx.tenant_id, CustomerRow), CustomerRow.id == customer_id, CustomerRow.merged_into.is_not(None)
    )
    return (await ctx.session.execute(query)).scalar_one_or_none()


async def list_customers(ctx: Ctx, filters: CustomerFilters, limit: int, cursor: str | None) -> Page[Customer]:
    column = _SORT_COLUMNS[filters.sort.lstrip("-")]
    custom_terms = await custom_fields.matching_terms(ctx, "customer", filters.custom)
    rows, next_cursor = await keyset_page(
        ctx.session,
        filtered(ctx, filters, custom_terms),
        column,
        CustomerRow.id,
        limit,
        cursor,
        descending=filters.sort.startswith("-"),
    )
    return Page(items=[customer_out(r) for r in rows], next_cursor=next_cursor)


def filtered(ctx: Ctx, filters: CustomerFilters, custom_terms: list[str] | None = None) -> Select[Any]:
    """The customers the caller may see that match `filters` (the list, its export) and hold
    every one of `custom_terms` (custom_fields.matching_terms of the `?cf.` filters)."""
    query = select(CustomerRow).where(scoping.visible(ctx, CustomerRow))
    if custom_terms:
        query = query.where(*custom_fields.having_terms(ctx, "customer", custom_terms))
    if filters.q:
        plan = plan_search(filters.q)
        ids = matching_ids(
            CustomerSearchTerm.tenant_id, CustomerSearchTerm.term, CustomerSearchTerm.customer_id, ctx.tenant_id, plan
        )
        if ids is not None:
            query = query.where(CustomerRow.id.in_(ids))
            if plan.contains:
                query = query.where(CustomerRow.name.contains(plan.contains, autoescape=True))
    if filters.tag:
        query = query.where(literal(filters.tag) == any_(CustomerRow.tags))
    if filters.stage:
        query = query.where(CustomerRow.lifecycle_stage == filters.stage)
    if filters.home_store_id:
        query = query.where(CustomerRow.home_store_id == filters.home_store_id)
    if filters.created_from:
        query = query.where(CustomerRow.created_at >= filters.created_from)
    if filters.created_to:
        query = query.where(CustomerRow.created_at < filters.created_to)
    return query
