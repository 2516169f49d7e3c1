"""Products: create, search, change, archive, and the orderable lookup orders price from.

Products belong to the whole chain: no store scope applies to them.
Money is rounded once, here (`money`), half up to 0.01; tax rates to 0.0001."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import msgspec
from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalog.mappers import product_out
from domain.catalog.models import Category as CategoryRow
from domain.catalog.models import Product as ProductRow
from domain.catalog.models import ProductSearchTerm
from domain.catalog.schemas import (
    Product,
    ProductCreate,
    ProductFilters,
    ProductUpdate,
)
from domain.catalog.search import plan_product_search, product_terms
from domain.custom_fields import public as custom_fields
from domain.terms import matching_ids
from tenants.audit import diff
from tenants.clock import utcnow
from tenants.company import currency_of
from tenants.context import Ctx
from tenants.decimals import minor_unit_errors
from tenants.errors import Conflict, FieldError, Invalid, check_version
from tenants.pagination import Page, keyset_page
from tenants.scoping import load_visible, of_tenant, scoped, visible
from tenants.unique import flush_or_conflict

CENT = Decimal("0.01")


RATE_STEP = Decimal("0.0001")


MAX_PRICE = Decimal("999999999999.99")  # NUMERIC(14, 2)


_TRACKED = (
    "sku",
    "barcode",
    "name_zh",
    "name_en",
    "category_id",
    "unit",
    "list_price",
    "tax_rate",
    "low_stock_threshold",
    "external_id",
    "status",
    "custom",
)


def money(value: Decimal) -> Decimal:
    """The one rounding of a catalog price: half up to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _snapshot(row: ProductRow) -> dict[str, Any]:
    return {f: getattr(row, f) for f in _TRACKED}


def clean_fields(values: dict[str, Any], currency: str) -> tuple[dict[str, Any], list[FieldError]]:
    """The writable fields present in `values`, trimmed and rounded, and what is wrong with them:
    the rules of every product write that need no lookup (imports call it once a row)."""
    errors: list[FieldError] = []
    out = dict(values)
    for key in ("sku", "name_zh", "name_en", "unit"):
        if key in out:
            out[key] = out[key].strip()
    for key in ("barcode", "external_id"):
        if out.get(key) is not None:
            out[key] = out[key].strip() or None
    if "unit" in out and not out["unit"]:
        errors.append(FieldError("unit", "must not be blank"))
    if "list_price" in out:
        price: Decimal = out["list_price"]
        if not price.is_finite() or price < 0 or money(price) > MAX_PRICE:
            errors.append(FieldError("list_price", f"must be a decimal between 0 and {MAX_PRICE}"))
        else:
            errors += minor_unit_errors(currency, [("list_price", price)])
            out["list_price"] = money(price)
    if "tax_rate" in out:
        rate: Decimal = out["tax_rate"]
        if not rate.is_finite() or not Decimal(0) <= rate.quantize(RATE_STEP, rounding=ROUND_HALF_UP) < 1:
            errors.append(FieldError("tax_rate", "must be a fraction: at least 0 and below 1"))
        else:
            out["tax_rate"] = rate.quantize(RATE_STEP, rounding=ROUND_HALF_UP)
    return out, errors


def name_errors(values: dict[str, Any], current: tuple[str, str] | None) -> list[FieldError]:
    """A product needs a Chinese or an English name (`current`: the names it has now)."""
    name_zh = values.get("name_zh", current[0] if current else "")
    name_en = values.get("name_en", current[1] if current else "")
    return [] if name_zh or name_en else [FieldError("name_zh", "a Chinese or an English name is required")]


async def _normalise(ctx: Ctx, values: dict[str, Any], current: ProductRow | None) -> dict[str, Any]:
    """Validate and normalise the writable fields present in `values`; raise 422 listing all errors."""
    currency = await currency_of(ctx.session, ctx.tenant_id) if "list_price" in values else ""
    out, errors = clean_fields(values, currency)
    errors += name_errors(out, (current.name_zh, current.name_en) if current else None)
    if out.get("category_id") is not None:
        exists = (
            await ctx.session.execute(
                select(CategoryRow.id).where(visible(ctx, CategoryRow), CategoryRow.id == out["category_id"])
            )
        ).scalar_one_or_none()
        if exists is None:
            errors.append(FieldError("category_id", "is not a category of this tenant"))
    if "custom" in out:
        previous = None if current is None else current.custom
        out["custom"], custom_errors = await custom_fields.check(ctx, "product", out["custom"], previous)
        errors += custom_errors
    if errors:
        raise Invalid(errors)
    return out


_UNIQUE_CONFLICTS = {
    "uq_products_tenant_id_sku": ("sku_taken", "Another product already has this SKU."),
    "uq_products_tenant_id_barcode": ("barcode_taken", "Another product already has this barcode."),
    "uq_products_tenant_id_external_id": ("external_id_taken", "Another product already has this external id."),
}


async def _conflict_for(ctx: Ctx, values: dict[str, Any], exclude: uuid.UUID | None) -> Conflict | None:
    """Explain a uniqueness clash with the existing product's id (products are chain-wide)."""
    for column, (code, detail) in (
        ("sku", _UNIQUE_CONFLICTS["uq_products_tenant_id_sku"]),
        ("barcode", _UNIQUE_CONFLICTS["uq_products_tenant_id_barcode"]),
        ("external_id", _UNIQUE_CONFLICTS["uq_products_tenant_id_external_id"]),
    ):
        value = values.get(column)
        if not value:
            continue
        query = select(ProductRow.id).where(visible(ctx, ProductRow), getattr(ProductRow, column) == value)
        if exclude is not None:
            query = query.where(ProductRow.id != exclude)
        existing = (await ctx.session.execute(query)).scalar_one_or_none()
        if existing is not None:
            return Conflict(detail, code=code, extra={"existing_product_id": str(existing)})
    return None


async def _flush(ctx: Ctx) -> None:
    await flush_or_conflict(
        ctx.session, ("product_conflict", "The product conflicts with an existing one."), _UNIQUE_CONFLICTS
    )


async def _write_terms(ctx: Ctx, row: ProductRow) -> None:
    # Custom field terms first: they hold the definitions (see customers.actions.write_lookups).
    terms = set(await custom_fields.filter_terms(ctx, "product", row.custom or {}))
    await ctx.session.execute(
        delete(ProductSearchTerm).where(
            of_tenant(ctx.tenant_id, ProductSearchTerm), ProductSearchTerm.product_id == row.id
        )
    )
    terms |= product_terms(row.name_zh, row.name_en, row.sku, row.barcode)
    if terms:
        await ctx.session.execute(
            insert(ProductSearchTerm),
            [{"tenant_id": ctx.tenant_id, "term": t, "product_id": row.id} for t in sorted(terms)],
        )


def _values(data: msgspec.Struct) -> dict[str, Any]:
    return {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}


async def create_product(ctx: Ctx, data: ProductCreate) -> Product:
    values = await _normalise(ctx, _values(data), None)
    if conflict := await _conflict_for(ctx, values, None):
        raise conflict
    row = ProductRow(tenant_id=ctx.tenant_id, status="active", **values)
    ctx.session.add(row)
    await _flush(ctx)
    await _write_terms(ctx, row)
    await ctx.session.refresh(row)
    ctx.audit("product.created", "product", row.id, diff({}, _snapshot(row)))
    return product_out(row, await currency_of(ctx.session, ctx.tenant_id))


async def get_product(ctx: Ctx, product_id: uuid.UUID) -> Product:
    return product_out(await load_visible(ctx, ProductRow, product_id), await currency_of(ctx.session, ctx.tenant_id))


def _check_version(row: ProductRow, if_match: int | None) -> None:
    check_version("product", row.version, if_match)


async def _apply(ctx: Ctx, row: ProductRow, values: dict[str, Any], action: str) -> Product:
    before = _snapshot(row)
    for key, value in values.items():
        setattr(row, key, value)
    changes = diff(before, _snapshot(row))
    if changes:
        row.version += 1
        row.updated_at = utcnow()
        await _flush(ctx)
        if {"name_zh", "name_en", "sku", "barcode", "custom"} & set(changes):
            await _write_terms(ctx, row)
        ctx.audit(action, "product", row.id, changes)
    return product_out(row, await currency_of(ctx.session, ctx.tenant_id))


async def update_product(ctx: Ctx, product_id: uuid.UUID, data: ProductUpdate, if_match: int | None) -> Product:
    row = await load_visible(ctx, ProductRow, product_id, lock=True)
    _check_version(row, if_match)
    values = await _normalise(ctx, _values(data), row)
    if conflict := await _conflict_for(ctx, values, row.id):
        raise conflict
    return await _apply(ctx, row, values, "product.updated")


async def set_product_status(ctx: Ctx, product_id: uuid.UUID, status: str, if_match: int | None) -> Product:
    """Archive (no longer orderable; stock and history stay) or restore a product. Idempotent."""
    row = await load_visible(ctx, ProductRow, product_id, lock=True)
    _check_version(row, if_match)
    return await _apply(ctx, row, {"status": status}, f"product.{'archived' if status == 'archived' else 'restored'}")


_SORT_COLUMNS = {"name_zh": ProductRow.name_zh, "sku": ProductRow.sku, "created_at": ProductRow.created_at}


async def list_products(ctx: Ctx, filters: ProductFilters, limit: int, cursor: str | None) -> Page[Product]:
    query = scoped(ctx, ProductRow)
    if filters.q:
        plan = plan_product_search(filters.q)
        ids = matching_ids(
            ProductSearchTerm.tenant_id, ProductSearchTerm.term, ProductSearchTerm.product_id, ctx.tenant_id, plan
        )
        if ids is not None:
            query = query.where(ProductRow.id.in_(ids))
            if plan.contains:
                query = query.where(ProductRow.name_zh.contains(plan.contains, autoescape=True))
    if filters.category_id:
        query = query.where(ProductRow.category_id == filters.category_id)
    if filters.status:
        query = query.where(ProductRow.status == filters.status)
    if filters.custom:
        custom_terms = await custom_fields.matching_terms(ctx, "product", filters.custom)
        query = query.where(*custom_fields.having_terms(ctx, "product", custom_terms))
    column = _SORT_COLUMNS[filters.sort.lstrip("-")]
    rows, next_cursor = await keyset_page(
        ctx.session, query, column, ProductRow.id, limit, cursor, descending=filters.sort.startswith("-")
    )
    currency = await currency_of(ctx.session, ctx.tenant_id)
    return Page(items=[product_out(r, currency) for r in rows], next_cursor=next_cursor)


async def orderable_products(
    session: AsyncSession, tenant_id: uuid.UUID, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, ProductRow]:
    """The active products among `ids` (archived and unknown ids are simply absent), for orders:
    the caller prices lines from these rows, never from the client."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await session.execute(
        select(ProductRow).where(
            of_tenant(tenant_id, ProductRow), ProductRow.id.in_(wanted), ProductRow.status == "active"
        )
    )
    return {row.id: row for row in rows.scalars()}
