"""API keys for integrations."""

from __future__ import annotations

import uuid

from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.deps import CtxDep, RedisDep
from api.security import PERMISSION
from tenants import api_keys
from tenants.pagination import Page
from tenants.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyOut


class ApiKeyController(Controller):
    path = "/api/v1/api-keys"
    tags = ["API keys"]

    @get("/", operation_id="ListApiKeys", opt={PERMISSION: "api_keys:read"})
    async def list_keys(self, ctx: CtxDep) -> Page[ApiKeyOut]:
        return await api_keys.list_api_keys(ctx)

    @post(
        "/",
        operation_id="CreateApiKey",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "api_keys:manage"},
        summary="Create a key; the secret is returned once",
    )
    async def create_key(self, ctx: CtxDep, data: JSONBody[ApiKeyCreate]) -> ApiKeyCreated:
        return await api_keys.create_api_key(ctx, data)

    @get("/{api_key_id:uuid}", operation_id="GetApiKey", opt={PERMISSION: "api_keys:read"})
    async def get_key(self, ctx: CtxDep, api_key_id: FromPath[uuid.UUID]) -> ApiKeyOut:
        return await api_keys.get_api_key(ctx, api_key_id)

    @delete(
        "/{api_key_id:uuid}",
        operation_id="RevokeApiKey",
        status_code=HTTP_204_NO_CONTENT,
        opt={PERMISSION: "api_keys:manage"},
    )
    async def revoke_key(self, ctx: CtxDep, redis: RedisDep, api_key_id: FromPath[uuid.UUID]) -> None:
        await api_keys.revoke_api_key(ctx, api_key_id, redis)
