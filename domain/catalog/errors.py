"""Stable error codes of the catalog context (stock shortages live in stock.py)."""

from __future__ import annotations

from tenants.errors import Conflict


class InvalidTransition(Conflict):
    """The action is not allowed from the current status; `extra` names both."""

    code = "invalid_transition"


class CategoryInUse(Conflict):
    code = "category_in_use"
