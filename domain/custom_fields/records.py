"""Custom values on records: what the owning contexts call (through public.py) when they write a
record, rebuild its search terms or filter their lists by `?cf.<key>=`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select

from domain.custom_fields.entities import entity_table
from domain.custom_fields.errors import filter_preparing
from domain.custom_fields.models import CustomField as FieldRow
from domain.custom_fields.queries import definitions
from domain.custom_fields.values import canonical, filter_text, readable, term, terms_of
from tenants.context import Ctx
from tenants.errors import FieldError, Invalid
from tenants.messages import translate


def options_of(row: FieldRow) -> list[str]:
    return [str(o["value"]) for o in row.options or []]


async def check(
    ctx: Ctx, entity: str, values: dict[str, Any], previous: dict[str, Any] | None = None
) -> tuple[dict[str, Any], list[FieldError]]:
    """The record's custom values after this write — `previous` (None: a new record) with `values`
    merged in, each canonical, null removing a key — and the errors (`custom.<key>`): unknown or
    archived keys, values that do not fit the type or options, required fields missing on create
    or removed later. A field's values written before it was archived stay, and so do option values
    removed from the definition since (sent back as they are, or a multiselect keeping them)."""
    return merge(await definitions(ctx, entity, share=bool(values)), values, previous)


def merge(
    fields: dict[str, FieldRow], values: dict[str, Any], previous: dict[str, Any] | None
) -> tuple[dict[str, Any], list[FieldError]]:
    """`check` against definitions already read (an import reads them once a batch)."""
    merged = dict(previous or {})
    errors: list[FieldError] = []
    for key, value in values.items():
        row = fields.get(key)
        if row is None:
            errors.append(FieldError(f"custom.{key}", "is not a custom field of these records"))
            continue
        if row.archived and value is not None:
            errors.append(FieldError(f"custom.{key}", "is archived: it takes no new values"))
            continue
        try:
            clean = canonical(row.type, options_of(row) + _held(merged.get(key)), value)
        except ValueError as exc:
            errors.append(FieldError(f"custom.{key}", str(exc)))
            continue
        if clean is None:
            merged.pop(key, None)
        else:
            merged[key] = clean
    for key, row in fields.items():
        asked = previous is None or key in values
        if row.required and not row.archived and asked and key not in merged and not _reported(errors, key):
            errors.append(FieldError(f"custom.{key}", "is required"))
    return merged, errors


def _held(value: Any) -> list[str]:
    """The option values a record already holds for a field: an option removed from the
    definition since stays acceptable on this record (a form sends every field back unchanged),
    but no other record can take it."""
    if isinstance(value, list):
        return [str(v) for v in value]
    return [value] if isinstance(value, str) else []


def _reported(errors: list[FieldError], key: str) -> bool:
    return any(e.field == f"custom.{key}" for e in errors)


async def validate(
    ctx: Ctx, entity: str, values: dict[str, Any], previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    """`check`, raising one 422 that lists every bad field."""
    merged, errors = await check(ctx, entity, values, previous)
    if errors:
        raise Invalid(errors)
    return merged


async def filter_terms(ctx: Ctx, entity: str, values: dict[str, Any]) -> list[str]:
    """The search terms of a record's (canonical) values of filterable fields, written with its
    other terms whenever they are rebuilt. The definitions are held FOR SHARE until commit: a
    field switched filterable on or off (FOR UPDATE, then its terms rewritten) and this rewrite
    of the record's terms never interleave, so neither loses the other's terms."""
    if not values:
        return []
    fields = await definitions(ctx, entity, share=True)
    out: list[str] = []
    for key, value in values.items():
        row = fields.get(key)
        if row is not None and row.filterable:
            out += terms_of(key, row.type, value)
    return sorted(set(out))


async def matching_terms(ctx: Ctx, entity: str, filters: dict[str, list[str]]) -> list[str]:
    """`?cf.<key>=<value>` filters → the terms a matching record has (all of them: filters are
    AND-ed; a multiselect repeated matches records holding every value); 422 naming `cf.<key>`
    for a key that is not a filterable field, or a value its type cannot take; 409
    `custom_field_filter_preparing` while the field's terms are still being written."""
    if not filters:
        return []
    fields = await definitions(ctx, entity)
    errors: list[FieldError] = []
    out: list[str] = []
    for key, raws in filters.items():
        name = f"cf.{key}"
        row = fields.get(key)
        if row is None:
            errors.append(FieldError(name, "is not a custom field of these records"))
        elif row.archived:
            errors.append(FieldError(name, "is archived: it takes no new values"))
        elif not row.filterable:
            errors.append(FieldError(name, "is not a filterable custom field"))
        elif not row.filter_ready:
            raise filter_preparing(key)
        else:
            for raw in raws:
                try:
                    out.append(term(key, filter_text(row.type, options_of(row), raw)))
                except ValueError as exc:
                    errors.append(FieldError(name, str(exc)))
                    break
    if errors:
        raise Invalid(errors)
    return sorted(set(out))


def having_terms(ctx: Ctx, entity: str, terms: list[str]) -> list[ColumnElement[bool]]:
    """One `id IN (records with this term)` condition per term, each an `=` lookup on the term
    table's (tenant_id, term) key: index-usable under row-level security."""
    table = entity_table(entity)
    owner = getattr(table.terms, table.owner)
    return [
        table.model.id.in_(select(owner).where(table.terms.tenant_id == ctx.tenant_id, table.terms.term == t))
        for t in terms
    ]


async def export_keys(ctx: Ctx, entity: str, keys: list[str] | None, field: str) -> list[str]:
    """The custom columns an export asked for, checked now (a 422 on `field` before any job
    starts): `None` is every field forms show, in form order; else each key must be one of them."""
    fields = await definitions(ctx, entity)
    active = sorted((r for r in fields.values() if not r.archived), key=lambda r: (r.position, r.key))
    if keys is None:
        return [r.key for r in active]
    offered = {r.key for r in active}
    errors = [FieldError(f"{field}.{k}", "is not a custom field of these records") for k in keys if k not in offered]
    if errors:
        raise Invalid(errors)
    return list(dict.fromkeys(keys))


@dataclass(frozen=True, slots=True)
class ExportColumn:
    """One custom column of an export: its heading in the reader's language and how a value reads."""

    key: str
    heading: str
    read: Callable[[Any], Any]


async def export_columns(ctx: Ctx, entity: str, keys: list[str], lang: str) -> list[ExportColumn]:
    """The export's custom columns as the job writes them (a field archived since the export was
    asked for is still written: the user chose it)."""
    fields = await definitions(ctx, entity)
    words = {
        "yes": translate("Yes", lang),
        "no": translate("No", lang),
        "removed": translate("{value} (removed option)", lang),
    }
    out: list[ExportColumn] = []
    for key in keys:
        row = fields.get(key)
        if row is None:
            continue
        first, second = (row.label_zh, row.label_en) if lang.startswith("zh") else (row.label_en, row.label_zh)
        options = list(row.options or [])

        def read(value: Any, field_type: str = row.type, options: list[dict[str, Any]] = options) -> Any:
            return readable(field_type, options, value, lang, words)

        out.append(ExportColumn(key, first or second or key, read))
    return out
