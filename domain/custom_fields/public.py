"""What other contexts may use of custom fields: registering an entity's records, validating a
record's values on every write, the search terms of its filterable values, and the list filters
(`?cf.<key>=<value>`) as index-backed term conditions."""

from __future__ import annotations

from domain.custom_fields.entities import register_entity
from domain.custom_fields.records import check, filter_terms, having_terms, matching_terms, validate
from domain.custom_fields.schemas import CustomValues

__all__ = ["CustomValues", "check", "filter_terms", "having_terms", "matching_terms", "register_entity", "validate"]
