"""The one tenant- and scope-filtered query: each aggregate registers its visibility rule once
(which columns place a row in a store, which make it the caller's own), and every read goes
through `visible`/`scoped`/`load_visible`. Tenant-wide tables use `of_tenant`/`tenant_rows`.

RLS is the backstop; the explicit `tenant_id = :tid` is what keeps the planner on the
tenant-leading indexes (see PITFALLS), so every statement built here carries it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ARRAY, ColumnElement, Select, Uuid, and_, cast, or_, select
from sqlalchemy.dialects.postgresql import array

from tenants.context import Ctx
from tenants.errors import NotFound
from tenants.models import of_tenant as of_tenant  # the plain tenant filter, spelled once in models

M = TypeVar("M")


@dataclass(frozen=True, slots=True)
class Rule:
    """How one model's rows are fenced. `stores`: columns that place a row in a store (visible when
    any is in the caller's scope); `chain_wide`: a row with no store belongs to every store;
    `own`: columns naming the caller on rows an `own`-scoped caller may see (any of them);
    `live`: a further condition every read keeps (e.g. not soft-deleted); `shared`: given the
    tenant, a condition under which store scope does not fence the rows at all (a tenant setting
    that shares them chain-wide; the RLS policy of the table says the same); `store_sets`: array
    columns of stores a row is fenced to, visible to a store-scoped caller only when every store
    of the set is in scope (a NULL set is the whole chain: all-store callers only); `missing`:
    the 404 detail."""

    missing: str
    stores: tuple[str, ...] = ()
    chain_wide: bool = False
    own: tuple[str, ...] = ()
    live: Callable[[], ColumnElement[bool]] | None = None
    shared: Callable[[Any], ColumnElement[bool]] | None = None
    store_sets: tuple[str, ...] = ()

    def condition(self, model: Any, tenant: Any, stores: Any | None, own_user: Any | None) -> ColumnElement[bool]:
        """The rule as SQL. The arguments are values, or bind parameters for a statement built once
        (an expanding bind parameter for `stores`)."""
        cond: ColumnElement[bool] = model.tenant_id == tenant
        if self.live is not None:
            cond = and_(cond, self.live())
        if stores is not None and self.stores:
            placed = [getattr(model, c).in_(stores) for c in self.stores]
            if self.chain_wide:
                placed.insert(0, getattr(model, self.stores[0]).is_(None))
            if self.shared is not None:
                placed.insert(0, self.shared(tenant))
            cond = and_(cond, placed[0] if len(placed) == 1 else or_(*placed))
        if stores is not None and self.store_sets:
            scope = cast(array(list(stores), type_=Uuid), ARRAY(Uuid))
            cond = and_(cond, *(getattr(model, c).op("<@")(scope) for c in self.store_sets))
        if own_user is not None and self.own:
            mine = [getattr(model, c) == own_user for c in self.own]
            cond = and_(cond, mine[0] if len(mine) == 1 else or_(*mine))
        return cond


_RULES: dict[type[Any], Rule] = {}


def register(model: type[Any], rule: Rule) -> None:
    """Declare `model`'s rule, once, next to the model."""
    if model in _RULES and _RULES[model] != rule:
        raise ValueError(f"{model.__name__} already has a visibility rule")
    _RULES[model] = rule


def rule_of(model: type[Any]) -> Rule:
    try:
        return _RULES[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no registered visibility rule") from None


def own_user(ctx: Ctx) -> uuid.UUID | None:
    """The user an `own`-scoped caller is narrowed to (None: no narrowing)."""
    return ctx.actor.user_id if ctx.actor.own_rows_only else None


def tenant_rows(ctx: Ctx, model: type[M]) -> Select[M]:
    """select(model) over the caller's tenant, for tenant-wide tables (products, roles, …)."""
    return select(model).where(of_tenant(ctx.tenant_id, model))


def visible(ctx: Ctx, model: type[Any]) -> ColumnElement[bool]:
    """The registered rule for this caller: tenant, store scope, own rows."""
    return rule_of(model).condition(model, ctx.tenant_id, ctx.actor.store_ids, own_user(ctx))


def scoped(ctx: Ctx, model: type[M]) -> Select[M]:
    """select(model) of the rows this caller may see."""
    return select(model).where(visible(ctx, model))


async def load_visible(ctx: Ctx, model: type[M], row_id: uuid.UUID, *, lock: bool = False) -> M:
    """The row if the caller may see it, else the model's 404 (exactly like a missing id); `lock`
    takes the row lock (SELECT … FOR UPDATE) and refreshes the loaded object from it."""
    query = scoped(ctx, model).where(model.id == row_id)  # type: ignore[attr-defined]
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    row = (await ctx.session.execute(query)).scalar_one_or_none()
    if row is None:
        raise NotFound(rule_of(model).missing)
    return row


async def children(ctx: Ctx, model: type[M], parent: Any, parent_id: uuid.UUID, *order_by: Any) -> list[M]:
    """The rows of `model` whose `parent` column names `parent_id`, oldest first (or by
    `order_by`). For the parts of an aggregate loaded through its rule first: scope was checked
    at the parent, so only the tenant filter applies."""
    ordering = order_by or (model.created_at, model.id)  # type: ignore[attr-defined]
    query = select(model).where(of_tenant(ctx.tenant_id, model), parent == parent_id).order_by(*ordering)
    return list((await ctx.session.execute(query)).scalars())
