"""Stable error codes of the catalog context (stock shortages live in stock.py)."""

from __future__ import annotations

from tenants.errors import Conflict


class CategoryInUse(Conflict):
    code = "category_in_use"
