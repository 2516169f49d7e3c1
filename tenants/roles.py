"""Roles: default roles per tenant plus custom roles built from the permission catalogue."""

from __future__ import annotations

import uuid

import msgspec
from redis.asyncio import Redis
from sqlalchemy import func, select

from tenants.audit_targets import register_target
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.errors import Conflict, Forbidden, invalid
from tenants.mappers import role_out
from tenants.models import Role, User
from tenants.pagination import Page
from tenants.permissions import CATALOGUE, unknown_permissions
from tenants.schemas import PermissionList, PermissionOut, RoleCreate, RoleOut, RoleUpdate
from tenants.scoping import Rule, load_visible, of_tenant, register, scoped
from tenants.unique import flush_or_conflict
from tenants.users import invalidate_principals


def permission_catalogue() -> PermissionList:
    return PermissionList(
        items=[
            PermissionOut(key=p.key, resource=p.resource, action=p.action, description=p.description) for p in CATALOGUE
        ]
    )


def _check_permissions(ctx: Ctx, permissions: list[str]) -> list[str]:
    if unknown := unknown_permissions(permissions):
        raise invalid("permissions", f"unknown permissions: {', '.join(unknown)}")
    if missing := set(permissions) - ctx.actor.permissions:
        raise Forbidden(
            f"You cannot grant permissions you do not hold: {', '.join(sorted(missing))}.",
            code="permission_escalation",
        )
    return sorted(set(permissions))


register(Role, Rule("No such role."))
register_target("role", Role, lambda: Role.name)


async def _get(ctx: Ctx, role_id: uuid.UUID) -> Role:
    return await load_visible(ctx, Role, role_id, lock=True)


async def _flush_unique(ctx: Ctx) -> None:
    await flush_or_conflict(ctx.session, ("role_name_taken", "A role with this name already exists."))


async def list_roles(ctx: Ctx) -> Page[RoleOut]:
    rows = await ctx.session.execute(scoped(ctx, Role).order_by(Role.name))
    return Page(items=[role_out(r) for r in rows.scalars()], next_cursor=None)


async def get_role(ctx: Ctx, role_id: uuid.UUID) -> RoleOut:
    return role_out(await load_visible(ctx, Role, role_id))


async def create_role(ctx: Ctx, data: RoleCreate) -> RoleOut:
    role = Role(
        tenant_id=ctx.tenant_id,
        name=data.name.strip(),
        description=data.description,
        permissions=_check_permissions(ctx, data.permissions),
        is_system=False,
    )
    ctx.session.add(role)
    await _flush_unique(ctx)
    await ctx.session.refresh(role)
    ctx.audit("role.created", "role", role.id, {"name": role.name, "permissions": role.permissions})
    return role_out(role)


async def update_role(ctx: Ctx, role_id: uuid.UUID, data: RoleUpdate, redis: Redis) -> RoleOut:
    role = await _get(ctx, role_id)
    if role.key == "owner":
        raise Forbidden("The owner role always holds every permission.", code="owner_role_locked")
    changes: dict[str, object] = {}
    if data.permissions is not msgspec.UNSET:
        new = _check_permissions(ctx, data.permissions)
        # Removing a permission the actor lacks would also be an escalation of authority over it.
        if removed := set(role.permissions) - set(new) - ctx.actor.permissions:
            raise Forbidden(
                f"You cannot change permissions you do not hold: {', '.join(sorted(removed))}.",
                code="permission_escalation",
            )
        if new != sorted(role.permissions):
            changes["permissions"] = {"from": sorted(role.permissions), "to": new}
            role.permissions = new
    if data.name is not msgspec.UNSET and data.name.strip() != role.name:
        changes["name"] = {"from": role.name, "to": data.name.strip()}
        role.name = data.name.strip()
    if data.description is not msgspec.UNSET and data.description != role.description:
        changes["description"] = {"from": role.description, "to": data.description}
        role.description = data.description
    if changes:
        role.updated_at = utcnow()
        await _flush_unique(ctx)
        ctx.audit("role.updated", "role", role.id, changes)
        await invalidate_principals(ctx, redis)
    return role_out(role)


async def delete_role(ctx: Ctx, role_id: uuid.UUID) -> None:
    role = await _get(ctx, role_id)
    if role.is_system:
        raise Conflict("Default roles cannot be deleted.", code="system_role")
    in_use = (
        await ctx.session.execute(
            select(func.count()).select_from(User).where(of_tenant(ctx.tenant_id, User), User.role_id == role.id)
        )
    ).scalar_one()
    if in_use:
        raise Conflict(f"The role is assigned to {in_use} user(s).", code="role_in_use")
    await ctx.session.delete(role)
    ctx.audit("role.deleted", "role", role.id, {"name": role.name})
