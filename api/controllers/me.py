"""The signed-in user: profile, permissions, store scope, own password."""

from __future__ import annotations

from litestar import Controller, get, patch, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_204_NO_CONTENT
from sqlalchemy import select

from api.deps import CtxDep
from api.security import AUTHENTICATED, STAFF_ONLY
from tenants import company, users
from tenants.mappers import tenant_out
from tenants.models import Tenant
from tenants.schemas import MeOut, MeUpdate, PasswordChange, UserOut


class MeController(Controller):
    path = "/api/v1/me"
    tags = ["Me"]
    opt = {AUTHENTICATED: True}

    @get(
        "/",
        operation_id="GetMe",
        summary="Who am I: user, tenant, permissions, store scope",
        opt={STAFF_ONLY: "API keys have no user profile."},
    )
    async def me(self, ctx: CtxDep) -> MeOut:
        user = await users.get_user(ctx, ctx.staff_user_id)
        tenant = (await ctx.session.execute(select(Tenant).where(Tenant.id == ctx.tenant_id))).scalar_one()
        tenant_info = tenant_out(tenant)
        tenant_info.logo_url = company.logo_url(tenant.slug, await company.logo_digest(ctx.session, tenant.id))
        return MeOut(user=user, tenant=tenant_info, permissions=sorted(ctx.actor.permissions), scope=user.scope)

    @patch(
        "/",
        operation_id="UpdateMe",
        summary="Change my name or language",
        opt={STAFF_ONLY: "Only staff users have a profile."},
    )
    async def update(self, ctx: CtxDep, data: JSONBody[MeUpdate]) -> UserOut:
        return await users.update_me(ctx, data)

    @post(
        "/password",
        operation_id="ChangeMyPassword",
        status_code=HTTP_204_NO_CONTENT,
        summary="Change my password (current password required)",
        opt={STAFF_ONLY: "Only staff users have a password."},
    )
    async def change_password(self, ctx: CtxDep, data: JSONBody[PasswordChange]) -> None:
        await users.change_password(ctx, data)
