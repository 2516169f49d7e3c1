"""The category tree: read, create, rename, move, delete (refused while in use).

Categories belong to the whole chain: no store scope applies to them."""

from __future__ import annotations

import uuid

import msgspec
from sqlalchemy import func, select

from domain.catalog.errors import CategoryInUse
from domain.catalog.mappers import category_out
from domain.catalog.models import Category as CategoryRow
from domain.catalog.models import Product as ProductRow
from domain.catalog.schemas import (
    Category,
    CategoryCreate,
    CategoryNode,
    CategoryTree,
    CategoryUpdate,
)
from tenants.audit import diff
from tenants.context import Ctx
from tenants.errors import NotFound, invalid
from tenants.scoping import load_visible, scoped, visible
from tenants.unique import flush_or_conflict


async def _category(ctx: Ctx, category_id: uuid.UUID, *, field: str | None = None) -> CategoryRow:
    """The category, else 404 (or, as a reference in a body, 422 on `field`)."""
    try:
        return await load_visible(ctx, CategoryRow, category_id)
    except NotFound:
        if field:
            raise invalid(field, "is not a category of this tenant") from None
        raise


async def _flush_category(ctx: Ctx) -> None:
    await flush_or_conflict(
        ctx.session, ("category_name_taken", "A category with this name already exists under the same parent.")
    )


async def category_tree(ctx: Ctx) -> CategoryTree:
    """Every category, nested under its parent, siblings by name, with direct product counts."""
    rows = list((await ctx.session.execute(scoped(ctx, CategoryRow).order_by(CategoryRow.name))).scalars())
    counted = await ctx.session.execute(
        select(ProductRow.category_id, func.count())
        .where(visible(ctx, ProductRow), ProductRow.category_id.is_not(None))
        .group_by(ProductRow.category_id)
    )
    counts: dict[uuid.UUID | None, int] = {category: count for category, count in counted.all()}
    nodes = {
        r.id: CategoryNode(
            id=r.id,
            name=r.name,
            name_en=r.name_en,
            parent_id=r.parent_id,
            product_count=counts.get(r.id, 0),
            children=[],
        )
        for r in rows
    }
    roots: list[CategoryNode] = []
    for row in rows:
        parent = nodes.get(row.parent_id) if row.parent_id else None
        (parent.children if parent else roots).append(nodes[row.id])
    return CategoryTree(items=roots)


async def create_category(ctx: Ctx, data: CategoryCreate) -> Category:
    name = data.name.strip()
    if not name:
        raise invalid("name", "must not be blank")
    if data.parent_id is not None:
        await _category(ctx, data.parent_id, field="parent_id")
    row = CategoryRow(tenant_id=ctx.tenant_id, name=name, name_en=data.name_en.strip(), parent_id=data.parent_id)
    ctx.session.add(row)
    await _flush_category(ctx)
    await ctx.session.refresh(row)
    audited = {"name": name, "name_en": row.name_en, "parent_id": data.parent_id}
    ctx.audit("category.created", "product_category", row.id, audited)
    return category_out(row)


async def _ancestors(ctx: Ctx, category_id: uuid.UUID) -> set[uuid.UUID]:
    """The category and every category above it."""
    edges = await ctx.session.execute(select(CategoryRow.id, CategoryRow.parent_id).where(visible(ctx, CategoryRow)))
    parents = {child: parent for child, parent in edges.all()}
    seen: set[uuid.UUID] = set()
    current: uuid.UUID | None = category_id
    while current is not None and current not in seen:
        seen.add(current)
        current = parents.get(current)
    return seen


async def update_category(ctx: Ctx, category_id: uuid.UUID, data: CategoryUpdate) -> Category:
    """Rename and/or move; a move under itself or one of its descendants is refused (422)."""
    row = await _category(ctx, category_id)
    before = {"name": row.name, "name_en": row.name_en, "parent_id": row.parent_id}
    if data.name is not msgspec.UNSET:
        name = data.name.strip()
        if not name:
            raise invalid("name", "must not be blank")
        row.name = name
    if data.name_en is not msgspec.UNSET:
        row.name_en = data.name_en.strip()
    if data.parent_id is not msgspec.UNSET:
        if data.parent_id is not None:
            await _category(ctx, data.parent_id, field="parent_id")
            if row.id in await _ancestors(ctx, data.parent_id):
                raise invalid("parent_id", "would put the category under itself")
        row.parent_id = data.parent_id
    changes = diff(before, {"name": row.name, "name_en": row.name_en, "parent_id": row.parent_id})
    if changes:
        await _flush_category(ctx)
        ctx.audit("category.updated", "product_category", row.id, changes)
    return category_out(row)


async def delete_category(ctx: Ctx, category_id: uuid.UUID) -> None:
    """Only an unused category goes: no products and no subcategories (409 category_in_use)."""
    row = await _category(ctx, category_id)
    children = (
        await ctx.session.execute(
            select(func.count()).where(visible(ctx, CategoryRow), CategoryRow.parent_id == row.id)
        )
    ).scalar_one()
    products = (
        await ctx.session.execute(
            select(func.count()).where(visible(ctx, ProductRow), ProductRow.category_id == row.id)
        )
    ).scalar_one()
    if children or products:
        raise CategoryInUse(
            f"The category still has {products} product(s) and {children} subcategories.",
            extra={"product_count": products, "child_count": children},
        )
    await ctx.session.delete(row)
    ctx.audit("category.deleted", "product_category", row.id, {"name": row.name})
