"""Regions and stores."""

from __future__ import annotations

import uuid
from typing import Literal

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.deps import CtxDep, RedisDep
from api.openapi import PROBLEMS
from api.params import Cursor, Limit
from api.security import PERMISSION
from tenants import stores
from tenants.pagination import DEFAULT_LIMIT, Page
from tenants.schemas import RegionIn, RegionOut, StoreCreate, StoreOut, StoreUpdate


class RegionController(Controller):
    path = "/api/v1/regions"
    tags = ["Stores"]

    @get("/", operation_id="ListRegions", opt={PERMISSION: "stores:read"})
    async def list_regions(self, ctx: CtxDep) -> Page[RegionOut]:
        return await stores.list_regions(ctx)

    @post("/", operation_id="CreateRegion", status_code=HTTP_201_CREATED, opt={PERMISSION: "stores:manage"})
    async def create_region(self, ctx: CtxDep, data: JSONBody[RegionIn]) -> RegionOut:
        return await stores.create_region(ctx, data)

    @patch("/{region_id:uuid}", operation_id="UpdateRegion", opt={PERMISSION: "stores:manage"})
    async def update_region(self, ctx: CtxDep, region_id: FromPath[uuid.UUID], data: JSONBody[RegionIn]) -> RegionOut:
        return await stores.update_region(ctx, region_id, data)

    @delete(
        "/{region_id:uuid}",
        operation_id="DeleteRegion",
        status_code=HTTP_204_NO_CONTENT,
        opt={PERMISSION: "stores:manage", PROBLEMS: {409}},  # a region with stores
    )
    async def delete_region(self, ctx: CtxDep, redis: RedisDep, region_id: FromPath[uuid.UUID]) -> None:
        await stores.delete_region(ctx, region_id, redis)


class StoreController(Controller):
    path = "/api/v1/stores"
    tags = ["Stores"]

    @get("/", operation_id="ListStores", opt={PERMISSION: "stores:read"})
    async def list_stores(
        self,
        ctx: CtxDep,
        q: FromQuery[str | None] = None,
        region_id: FromQuery[uuid.UUID | None] = None,
        status: FromQuery[Literal["active", "closed"] | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[StoreOut]:
        return await stores.list_stores(ctx, q=q, region_id=region_id, status=status, limit=limit, cursor=cursor)

    @post("/", operation_id="CreateStore", status_code=HTTP_201_CREATED, opt={PERMISSION: "stores:manage"})
    async def create_store(self, ctx: CtxDep, redis: RedisDep, data: JSONBody[StoreCreate]) -> StoreOut:
        return await stores.create_store(ctx, data, redis)

    @get("/{store_id:uuid}", operation_id="GetStore", opt={PERMISSION: "stores:read"})
    async def get_store(self, ctx: CtxDep, store_id: FromPath[uuid.UUID]) -> StoreOut:
        return await stores.get_store(ctx, store_id)

    @patch("/{store_id:uuid}", operation_id="UpdateStore", opt={PERMISSION: "stores:manage"})
    async def update_store(
        self, ctx: CtxDep, redis: RedisDep, store_id: FromPath[uuid.UUID], data: JSONBody[StoreUpdate]
    ) -> StoreOut:
        return await stores.update_store(ctx, store_id, data, redis)
