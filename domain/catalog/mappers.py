"""Catalog rows → response schemas, in one place."""

from __future__ import annotations

from typing import cast

from domain.catalog.models import Category as CategoryRow
from domain.catalog.models import Product as ProductRow
from domain.catalog.models import StockMovement
from domain.catalog.schemas import Category, Movement, MovementKind, Product, ProductStatus


def display_name(name_zh: str, name_en: str) -> str:
    return name_zh or name_en


def category_out(row: CategoryRow) -> Category:
    return Category(id=row.id, name=row.name, name_en=row.name_en, parent_id=row.parent_id, created_at=row.created_at)


def product_out(row: ProductRow, currency: str) -> Product:
    return Product(
        id=row.id,
        sku=row.sku,
        barcode=row.barcode,
        name_zh=row.name_zh,
        name_en=row.name_en,
        category_id=row.category_id,
        unit=row.unit,
        list_price=row.list_price,
        currency=currency,
        tax_rate=row.tax_rate,
        status=cast(ProductStatus, row.status),
        low_stock_threshold=row.low_stock_threshold,
        external_id=row.external_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def movement_out(row: StockMovement, sku: str, name: str) -> Movement:
    return Movement(
        id=row.id,
        store_id=row.store_id,
        product_id=row.product_id,
        sku=sku,
        name=name,
        kind=cast(MovementKind, row.kind),
        on_hand_delta=row.on_hand_delta,
        reserved_delta=row.reserved_delta,
        reason=row.reason,
        reference_type=row.reference_type,
        reference_id=row.reference_id,
        created_by=row.created_by,
        created_at=row.created_at,
    )
