"""Reading definitions: the admin list, one field, and an entity's definitions by key."""

from __future__ import annotations

import uuid

from domain.custom_fields.mappers import field_out
from domain.custom_fields.models import CustomField as FieldRow
from domain.custom_fields.schemas import CustomField, CustomFieldList, Entity
from tenants.context import Ctx
from tenants.scoping import load_visible, scoped


async def list_fields(ctx: Ctx, entity: Entity | None = None, archived: bool | None = None) -> CustomFieldList:
    """Every definition (a tenant has at most 100 per entity: one unpaged list), in form order."""
    query = scoped(ctx, FieldRow).order_by(FieldRow.entity, FieldRow.position, FieldRow.key)
    if entity is not None:
        query = query.where(FieldRow.entity == entity)
    if archived is not None:
        query = query.where(FieldRow.archived.is_(archived))
    rows = (await ctx.session.execute(query)).scalars()
    return CustomFieldList(items=[field_out(r) for r in rows])


async def get_field(ctx: Ctx, field_id: uuid.UUID) -> CustomField:
    return field_out(await load_visible(ctx, FieldRow, field_id))


async def definitions(ctx: Ctx, entity: str, *, share: bool = False) -> dict[str, FieldRow]:
    """An entity's definitions by key. `share`: held FOR SHARE until the transaction ends, for a
    write that validates values against them: a type change (FOR UPDATE) then waits for the write
    and sees its values, or goes first and the write validates against the new type."""
    query = scoped(ctx, FieldRow).where(FieldRow.entity == entity)
    if share:
        query = query.with_for_update(read=True)
    return {row.key: row for row in (await ctx.session.execute(query)).scalars()}
