"""Staff accounts."""

from __future__ import annotations

import logging
import uuid
from typing import Any, Literal

from litestar import Controller, Request, Response, get, patch, post
from litestar.background_tasks import BackgroundTask
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from api.deps import CtxDep, RedisDep
from api.params import Cursor, Limit
from api.security import PERMISSION, resources
from api.settings import Settings
from domain.integrations.staff_mail import send_invitation
from tenants import users
from tenants.context import Ctx
from tenants.pagination import DEFAULT_LIMIT, Page
from tenants.schemas import UserCreate, UserCreated, UserOut, UserUpdate

log = logging.getLogger("api.users")


async def _email_invitation(settings: Settings, invite: users.Invitation) -> None:
    """After the answer: the owner has the copyable link either way, so a refused email is
    logged, not an error."""
    try:
        await send_invitation(
            settings.smtp,
            settings.public_base_url,
            tenant_id=invite.tenant_id,
            tenant_slug=invite.tenant_slug,
            tenant_name=invite.tenant_name,
            timezone=invite.timezone,
            inviter=invite.inviter,
            to=invite.email,
            name=invite.name,
            locale=invite.locale,
            token=invite.token,
            expires_at=invite.expires_at,
        )
    except Exception:
        log.exception("the invitation email for tenant %s could not be sent", invite.tenant_id)


async def _answer(
    request: Request[Any, Any, Any], ctx: Ctx, created: UserCreated, status_code: int
) -> Response[UserCreated]:
    """The created/re-invited user, and the invitation emailed once the answer is out."""
    task = None
    if created.invite_token:
        invite = await users.invitation(ctx, created.user.id, created.invite_token)
        task = BackgroundTask(_email_invitation, resources(request).settings, invite)
    return Response(created, status_code=status_code, background=task)


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
        cursor: Cursor = None,
    ) -> Page[UserOut]:
        return await users.list_users(ctx, q=q, status=status, role_id=role_id, limit=limit, cursor=cursor)

    @post(
        "/",
        operation_id="CreateUser",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "users:manage"},
        summary="Create a user with a password, or an invitation (emailed, token returned) when no password is given",
    )
    async def create_user(
        self, request: Request[Any, Any, Any], ctx: CtxDep, data: JSONBody[UserCreate]
    ) -> Response[UserCreated]:
        return await _answer(request, ctx, await users.create_user(ctx, data), HTTP_201_CREATED)

    @post(
        "/{user_id:uuid}/reinvite",
        operation_id="ReinviteUser",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "users:manage"},
        summary="Invite a user who has not accepted yet again: a new token, emailed; the old link stops working",
    )
    async def reinvite(
        self, request: Request[Any, Any, Any], ctx: CtxDep, user_id: FromPath[uuid.UUID]
    ) -> Response[UserCreated]:
        return await _answer(request, ctx, await users.reinvite(ctx, user_id), HTTP_200_OK)

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
