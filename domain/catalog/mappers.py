"""Catalog rows → response schemas, in one place."""

from __future__ import annotations

from typing import cast

from domain.catalog.models import Category as CategoryRow
from domain.catalog.models import Product as ProductRow
from domain.catalog.models import StockMovement
from domain.catalog.schemas import Category, Movement, MovementKind, Product, ProductStatus

# The measure words products are sold by (the default `件` and those the demo seeds), in English.
# A unit the tenant typed that is not one of them reads the same in both languages.
UNITS_EN = {
    "件": "pc",
    "个": "pc",
    "瓶": "bottle",
    "罐": "can",
    "盒": "box",
    "袋": "bag",
    "包": "pack",
    "提": "pack",
    "桶": "jug",
    "块": "bar",
    "支": "tube",
    "箱": "case",
    "斤": "jin (500 g)",
    "公斤": "kg",
    "千克": "kg",
    "克": "g",
    "升": "L",
    "毫升": "ml",
    "米": "m",
    "双": "pair",
    "套": "set",
}


def display_name(name_zh: str, name_en: str) -> str:
    return name_zh or name_en


def unit_en(unit: str) -> str:
    return UNITS_EN.get(unit, unit)


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
        unit_en=unit_en(row.unit),
        list_price=row.list_price,
        currency=currency,
        tax_rate=row.tax_rate,
        status=cast(ProductStatus, row.status),
        low_stock_threshold=row.low_stock_threshold,
        external_id=row.external_id,
        custom=dict(row.custom or {}),
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
