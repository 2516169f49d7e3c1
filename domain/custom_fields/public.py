"""What other contexts may use of custom fields: registering an entity's records, validating a
record's values on every write, the search terms of its filterable values, the list filters
(`?cf.<key>=<value>`) as index-backed term conditions, the fields as import columns, and the
custom columns of list exports."""

from __future__ import annotations

from domain.custom_fields.entities import register_entity
from domain.custom_fields.imports import PREFIX, CustomColumns, import_columns
from domain.custom_fields.queries import definitions
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
    "PREFIX",
    "CustomColumns",
    "CustomValues",
    "ExportColumn",
    "Key",
    "check",
    "definitions",
    "export_columns",
    "export_keys",
    "filter_terms",
    "having_terms",
    "import_columns",
    "matching_terms",
    "register_entity",
    "validate",
]
