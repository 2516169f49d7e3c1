"""Writing definitions: add a field, change it (labels, options, required, filterable, archive,
order, one field's position or an entity's whole order at once; its type only while no record
has a value), audited, in the caller's transaction.

Making a field filterable leaves its filter "preparing" and queues a job that writes the terms of
the values records already hold (domain/custom_fields/indexing.py: a million customers would not
fit in a request); switching it off removes them (one range delete on the term key) and stops
that job at its next batch."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from sqlalchemy import exists, func, select

from domain.custom_fields import errors, indexing
from domain.custom_fields.entities import entity_table
from domain.custom_fields.mappers import field_out
from domain.custom_fields.models import CustomField as FieldRow
from domain.custom_fields.schemas import (
    CHOICE_TYPES,
    MAX_OPTIONS,
    CustomField,
    CustomFieldCreate,
    CustomFieldList,
    CustomFieldOption,
    CustomFieldOrder,
    CustomFieldUpdate,
)
from domain.integrations import jobs
from domain.integrations.models import Job as JobRow
from tenants import scoping
from tenants.audit import diff
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.errors import FieldError, Invalid, check_version
from tenants.scoping import load_visible, of_tenant
from tenants.unique import flush_or_conflict

_TRACKED = ("label_zh", "label_en", "type", "options", "required", "filterable", "archived", "position")


def _snapshot(row: FieldRow) -> dict[str, Any]:
    return {f: getattr(row, f) for f in _TRACKED}


def _every_store(ctx: Ctx) -> None:
    """Definitions and the usage checks read every record of the tenant: a caller whose scope
    hides some of them (RLS would) could change a type other stores' records rely on."""
    if ctx.actor.store_ids is not None or scoping.own_user(ctx) is not None:
        raise errors.needs_every_store()


def _normalise(values: dict[str, Any], field_type: str, label_zh: str, label_en: str) -> dict[str, Any]:
    """Trimmed labels (one is needed), options only and always for (multi)select, unique values."""
    problems: list[FieldError] = []
    out = dict(values)
    for key in ("label_zh", "label_en"):
        if key in out:
            out[key] = out[key].strip()
    if not out.get("label_zh", label_zh).strip() and not out.get("label_en", label_en).strip():
        problems.append(FieldError("label_zh", "a Chinese or an English label is required"))
    if "options" in out:
        options: list[CustomFieldOption] = out["options"]
        out["options"] = [
            {"value": o.value, "label_zh": o.label_zh.strip(), "label_en": o.label_en.strip()} for o in options
        ]
        seen = [o["value"] for o in out["options"]]
        if len(set(seen)) != len(seen):
            problems.append(FieldError("options", "option values must be unique"))
    options_now = out.get("options")
    if field_type in CHOICE_TYPES and options_now is not None and not options_now:
        problems.append(FieldError("options", "a select or multiselect field needs at least one option"))
    if field_type not in CHOICE_TYPES and options_now:
        problems.append(FieldError("options", "only select and multiselect fields have options"))
    if problems:
        raise Invalid(problems)
    return out


async def create_field(ctx: Ctx, data: CustomFieldCreate) -> CustomField:
    _every_store(ctx)
    values = {k: v for k, v in msgspec.structs.asdict(data).items() if k != "position"}
    values = _normalise(values, data.type, data.label_zh, data.label_en)
    counted = select(func.count(), func.max(FieldRow.position)).where(
        of_tenant(ctx.tenant_id, FieldRow), FieldRow.entity == data.entity
    )
    count, last = (await ctx.session.execute(counted)).one()
    if count >= MAX_OPTIONS:
        raise errors.too_many()
    position = data.position if data.position is not msgspec.UNSET else (-1 if last is None else last) + 1
    row = FieldRow(tenant_id=ctx.tenant_id, archived=False, position=position, version=1, **values)
    ctx.session.add(row)
    await _flush(ctx)
    await ctx.session.refresh(row)
    ctx.audit(
        "custom_field.created",
        "custom_field",
        row.id,
        diff({}, {"entity": row.entity, "key": row.key, **_snapshot(row)}),
    )
    return field_out(row)


async def update_field(ctx: Ctx, field_id: uuid.UUID, data: CustomFieldUpdate, if_match: int | None) -> CustomField:
    _every_store(ctx)
    row = await load_visible(ctx, FieldRow, field_id, lock=True)
    check_version("custom field", row.version, if_match)
    values = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
    field_type = values.get("type", row.type)
    if "type" in values and field_type in CHOICE_TYPES and "options" not in values and not row.options:
        values["options"] = []  # a field turning into a select must bring its options
    if "type" in values and field_type not in CHOICE_TYPES and "options" not in values:
        values["options"] = []  # options mean nothing to other types
    values = _normalise(values, field_type, row.label_zh, row.label_en)
    if field_type != row.type and await in_use(ctx, row):
        raise errors.field_in_use()
    before = _snapshot(row)
    for key, value in values.items():
        setattr(row, key, value)
    changes = diff(before, _snapshot(row))
    if values.get("filterable") is True and "filterable" not in changes:
        await _resume_if_stalled(ctx, row)
    if changes:
        row.version += 1
        row.updated_at = utcnow()
        await _flush(ctx)
        if "filterable" in changes:
            await _filterable_changed(ctx, row)
        ctx.audit("custom_field.updated", "custom_field", row.id, changes)
    return field_out(row)


async def reorder_fields(ctx: Ctx, data: CustomFieldOrder) -> CustomFieldList:
    """Put an entity's fields in the order given (positions 0, 1, …), in one transaction: a
    move up or down is one request, never two PATCHes that can fail half-way. Each field carries
    the version the caller saw (412 when one changed since); each field whose position changes
    gets a new version and its own `custom_field.updated` entry."""
    _every_store(ctx)
    query = (
        select(FieldRow)
        .where(of_tenant(ctx.tenant_id, FieldRow), FieldRow.entity == data.entity)
        .order_by(FieldRow.id)
        .with_for_update()
    )
    rows = {row.id: row for row in (await ctx.session.execute(query)).scalars()}
    ids = [f.id for f in data.fields]
    if len(set(ids)) != len(ids) or set(ids) != set(rows):
        raise Invalid([FieldError("fields", "must name every custom field of these records once, archived ones too")])
    for place in data.fields:
        check_version("custom field", rows[place.id].version, place.version)
    for position, field_id in enumerate(ids):
        row = rows[field_id]
        if row.position == position:
            continue
        before = _snapshot(row)
        row.position = position
        row.version += 1
        row.updated_at = utcnow()
        ctx.audit("custom_field.updated", "custom_field", row.id, diff(before, _snapshot(row)))
    await ctx.session.flush()
    return CustomFieldList(items=[field_out(rows[i]) for i in ids])


_UNIQUE_CONFLICTS = {
    "uq_custom_fields_tenant_id_entity_key": (
        "custom_field_key_taken",
        "Another custom field of these records already has this key.",
    ),
}


async def _flush(ctx: Ctx) -> None:
    await flush_or_conflict(
        ctx.session, ("custom_field_conflict", "The custom field conflicts with another."), _UNIQUE_CONFLICTS
    )


async def in_use(ctx: Ctx, row: FieldRow) -> bool:
    """Whether any record of the field's entity (deleted ones too: their values are kept) holds a
    value for it. A scan of the tenant's records (jsonb `?` is not index-backed under RLS), for a
    rare admin change."""
    model = entity_table(row.entity).model
    query = select(exists().where(of_tenant(ctx.tenant_id, model), model.custom.has_key(row.key)))
    return bool((await ctx.session.execute(query)).scalar())


async def _filterable_changed(ctx: Ctx, row: FieldRow) -> None:
    """The field's terms go; when it is now filterable a job writes them again for the records'
    values (its filter is refused until then), a new job whose checkpoint starts at the first record."""
    await indexing.clear_terms(ctx.session, ctx.tenant_id, row)
    row.index_after = None
    row.index_job_id = None
    row.filter_ready = not row.filterable
    if row.filterable:
        job = await jobs.enqueue(ctx, indexing.KIND, {"field_id": str(row.id)})
        row.index_job_id = job.id
    await _flush(ctx)


async def _resume_if_stalled(ctx: Ctx, row: FieldRow) -> None:
    """`filterable: true` sent again for a field still preparing whose job ended without making it
    ready (it failed, or was cancelled before it started): a new job goes on from the checkpoint."""
    if row.filter_ready or row.index_job_id is None:
        return
    state = (
        await ctx.session.execute(
            select(JobRow.state).where(of_tenant(ctx.tenant_id, JobRow), JobRow.id == row.index_job_id)
        )
    ).scalar_one_or_none()
    if state is not None and state not in (jobs.JobState.FAILED, jobs.JobState.CANCELLED):
        return  # queued or running: it will finish
    row.index_job_id = (await jobs.enqueue(ctx, indexing.KIND, {"field_id": str(row.id)})).id
    await _flush(ctx)
