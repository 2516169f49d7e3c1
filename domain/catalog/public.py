"""What other contexts may use of the catalog: the products an order may sell, their display
name, the products of a category (segments), and the stock operations (reserve, release, add, remove) with their errors."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, select

from domain.catalog import stock
from domain.catalog.mappers import display_name
from domain.catalog.models import Category, Product
from domain.catalog.products import orderable_products
from domain.catalog.stock import InsufficientStock, Reference, StockLine
from tenants.scoping import of_tenant

__all__ = [
    "InsufficientStock",
    "Product",
    "Reference",
    "StockLine",
    "display_name",
    "orderable_products",
    "products_in_categories",
    "stock",
]


def products_in_categories(tenant_id: uuid.UUID, category_ids: list[uuid.UUID]) -> Select[Any]:
    """Ids of the products in these categories or any category below them."""
    tree = select(Category.id).where(of_tenant(tenant_id, Category), Category.id.in_(category_ids)).cte(recursive=True)
    tree = tree.union(select(Category.id).where(of_tenant(tenant_id, Category), Category.parent_id == tree.c.id))
    return select(Product.id).where(of_tenant(tenant_id, Product), Product.category_id.in_(select(tree.c.id)))
