"""Roles and the permission catalogue."""

from __future__ import annotations

import uuid

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.deps import CtxDep, RedisDep
from api.openapi import PROBLEMS
from api.security import AUTHENTICATED, PERMISSION
from tenants import roles
from tenants.pagination import Page
from tenants.schemas import PermissionList, RoleCreate, RoleOut, RoleUpdate


class RoleController(Controller):
    path = "/api/v1/roles"
    tags = ["Roles"]

    @get("/", operation_id="ListRoles", opt={PERMISSION: "roles:read"})
    async def list_roles(self, ctx: CtxDep) -> Page[RoleOut]:
        return await roles.list_roles(ctx)

    @post("/", operation_id="CreateRole", status_code=HTTP_201_CREATED, opt={PERMISSION: "roles:manage"})
    async def create_role(self, ctx: CtxDep, data: JSONBody[RoleCreate]) -> RoleOut:
        return await roles.create_role(ctx, data)

    @get("/{role_id:uuid}", operation_id="GetRole", opt={PERMISSION: "roles:read"})
    async def get_role(self, ctx: CtxDep, role_id: FromPath[uuid.UUID]) -> RoleOut:
        return await roles.get_role(ctx, role_id)

    @patch("/{role_id:uuid}", operation_id="UpdateRole", opt={PERMISSION: "roles:manage"})
    async def update_role(
        self, ctx: CtxDep, redis: RedisDep, role_id: FromPath[uuid.UUID], data: JSONBody[RoleUpdate]
    ) -> RoleOut:
        return await roles.update_role(ctx, role_id, data, redis)

    @delete(
        "/{role_id:uuid}",
        operation_id="DeleteRole",
        status_code=HTTP_204_NO_CONTENT,
        opt={PERMISSION: "roles:manage", PROBLEMS: {409}},  # a role still held
    )
    async def delete_role(self, ctx: CtxDep, role_id: FromPath[uuid.UUID]) -> None:
        await roles.delete_role(ctx, role_id)


class PermissionController(Controller):
    path = "/api/v1/permissions"
    tags = ["Roles"]

    @get("/", operation_id="ListPermissions", opt={AUTHENTICATED: True}, summary="The permission catalogue")
    async def list_permissions(self) -> PermissionList:
        return roles.permission_catalogue()
