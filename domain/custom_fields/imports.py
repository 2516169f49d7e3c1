"""Custom fields as columns of an import: each non-archived field of the entity is a column
`custom.<key>` named by the tenant's labels, a cell's text becomes the field type's value, then
the API's one rule (`records.merge`: types, options, required fields) and the filterable fields'
search terms. The definitions are read once a batch (FOR SHARE while it writes, as every write
of custom values holds them), not once a row.

Cell texts (decided for spreadsheets, where numbers come formatted): text as written; number a
whole number, `12`, `12.0`, `-3` or with regular thousands separators `1,234`; decimal the same
plus decimals, `12.50`, `1,234.5` (at most 6 places); date as the customer importer reads dates
(`1990-05-20`, `1990/5/20`, `1990年5月20日`, `19900520`); boolean the consent words (是/否,
yes/no, y/n, 1/0, 同意/不同意, √/×); select an option's value or its Chinese or English label
(case, spaces and punctuation aside); multiselect such items split on `,，;；、|`. Only ASCII
digits: full-width digits are refused, as the API refuses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from domain.custom_fields.models import CustomField as FieldRow
from domain.custom_fields.queries import definitions
from domain.custom_fields.records import merge
from domain.custom_fields.values import terms_of
from domain.integrations import cells
from domain.integrations.imports import Column
from tenants.context import Ctx

PREFIX = "custom."
_NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.0*)?")
_DECIMAL = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_MULTI = "must be the field's options separated by commas"


def _number(text: str) -> int:
    if not _NUMBER.fullmatch(text):
        raise ValueError("is a whole-number field: write a whole number such as 12")
    whole = text.replace(",", "").split(".", 1)[0]
    if len(whole.lstrip("-")) > 16:
        raise ValueError("is a whole-number field: write a whole number such as 12")
    return int(whole)


def _decimal(text: str) -> str:
    if not _DECIMAL.fullmatch(text):
        raise ValueError("is a decimal field: write a number such as 12.50")
    return text.replace(",", "")


def _option(row: FieldRow, text: str) -> str:
    """An option's value from its value or either label."""
    for option in row.options or []:
        if text == str(option["value"]):
            return text
    word = cells.plain(text)
    for option in row.options or []:
        names = (str(option["value"]), str(option.get("label_zh", "")), str(option.get("label_en", "")))
        if any(n and cells.plain(n) == word for n in names):
            return str(option["value"])
    raise ValueError("is not one of the field's options")


def cell_value(row: FieldRow, text: str) -> Any:
    """The value a (stripped, non-blank) cell holds for field `row`, in the form the API takes;
    ValueError with the reason (a message id) when it holds none."""
    if row.type == "number":
        return _number(text)
    if row.type == "decimal":
        return _decimal(text)
    if row.type == "date":
        return cells.date_text(text)
    if row.type == "boolean":
        answer = cells.yes_no(text)
        if answer is None:
            raise ValueError("must be yes or no")
        return answer
    if row.type == "select":
        return _option(row, text)
    if row.type == "multiselect":
        found = cells.items(text)
        if not found:
            raise ValueError(_MULTI)
        return [_option(row, item) for item in found]
    return text


Problems = list[tuple[str, str]]  # (field, reason msgid)


@dataclass(frozen=True, slots=True)
class CustomColumns:
    """An entity's custom fields as one import batch sees them."""

    fields: dict[str, FieldRow]

    def columns(self) -> list[Column]:
        """The columns an import offers: the non-archived fields, in form order."""
        live = sorted((r for r in self.fields.values() if not r.archived), key=lambda r: (r.position, r.key))
        return [
            Column(
                field=PREFIX + r.key,
                label=r.label_en or r.label_zh or r.key,
                required=r.required,
                own_labels=(r.label_zh or r.label_en or r.key, r.label_en or r.label_zh or r.key),
                words=tuple(w for w in (r.label_zh, r.label_en, r.key) if w),
            )
            for r in live
        ]

    def convert(self, row_cells: dict[str, str], problems: Problems) -> dict[str, Any]:
        """The row's custom cells (field → stripped, non-blank text) as `{key: value}`; a cell
        that holds no value of its type is a problem and left out. The values are checked as
        the API checks them (options, types; not yet required fields: that depends on whether
        the row creates or updates)."""
        values: dict[str, Any] = {}
        for field, text in row_cells.items():
            if not field.startswith(PREFIX):
                continue
            key = field.removeprefix(PREFIX)
            row = self.fields.get(key)
            if row is None:
                problems.append((field, "is not a custom field of these records"))
                continue
            if row.archived:  # archived after the mapping was chosen
                problems.append((field, "is archived: it takes no new values"))
                continue
            try:
                values[key] = cell_value(row, text)
            except ValueError as exc:
                problems.append((field, str(exc)))
        _, errors = merge(self.fields, values, {})
        for error in errors:
            problems.append((error.field, error.message))
            values.pop(error.field.removeprefix(PREFIX), None)
        return values

    def merge(self, values: dict[str, Any], previous: dict[str, Any] | None) -> tuple[dict[str, Any], Problems]:
        """The record's custom values after the row (`previous` None: a new record, which needs
        every required field), canonical, and what is wrong."""
        merged, errors = merge(self.fields, values, previous)
        return merged, [(e.field, e.message) for e in errors]

    def terms(self, values: dict[str, Any]) -> list[str]:
        """The search terms of a record's canonical values of filterable fields."""
        out: set[str] = set()
        for key, value in values.items():
            row = self.fields.get(key)
            if row is not None and row.filterable:
                out.update(terms_of(key, row.type, value))
        return sorted(out)


async def import_columns(ctx: Ctx, entity: str, *, share: bool = False) -> CustomColumns:
    """The entity's custom fields for an import; `share` (a batch that writes): held FOR SHARE
    until it commits, as `records.check` holds them for a write."""
    return CustomColumns(await definitions(ctx, entity, share=share))
