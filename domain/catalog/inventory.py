"""Stock per store: levels, movement history and manual adjustments (receipts, corrections).

Store scope: a scoped caller sees and changes only its stores' stock. The explicit filters here
are the fence the indexes use; the RESTRICTIVE store_scope policies enforce the same in the
database. Every change goes through domain/catalog/stock.py, which writes the movement rows.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from domain.catalog import stock
from domain.catalog.mappers import display_name, movement_out
from domain.catalog.models import Product as ProductRow
from domain.catalog.models import StockLevel, StockMovement
from domain.catalog.models import Transfer as TransferRow
from domain.catalog.models import TransferLine as TransferLineRow
from domain.catalog.schemas import Adjustment, AdjustmentCreate, Movement, MovementFilters, StockFilters, StockItem
from tenants.context import Ctx
from tenants.errors import FieldError, Invalid, NotFound, invalid
from tenants.ids import uuid7
from tenants.pagination import Page, keyset_page
from tenants.scoping import of_tenant, scoped, visible
from tenants.stores import is_usable_store


def _in_transit(ctx: Ctx) -> Any:
    """Units shipped to the row's store and not yet received (a correlated subquery)."""
    line, transfer = aliased(TransferLineRow), aliased(TransferRow)
    return (
        select(func.coalesce(func.sum(line.quantity), 0))
        .join(transfer, and_(transfer.tenant_id == line.tenant_id, transfer.id == line.transfer_id))
        .where(
            of_tenant(ctx.tenant_id, line),
            line.product_id == StockLevel.product_id,
            transfer.to_store_id == StockLevel.store_id,
            transfer.status == "shipped",
        )
        .scalar_subquery()
    )


def _stock_query(ctx: Ctx) -> Any:
    return (
        select(
            StockLevel,
            ProductRow.sku,
            ProductRow.name_zh,
            ProductRow.name_en,
            ProductRow.low_stock_threshold,
            _in_transit(ctx).label("in_transit"),
        )
        .join(ProductRow, and_(ProductRow.tenant_id == StockLevel.tenant_id, ProductRow.id == StockLevel.product_id))
        .where(visible(ctx, StockLevel))
    )


def _stock_item(row: Any) -> StockItem:
    level: StockLevel = row[0]
    available = level.on_hand - level.reserved
    threshold = int(row.low_stock_threshold)
    return StockItem(
        store_id=level.store_id,
        product_id=level.product_id,
        sku=row.sku,
        name=display_name(row.name_zh, row.name_en),
        on_hand=level.on_hand,
        reserved=level.reserved,
        available=available,
        in_transit=int(row.in_transit),
        low_stock_threshold=threshold,
        # Out of stock counts as low even with a threshold of 0.
        is_low=available <= threshold,
        updated_at=level.updated_at,
    )


async def list_stock(ctx: Ctx, filters: StockFilters, limit: int, cursor: str | None) -> Page[StockItem]:
    """Stock levels by SKU, then store. `low_stock`: only rows whose available ≤ threshold."""
    query = _stock_query(ctx)
    if filters.store_id:
        query = query.where(StockLevel.store_id == filters.store_id)
    if filters.product_id:
        query = query.where(StockLevel.product_id == filters.product_id)
    if filters.low_stock:
        query = query.where(StockLevel.on_hand - StockLevel.reserved <= ProductRow.low_stock_threshold)
    rows, next_cursor = await keyset_page(
        ctx.session, query, ProductRow.sku, StockLevel.store_id, limit, cursor, descending=False, scalars=False
    )
    return Page(items=[_stock_item(r) for r in rows], next_cursor=next_cursor)


async def stock_item(ctx: Ctx, store_id: uuid.UUID, product_id: uuid.UUID) -> StockItem:
    row = (
        await ctx.session.execute(
            _stock_query(ctx)
            .where(StockLevel.store_id == store_id, StockLevel.product_id == product_id)
            .execution_options(populate_existing=True)  # stock.py changes rows with plain SQL
        )
    ).one_or_none()
    if row is None:
        raise NotFound("No stock of this product in this store.")
    return _stock_item(row)


async def list_movements(ctx: Ctx, filters: MovementFilters, limit: int, cursor: str | None) -> Page[Movement]:
    """Movement history, newest first."""
    query = scoped(ctx, StockMovement)
    if filters.store_id:
        query = query.where(StockMovement.store_id == filters.store_id)
    if filters.product_id:
        query = query.where(StockMovement.product_id == filters.product_id)
    if filters.kind:
        query = query.where(StockMovement.kind == filters.kind)
    rows, next_cursor = await keyset_page(ctx.session, query, StockMovement.created_at, StockMovement.id, limit, cursor)
    labels = await _product_labels(ctx, {r.product_id for r in rows})
    return Page(items=[movement_out(r, *labels[r.product_id]) for r in rows], next_cursor=next_cursor)


async def _product_labels(ctx: Ctx, product_ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """(sku, display name) of each product, for rows that name products by id."""
    if not product_ids:
        return {}
    query = select(ProductRow.id, ProductRow.sku, ProductRow.name_zh, ProductRow.name_en).where(
        visible(ctx, ProductRow), ProductRow.id.in_(product_ids)
    )
    return {row.id: (row.sku, display_name(row.name_zh, row.name_en)) for row in await ctx.session.execute(query)}


async def adjust(ctx: Ctx, data: AdjustmentCreate) -> Adjustment:
    """Receive or correct stock with a reason. Negative deltas may only take available units
    (409 insufficient_stock otherwise: reserved units belong to orders)."""
    # Ids named in a body are fields: unknown (or out of scope) is a 422 naming them, as on every
    # create; a 404 is for the resource in the path.
    errors: list[FieldError] = []
    if not await is_usable_store(ctx, data.store_id, active=False):
        errors.append(FieldError("store_id", "is not a store whose stock you can change"))
    product = (
        await ctx.session.execute(
            select(ProductRow.id).where(visible(ctx, ProductRow), ProductRow.id == data.product_id)
        )
    ).scalar_one_or_none()
    if product is None:
        errors.append(FieldError("product_id", "is not a product of this tenant"))
    if errors:
        raise Invalid(errors)
    if data.quantity_delta == 0:
        raise invalid("quantity_delta", "must not be zero")
    if data.kind == "receipt" and data.quantity_delta < 0:
        raise invalid("quantity_delta", "a receipt adds stock: must be positive")
    reason = data.reason.strip()
    if not reason:
        raise invalid("reason", "must not be blank")
    adjustment_id = uuid7()
    ref = stock.Reference("adjustment", adjustment_id, ctx.actor.user_id, reason)
    lines = [stock.StockLine(data.product_id, abs(data.quantity_delta))]
    if data.quantity_delta > 0:
        await stock.add(ctx.session, ctx.tenant_id, data.store_id, lines, data.kind, ref)
    else:
        await stock.remove(ctx.session, ctx.tenant_id, data.store_id, lines, data.kind, ref)
    await ctx.session.flush()
    movement = (
        await ctx.session.execute(
            select(StockMovement).where(
                of_tenant(ctx.tenant_id, StockMovement), StockMovement.reference_id == adjustment_id
            )
        )
    ).scalar_one()
    await ctx.session.refresh(movement)
    ctx.audit(
        "inventory.adjusted",
        "product",
        data.product_id,
        {"store_id": data.store_id, "kind": data.kind, "quantity_delta": data.quantity_delta, "reason": reason},
    )
    item = await stock_item(ctx, data.store_id, data.product_id)
    return Adjustment(stock=item, movement=movement_out(movement, item.sku, item.name))
