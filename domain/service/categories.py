"""Ticket categories: a tenant-defined list (deactivated ones stay on old tickets)."""

from __future__ import annotations

import uuid

import msgspec

from domain.service.mappers import category_out
from domain.service.models import TicketCategory
from domain.service.schemas import Category, CategoryIn, CategoryUpdate
from tenants.audit import diff
from tenants.context import Ctx
from tenants.pagination import Page
from tenants.scoping import load_visible, scoped
from tenants.unique import flush_or_conflict

_TAKEN = ("category_name_taken", "A ticket category with this name already exists.")


async def list_categories(ctx: Ctx) -> Page[Category]:
    rows = await ctx.session.execute(scoped(ctx, TicketCategory).order_by(TicketCategory.name))
    return Page(items=[category_out(r) for r in rows.scalars()], next_cursor=None)


async def create_category(ctx: Ctx, data: CategoryIn) -> Category:
    row = TicketCategory(
        tenant_id=ctx.tenant_id, name=data.name.strip(), name_en=data.name_en.strip(), active=data.active
    )
    ctx.session.add(row)
    await flush_or_conflict(ctx.session, _TAKEN)
    await ctx.session.refresh(row)
    audited = {"name": row.name, "name_en": row.name_en, "active": row.active}
    ctx.audit("ticket_category.created", "ticket_category", row.id, audited)
    return category_out(row)


async def update_category(ctx: Ctx, category_id: uuid.UUID, data: CategoryUpdate) -> Category:
    row = await load_visible(ctx, TicketCategory, category_id, lock=True)
    before = {"name": row.name, "name_en": row.name_en, "active": row.active}
    if data.name is not msgspec.UNSET:
        row.name = data.name.strip()
    if data.name_en is not msgspec.UNSET:
        row.name_en = data.name_en.strip()
    if data.active is not msgspec.UNSET:
        row.active = data.active
    changes = diff(before, {"name": row.name, "name_en": row.name_en, "active": row.active})
    if changes:
        await flush_or_conflict(ctx.session, _TAKEN)
        ctx.audit("ticket_category.updated", "ticket_category", row.id, changes)
    return category_out(row)
