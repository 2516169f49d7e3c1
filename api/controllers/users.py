"""Staff accounts."""

from __future__ import annotations

import uuid
from typing import Literal

from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from api.deps import CtxDep, RedisDep
from api.params import Limit
from api.security import PERMISSION
from tenants import users
from tenants.pagination import DEFAULT_LIMIT, Page
from tenants.schemas import UserCreate, UserCreated, UserOut, UserUpdate


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["Users"]

    @get("/", operation_id="ListUsers", opt={PERMISSION: "users:read"})
    async def list_users(
        self,
        ctx: CtxDep,
        q: FromQuery[str | None] = None,
        status: FromQuery[Literal["active", "invited", "inactive"] | None] = None,
        role_id: FromQuery[uuid.UUID | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: FromQuery[str | None] = None,
    ) -> Page[UserOut]:
        return await users.list_users(ctx, q=q, status=status, role_id=role_id, limit=limit, cursor=cursor)

    @post(
        "/",
        operation_id="CreateUser",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "users:manage"},
        summary="Create a user with a password, or an invite token when no password is given",
    )
    async def create_user(self, ctx: CtxDep, data: JSONBody[UserCreate]) -> UserCreated:
        return await users.create_user(ctx, data)

    @get("/{user_id:uuid}", operation_id="GetUser", opt={PERMISSION: "users:read"})
    async def get_user(self, ctx: CtxDep, user_id: FromPath[uuid.UUID]) -> UserOut:
        return await users.get_user(ctx, user_id)

    @patch("/{user_id:uuid}", operation_id="UpdateUser", opt={PERMISSION: "users:manage"})
    async def update_user(
        self, ctx: CtxDep, redis: RedisDep, user_id: FromPath[uuid.UUID], data: JSONBody[UserUpdate]
    ) -> UserOut:
        return await users.update_user(ctx, user_id, data, redis)

    @post(
        "/{user_id:uuid}/deactivate",
        operation_id="DeactivateUser",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "users:manage"},
    )
    async def deactivate(self, ctx: CtxDep, redis: RedisDep, user_id: FromPath[uuid.UUID]) -> UserOut:
        return await users.set_user_status(ctx, user_id, False, redis)

    @post(
        "/{user_id:uuid}/activate",
        operation_id="ActivateUser",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "users:manage"},
    )
    async def activate(self, ctx: CtxDep, redis: RedisDep, user_id: FromPath[uuid.UUID]) -> UserOut:
        return await users.set_user_status(ctx, user_id, True, redis)
