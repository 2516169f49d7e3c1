"""What other contexts may use of custom fields: registering an entity's records, validating a
record's values on every write, the search terms of its filterable values, and the list filters
(`?cf.<key>=<value>`) as index-backed term conditions, and the custom columns of list exports."""

from __future__ import annotations

from domain.custom_fields.entities import register_entity
from domain.custom_fields.records import (
    ExportColumn,
    check,
    export_columns,
    export_keys,
    filter_terms,
    having_terms,
    matching_terms,
    validate,
)
from domain.custom_fields.schemas import CustomValues, Key

__all__ = [
    "CustomValues",
    "ExportColumn",
    "Key",
    "check",
    "export_columns",
    "export_keys",
    "filter_terms",
    "having_terms",
    "matching_terms",
    "register_entity",
    "validate",
]
