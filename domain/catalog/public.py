"""What other contexts may use of the catalog: the products an order may sell, their display
name, and the stock operations (reserve, release, add, remove) with their errors."""

from __future__ import annotations

from domain.catalog import stock
from domain.catalog.mappers import display_name
from domain.catalog.models import Product
from domain.catalog.products import orderable_products
from domain.catalog.stock import InsufficientStock, Reference, StockLine

__all__ = ["InsufficientStock", "Product", "Reference", "StockLine", "display_name", "orderable_products", "stock"]
