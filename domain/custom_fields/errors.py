"""The custom fields' problems."""

from __future__ import annotations

from tenants.errors import Conflict, Forbidden


def field_in_use() -> Conflict:
    return Conflict(
        "Records already have a value for this field, so its type cannot change: archive it and add a new field.",
        code="custom_field_in_use",
    )


def too_many() -> Conflict:
    return Conflict("These records already have the most custom fields allowed (100).", code="custom_fields_limit")


def needs_every_store() -> Forbidden:
    """Definitions are the whole tenant's, and so are the records their checks read."""
    return Forbidden(
        "Only staff who serve every store can change custom fields.", code="custom_fields_need_every_store"
    )


def filter_preparing(key: str) -> Conflict:
    """Its records' terms are still being written (indexing.py): answering now would miss some."""
    return Conflict(
        "Filtering by this custom field is still being prepared; try again in a few minutes.",
        code="custom_field_filter_preparing",
        extra={"field": f"cf.{key}"},
    )
