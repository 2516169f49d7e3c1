"""Writing one batch of imported product rows, in the job's transaction: each row matched with an
existing product (by SKU, barcode or external id) and skipped, updated or created anyway as the
user chose, in file order (rows of the batch that share a key go in later waves). New products
are written in bulk with their search terms as products.py builds them (names, SKU, barcode, the
filterable custom fields); updates go through the ORM row by row. SKU, barcode and external id
are unique in the tenant: a row that would repeat another product's is a failed row naming it; a
clash the checks could not foresee (a concurrent write) rolls back to a savepoint and the wave is
redone in halves down to the rows that clash.

Products are the chain's (no store scope), so every product the importing user could clash with
is one she may see. No audit entry per product: the import's own entry (`import.products`, with
its counts) is the record, as for customers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import ARRAY, String, any_, bindparam, delete, insert, select, text

from domain.catalog.models import Product as ProductRow
from domain.catalog.models import ProductSearchTerm
from domain.catalog.products import name_errors
from domain.catalog.search import product_terms
from domain.custom_fields import public as custom_fields
from domain.integrations.imports import Outcome, Rows, Settings, write_in_waves
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.ids import uuid7
from tenants.scoping import of_tenant

if TYPE_CHECKING:
    from domain.catalog.imports import Parsed

_UNIQUE = ("sku", "barcode", "external_id")
_TAKEN = {
    "sku": "Another product already has this SKU.",
    "barcode": "Another product already has this barcode.",
    "external_id": "Another product already has this external id.",
}
_LOOKUP = frozenset({"name_zh", "name_en", "sku", "barcode", "custom"})  # what the search terms are made of
_DEFAULTS: dict[str, Any] = {
    "barcode": None,
    "name_zh": "",
    "name_en": "",
    "category_id": None,
    "unit": "件",
    "tax_rate": Decimal("0.13"),
    "status": "active",
    "low_stock_threshold": 0,
    "external_id": None,
    "custom": {},
}
_TRACKED = frozenset({"sku", "list_price", *_DEFAULTS})


@dataclass(frozen=True, slots=True)
class _Existing:
    id: uuid.UUID
    sku: str
    barcode: str | None
    external_id: str | None
    custom: dict[str, Any]


def _keys(values: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c, str(values[c])) for c in _UNIQUE if values.get(c)}


async def write_rows(
    ctx: Ctx, rows: list[tuple[int, Parsed]], settings: Settings, custom: custom_fields.CustomColumns
) -> list[Outcome]:
    """Each row's outcome, in the rows' order; `custom`: the custom fields, read for this batch."""
    return await write_in_waves(ctx, rows, _keys, lambda wave: _wave(ctx, wave, settings, custom), _clash_of)


def _clash_of(error: str) -> tuple[str, str]:
    for column in _UNIQUE:
        if f"uq_products_tenant_id_{column}" in error:
            return (column, _TAKEN[column])
    return ("sku", "The product conflicts with an existing one.")


async def _existing(ctx: Ctx, wave: Rows) -> list[_Existing]:
    """The products a wave's rows name (by SKU, barcode or external id), oldest first: one
    statement per column with one array parameter, each through its unique index (a long IN list
    goes to a generic plan that scans the tenant, as the customer import found)."""
    wanted: dict[str, set[str]] = {}
    for _, values in wave:
        for column, value in _keys(values):
            wanted.setdefault(column, set()).add(value)
    found: dict[uuid.UUID, Any] = {}
    for column, named in sorted(wanted.items()):
        listed = bindparam(f"{column}_values", sorted(named), type_=ARRAY(String))
        query = select(
            ProductRow.id,
            ProductRow.created_at,
            ProductRow.sku,
            ProductRow.barcode,
            ProductRow.external_id,
            ProductRow.custom,
        ).where(of_tenant(ctx.tenant_id, ProductRow), getattr(ProductRow, column) == any_(listed))
        for row in await ctx.session.execute(query):
            found[row.id] = row
    rows = sorted(found.values(), key=lambda r: (r.created_at, r.id))
    return [_Existing(r.id, r.sku, r.barcode, r.external_id, r.custom or {}) for r in rows]


def _clash(values: dict[str, Any], existing: list[_Existing], itself: uuid.UUID | None) -> tuple[str, str] | None:
    """A unique value (SKU, barcode, external id) another product already has."""
    for column in _UNIQUE:
        value = values.get(column)
        if value and any(getattr(o, column) == value and o.id != itself for o in existing):
            return (column, _TAKEN[column])
    return None


async def _wave(ctx: Ctx, wave: Rows, settings: Settings, custom: custom_fields.CustomColumns) -> list[Outcome]:
    """One wave of rows. A new product needs what ProductCreate needs (SKU, a name, a price) and
    every required custom field; an update merges the custom keys the row gives into its own."""
    existing = await _existing(ctx, wave)
    outcomes: list[Outcome] = []
    creates: Rows = []
    updates: list[tuple[int, uuid.UUID, dict[str, Any]]] = []
    for number, values in wave:
        key = values.get(settings.match_by)
        match = next((e for e in existing if key and getattr(e, settings.match_by) == key), None)
        if match is not None and settings.policy == "skip":
            outcomes.append(Outcome(number, "skipped", []))
        elif match is not None and settings.policy == "update":
            if clash := _clash(values, existing, match.id):
                outcomes.append(Outcome(number, "failed", [clash]))
            elif "custom" in values and (problems := custom.merge(values["custom"], match.custom)[1]):
                outcomes.append(Outcome(number, "failed", problems))
            else:
                updates.append((number, match.id, values))
        else:
            merged, problems = custom.merge(values.get("custom", {}), None)
            problems = [(e.field, e.message) for e in name_errors(values, None)] + problems
            if "list_price" not in values:
                problems.insert(0, ("list_price", "is required"))
            if clash := _clash(values, existing, None):
                outcomes.append(Outcome(number, "failed", [clash]))
            elif problems:
                outcomes.append(Outcome(number, "failed", problems))
            else:
                creates.append((number, {**values, "custom": merged}))
    await _create(ctx, creates, custom)
    await _update(ctx, updates, custom)
    outcomes += [Outcome(n, "created", []) for n, _ in creates]
    outcomes += [Outcome(n, "updated", []) for n, _, _ in updates]
    return outcomes


# One statement over arrays, as the customer import writes its terms.
_TERMS = text(
    "INSERT INTO product_search_terms (tenant_id, term, product_id) "
    "SELECT :tenant_id, u.term, u.product_id FROM unnest(CAST(:terms AS text[]), CAST(:ids AS uuid[])) "
    "AS u(term, product_id)"
)


def _terms(values: dict[str, Any], custom: custom_fields.CustomColumns) -> list[str]:
    found = product_terms(values["name_zh"], values["name_en"], values["sku"], values["barcode"])
    return sorted(found | set(custom.terms(values["custom"] or {})))


def _row_values(row: ProductRow) -> dict[str, Any]:
    return {k: getattr(row, k) for k in ("name_zh", "name_en", "sku", "barcode", "custom")}


async def _insert_terms(ctx: Ctx, pairs: list[tuple[str, uuid.UUID]]) -> None:
    if pairs:
        params = {"tenant_id": ctx.tenant_id, "terms": [t for t, _ in pairs], "ids": [i for _, i in pairs]}
        await ctx.session.execute(_TERMS, params)


async def _create(ctx: Ctx, rows: Rows, custom: custom_fields.CustomColumns) -> None:
    if not rows:
        return
    at = utcnow()
    products, terms = [], []
    for _, values in rows:
        product_id = uuid7()
        row = {**_DEFAULTS, **values}
        products.append({**row, "tenant_id": ctx.tenant_id, "id": product_id, "created_at": at, "updated_at": at, "version": 1})  # fmt: skip
        terms += [(t, product_id) for t in _terms(row, custom)]
    await ctx.session.execute(insert(ProductRow), products)
    await _insert_terms(ctx, terms)


async def _update(
    ctx: Ctx, rows: list[tuple[int, uuid.UUID, dict[str, Any]]], custom: custom_fields.CustomColumns
) -> None:
    if not rows:
        return
    ids = [product_id for _, product_id, _ in rows]
    query = select(ProductRow).where(of_tenant(ctx.tenant_id, ProductRow), ProductRow.id.in_(ids))
    loaded = {row.id: row for row in (await ctx.session.execute(query.with_for_update())).scalars()}
    at, relook = utcnow(), []
    for _, product_id, values in rows:
        row = loaded[product_id]
        if "custom" in values:  # merged with its values as locked now (checked against them in the wave)
            values = {**values, "custom": custom.merge(values["custom"], row.custom or {})[0]}
        changed = [k for k, v in values.items() if k in _TRACKED and getattr(row, k) != v]
        if not changed:
            continue
        for key in changed:
            setattr(row, key, values[key])
        row.version, row.updated_at = row.version + 1, at
        if _LOOKUP & set(changed):
            relook.append(row)
    await ctx.session.flush()
    if relook:
        await ctx.session.execute(
            delete(ProductSearchTerm).where(
                of_tenant(ctx.tenant_id, ProductSearchTerm), ProductSearchTerm.product_id.in_([r.id for r in relook])
            )
        )
        await _insert_terms(ctx, [(t, row.id) for row in relook for t in _terms(_row_values(row), custom)])
