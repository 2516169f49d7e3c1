"""Regions and stores: the hierarchy that store scope is built on."""

from __future__ import annotations

import uuid

import msgspec
from redis.asyncio import Redis
from sqlalchemy import func, select

from tenants.audit import diff
from tenants.audit_targets import register_target
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.errors import Conflict, NotFound, invalid
from tenants.mappers import region_out, store_out
from tenants.models import Region, Store
from tenants.pagination import Page, keyset_page
from tenants.schemas import RegionIn, RegionOut, StoreCreate, StoreOut, StoreUpdate
from tenants.scoping import Rule, load_visible, of_tenant, register, scoped
from tenants.unique import flush_or_conflict
from tenants.users import invalidate_principals

# A store-scoped caller sees the stores of its scope (a store's own row is its store).
register(Store, Rule("No such store.", stores=("id",)))
register(Region, Rule("No such region."))
register_target("store", Store, lambda: Store.name)
register_target("region", Region, lambda: Region.name)

_STORE_FIELDS = ("code", "name", "region_id", "address", "phone", "status")


async def _flush_unique(ctx: Ctx, code: str, detail: str) -> None:
    await flush_or_conflict(ctx.session, (code, detail))


async def is_usable_store(ctx: Ctx, store_id: uuid.UUID, *, active: bool = True) -> bool:
    """Whether `store_id` is a store of this tenant inside the caller's store scope (and, unless
    `active=False`, open for business)."""
    if not ctx.actor.covers_store(store_id):
        return False
    status = (
        await ctx.session.execute(select(Store.status).where(of_tenant(ctx.tenant_id, Store), Store.id == store_id))
    ).scalar_one_or_none()
    return status is not None and (status == "active" or not active)


async def usable_store(ctx: Ctx, store_id: uuid.UUID, field: str, reason: str, *, active: bool = True) -> uuid.UUID:
    """`store_id` if it is an active store of this tenant inside the caller's scope, else 422 on
    `field` with the caller's `reason` (a store out of scope looks like no store at all)."""
    if not await is_usable_store(ctx, store_id, active=active):
        raise invalid(field, reason)
    return store_id


async def list_regions(ctx: Ctx) -> Page[RegionOut]:
    rows = await ctx.session.execute(scoped(ctx, Region).order_by(Region.name))
    return Page(items=[region_out(r) for r in rows.scalars()], next_cursor=None)


async def _region(ctx: Ctx, region_id: uuid.UUID, *, field: str | None = None) -> Region:
    try:
        return await load_visible(ctx, Region, region_id)
    except NotFound:
        if field:
            raise invalid(field, "is not a region of this tenant") from None
        raise


async def create_region(ctx: Ctx, data: RegionIn) -> RegionOut:
    region = Region(tenant_id=ctx.tenant_id, name=data.name.strip())
    ctx.session.add(region)
    await _flush_unique(ctx, "region_name_taken", "A region with this name already exists.")
    await ctx.session.refresh(region)
    ctx.audit("region.created", "region", region.id, {"name": region.name})
    return region_out(region)


async def update_region(ctx: Ctx, region_id: uuid.UUID, data: RegionIn) -> RegionOut:
    region = await _region(ctx, region_id)
    if region.name != data.name.strip():
        ctx.audit("region.updated", "region", region.id, {"name": {"from": region.name, "to": data.name.strip()}})
        region.name = data.name.strip()
        await _flush_unique(ctx, "region_name_taken", "A region with this name already exists.")
    return region_out(region)


async def delete_region(ctx: Ctx, region_id: uuid.UUID, redis: Redis) -> None:
    region = await _region(ctx, region_id)
    used = (
        await ctx.session.execute(
            select(func.count()).select_from(Store).where(of_tenant(ctx.tenant_id, Store), Store.region_id == region.id)
        )
    ).scalar_one()
    if used:
        raise Conflict(f"The region still has {used} store(s).", code="region_in_use")
    await ctx.session.delete(region)
    ctx.audit("region.deleted", "region", region.id, {"name": region.name})
    await invalidate_principals(ctx, redis)


async def list_stores(
    ctx: Ctx,
    *,
    q: str | None,
    region_id: uuid.UUID | None,
    status: str | None,
    limit: int,
    cursor: str | None,
) -> Page[StoreOut]:
    query = scoped(ctx, Store)
    if q:
        query = query.where(Store.code.startswith(q.strip().upper()) | Store.name.contains(q.strip()))
    if region_id:
        query = query.where(Store.region_id == region_id)
    if status:
        query = query.where(Store.status == status)
    # The code is unique in the tenant: it is the whole sort key.
    rows, next_cursor = await keyset_page(ctx.session, query, Store.code, None, limit, cursor, descending=False)
    return Page(items=[store_out(s) for s in rows], next_cursor=next_cursor)


async def _store(ctx: Ctx, store_id: uuid.UUID, *, lock: bool = False) -> Store:
    return await load_visible(ctx, Store, store_id, lock=lock)


async def get_store(ctx: Ctx, store_id: uuid.UUID) -> StoreOut:
    return store_out(await _store(ctx, store_id))


async def create_store(ctx: Ctx, data: StoreCreate, redis: Redis) -> StoreOut:
    if data.region_id is not None:
        await _region(ctx, data.region_id, field="region_id")
    store = Store(
        tenant_id=ctx.tenant_id,
        code=data.code.upper(),
        name=data.name.strip(),
        region_id=data.region_id,
        address=data.address,
        phone=data.phone,
        status="active",
    )
    ctx.session.add(store)
    await _flush_unique(ctx, "store_code_taken", "A store with this code already exists.")
    await ctx.session.refresh(store)
    ctx.audit("store.created", "store", store.id, {"code": store.code, "name": store.name})
    await invalidate_principals(ctx, redis)  # region-scoped users gain the new store
    return store_out(store)


async def update_store(ctx: Ctx, store_id: uuid.UUID, data: StoreUpdate, redis: Redis) -> StoreOut:
    store = await _store(ctx, store_id, lock=True)
    before = {f: getattr(store, f) for f in _STORE_FIELDS}
    if data.region_id is not msgspec.UNSET and data.region_id is not None:
        await _region(ctx, data.region_id, field="region_id")
    for name in _STORE_FIELDS:
        value = getattr(data, name)
        if value is not msgspec.UNSET:
            setattr(store, name, value.upper() if name == "code" else value)
    changes = diff(before, {f: getattr(store, f) for f in _STORE_FIELDS})
    if changes:
        store.updated_at = utcnow()
        await _flush_unique(ctx, "store_code_taken", "A store with this code already exists.")
        ctx.audit("store.updated", "store", store.id, changes)
        if "region_id" in changes:
            await invalidate_principals(ctx, redis)
    return store_out(store)
