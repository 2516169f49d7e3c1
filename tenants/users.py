"""Staff accounts: create (password or invite), re-invite, list, read, update, (de)activate, own
profile."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import msgspec
from redis.asyncio import Redis
from sqlalchemy import Select, select, update

from tenants import principal_cache
from tenants.audit import diff
from tenants.audit_targets import register_target
from tenants.auth import end_sessions, regions_exist, resolve_store_ids, stores_exist
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.errors import Conflict, FieldError, Forbidden, Invalid, NotFound, invalid
from tenants.mappers import user_out
from tenants.models import Role, Tenant, User
from tenants.pagination import Page, keyset_page
from tenants.passwords import hash_password, password_problem, verify_password
from tenants.schemas import MeUpdate, PasswordChange, StoreScope, UserCreate, UserCreated, UserOut, UserUpdate
from tenants.scoping import Rule, load_visible, of_tenant, register
from tenants.tokens import digest
from tenants.unique import flush_or_conflict
from tenants.validation import normalise_email

INVITE_TTL = timedelta(days=7)


def _with_role() -> Select[User, str, str | None]:
    return select(User, Role.name, Role.key).join(Role, (Role.tenant_id == User.tenant_id) & (Role.id == User.role_id))


# Staff accounts belong to the tenant, not to a store.
register(User, Rule("No such user."))
register_target("user", User, lambda: User.name, email=lambda: User.email)


async def _get(ctx: Ctx, user_id: uuid.UUID, *, lock: bool = False) -> User:
    return await load_visible(ctx, User, user_id, lock=lock)


async def _role(ctx: Ctx, role_id: uuid.UUID) -> Role:
    role = (
        await ctx.session.execute(select(Role).where(of_tenant(ctx.tenant_id, Role), Role.id == role_id))
    ).scalar_one_or_none()
    if role is None:
        raise invalid("role_id", "is not a role of this tenant")
    return role


def _check_grantable(ctx: Ctx, role: Role) -> None:
    """Nobody hands out permissions they do not hold themselves."""
    missing = set(role.permissions) - ctx.actor.permissions
    if missing:
        raise Forbidden(
            f"You cannot grant a role with permissions you do not hold: {', '.join(sorted(missing))}.",
            code="permission_escalation",
        )


async def _check_scope(ctx: Ctx, scope: StoreScope) -> None:
    errors: list[FieldError] = []
    if scope.kind == "region" and not scope.region_ids:
        errors.append(FieldError("scope.region_ids", "must list at least one region"))
    if scope.kind == "store" and not scope.store_ids:
        errors.append(FieldError("scope.store_ids", "must list at least one store"))
    if not await regions_exist(ctx.session, ctx.tenant_id, scope.region_ids):
        errors.append(FieldError("scope.region_ids", "lists a region that does not exist"))
    if not await stores_exist(ctx.session, ctx.tenant_id, scope.store_ids):
        errors.append(FieldError("scope.store_ids", "lists a store that does not exist"))
    if errors:
        raise Invalid(errors)
    if ctx.actor.store_ids is not None:
        # Like API keys: nobody hands out reach over stores they cannot reach themselves.
        reach = await resolve_store_ids(
            ctx.session, ctx.tenant_id, scope.kind, list(scope.region_ids), list(scope.store_ids)
        )
        if reach is None or not set(reach) <= set(ctx.actor.store_ids):
            raise Forbidden("A user cannot reach stores outside your own scope.", code="scope_escalation")


async def invalidate_principals(ctx: Ctx, redis: Redis) -> None:
    """Access data changed: move the tenant's access epoch on in this transaction, so that no
    process serves a principal cached before it (Redis reachable or not), and drop the cache
    once the change is committed."""
    bump = update(Tenant).where(Tenant.id == ctx.tenant_id).values(access_epoch=Tenant.access_epoch + 1)
    await ctx.session.execute(bump)
    ctx.after_commit.append(lambda: principal_cache.invalidate(redis, ctx.tenant_id))


async def _tenant_locale(ctx: Ctx) -> str:
    return (await ctx.session.execute(select(Tenant.locale).where(Tenant.id == ctx.tenant_id))).scalar_one()


async def create_user(ctx: Ctx, data: UserCreate) -> UserCreated:
    try:
        email = normalise_email(data.email)
    except ValueError as exc:
        raise invalid("email", str(exc)) from exc
    if data.password is not None and (problem := password_problem(data.password)):
        raise invalid("password", problem)
    role = await _role(ctx, data.role_id)
    _check_grantable(ctx, role)
    await _check_scope(ctx, data.scope)
    invite_token = None if data.password is not None else secrets.token_urlsafe(24)
    user = User(
        tenant_id=ctx.tenant_id,
        email=email,
        name=data.name.strip(),
        role_id=role.id,
        password_hash=await hash_password(data.password) if data.password is not None else None,
        status="active" if data.password is not None else "invited",
        locale=data.locale if isinstance(data.locale, str) else await _tenant_locale(ctx),
        scope_kind=data.scope.kind,
        scope_region_ids=list(data.scope.region_ids),
        scope_store_ids=list(data.scope.store_ids),
        invite_token_hash=digest(invite_token) if invite_token else None,
        invite_expires_at=utcnow() + INVITE_TTL if invite_token else None,
    )
    ctx.session.add(user)
    await flush_or_conflict(ctx.session, ("email_taken", "A user with this email already exists."))
    await ctx.session.refresh(user)
    ctx.audit("user.created", "user", user.id, {"email": email, "role": role.name, "scope": data.scope.kind})
    return UserCreated(user=user_out(user, role.name, role.key), invite_token=invite_token)


@dataclass(frozen=True, slots=True)
class Invitation:
    """What the invitation email needs (the token is only ever in this email and in the answer
    to the owner who invited)."""

    tenant_id: uuid.UUID
    tenant_slug: str
    tenant_name: str
    timezone: str
    inviter: str
    email: str
    name: str
    locale: str
    token: str
    expires_at: datetime


async def invitation(ctx: Ctx, user_id: uuid.UUID, token: str) -> Invitation:
    """The invitation email of an invited user, from the inviter (the caller)."""
    user = await _get(ctx, user_id)
    tenant = (
        await ctx.session.execute(select(Tenant.slug, Tenant.name, Tenant.timezone).where(Tenant.id == ctx.tenant_id))
    ).one()
    inviter = ctx.actor.label
    if ctx.actor.user_id is not None:
        inviter = (
            await ctx.session.execute(
                select(User.name).where(of_tenant(ctx.tenant_id, User), User.id == ctx.actor.user_id)
            )
        ).scalar_one_or_none() or inviter
    return Invitation(
        tenant_id=ctx.tenant_id,
        tenant_slug=tenant.slug,
        tenant_name=tenant.name,
        timezone=tenant.timezone,
        inviter=inviter,
        email=user.email,
        name=user.name,
        locale=user.locale,
        token=token,
        expires_at=user.invite_expires_at or utcnow() + INVITE_TTL,
    )


async def reinvite(ctx: Ctx, user_id: uuid.UUID) -> UserCreated:
    """A fresh invitation for a user who has not accepted yet: a new token and a new week; the
    previous link stops working. Anyone else is 409 `not_invited`."""
    user = await _get(ctx, user_id, lock=True)
    if user.status != "invited":
        raise Conflict("Only a user who has not accepted the invitation yet can be invited again.", code="not_invited")
    _check_grantable(ctx, await _role(ctx, user.role_id))
    token = secrets.token_urlsafe(24)
    user.invite_token_hash = digest(token)
    user.invite_expires_at = utcnow() + INVITE_TTL
    user.updated_at = utcnow()
    ctx.audit("user.reinvited", "user", user.id, {"email": user.email})
    return UserCreated(user=await get_user(ctx, user.id), invite_token=token)


async def list_users(
    ctx: Ctx, *, q: str | None, status: str | None, role_id: uuid.UUID | None, limit: int, cursor: str | None
) -> Page[UserOut]:
    query = _with_role().where(of_tenant(ctx.tenant_id, User))
    if q:
        needle = q.strip().lower()
        query = query.where((User.email.startswith(needle)) | (User.name.contains(q.strip())))
    if status:
        query = query.where(User.status == status)
    if role_id:
        query = query.where(User.role_id == role_id)
    # The email is unique in the tenant: it is the whole sort key.
    rows, next_cursor = await keyset_page(
        ctx.session, query, User.email, None, limit, cursor, descending=False, scalars=False
    )
    return Page(items=[user_out(u, role_name, role_key) for u, role_name, role_key in rows], next_cursor=next_cursor)


async def get_user(ctx: Ctx, user_id: uuid.UUID) -> UserOut:
    row = (
        await ctx.session.execute(_with_role().where(of_tenant(ctx.tenant_id, User), User.id == user_id))
    ).one_or_none()
    if row is None:
        raise NotFound("No such user.")
    return user_out(row[0], row[1], row[2])


async def update_user(ctx: Ctx, user_id: uuid.UUID, data: UserUpdate, redis: Redis) -> UserOut:
    user = await _get(ctx, user_id, lock=True)
    before = {
        "name": user.name,
        "role_id": user.role_id,
        "scope_kind": user.scope_kind,
        "scope_region_ids": list(user.scope_region_ids),
        "scope_store_ids": list(user.scope_store_ids),
        "locale": user.locale,
    }
    if data.role_id is not msgspec.UNSET and data.role_id != user.role_id:
        if user.id == ctx.actor.user_id:
            raise Forbidden("You cannot change your own role.", code="self_role_change")
        role = await _role(ctx, data.role_id)
        _check_grantable(ctx, role)
        current = await _role(ctx, user.role_id)
        _check_grantable(ctx, current)
        user.role_id = role.id
    if data.scope is not msgspec.UNSET:
        await _check_scope(ctx, data.scope)
        user.scope_kind = data.scope.kind
        user.scope_region_ids = list(data.scope.region_ids)
        user.scope_store_ids = list(data.scope.store_ids)
    if data.name is not msgspec.UNSET:
        user.name = data.name.strip()
    if data.locale is not msgspec.UNSET:
        user.locale = data.locale
    after = {
        "name": user.name,
        "role_id": user.role_id,
        "scope_kind": user.scope_kind,
        "scope_region_ids": list(user.scope_region_ids),
        "scope_store_ids": list(user.scope_store_ids),
        "locale": user.locale,
    }
    changes = diff(before, after)
    if changes:
        user.updated_at = utcnow()
        user.version += 1
        ctx.audit("user.updated", "user", user.id, changes)
        await invalidate_principals(ctx, redis)
    return await get_user(ctx, user.id)


async def set_user_status(ctx: Ctx, user_id: uuid.UUID, active: bool, redis: Redis) -> UserOut:
    user = await _get(ctx, user_id, lock=True)
    if user.id == ctx.actor.user_id:
        raise Forbidden("You cannot deactivate your own account.", code="self_deactivation")
    role = await _role(ctx, user.role_id)
    _check_grantable(ctx, role)
    new_status = "active" if active else "inactive"
    if active and user.password_hash is None:
        new_status = "invited"
    if new_status != user.status:
        ctx.audit(
            "user.activated" if active else "user.deactivated",
            "user",
            user.id,
            {"status": {"from": user.status, "to": new_status}},
        )
        user.status = new_status
        user.updated_at = utcnow()
        if not active:
            await end_sessions(ctx.session, ctx.tenant_id, user.id)
        await invalidate_principals(ctx, redis)
    return await get_user(ctx, user.id)


async def update_me(ctx: Ctx, data: MeUpdate) -> UserOut:
    user = await _get(ctx, ctx.staff_user_id, lock=True)
    if data.name is not msgspec.UNSET:
        user.name = data.name.strip()
    if data.locale is not msgspec.UNSET:
        user.locale = data.locale
    user.updated_at = utcnow()
    ctx.audit("user.profile_updated", "user", user.id)
    return await get_user(ctx, user.id)


async def change_password(ctx: Ctx, data: PasswordChange) -> None:
    user = await _get(ctx, ctx.staff_user_id, lock=True)
    if not await verify_password(data.current_password, user.password_hash):
        raise invalid("current_password", "is incorrect")
    if problem := password_problem(data.new_password):
        raise invalid("new_password", problem)
    user.password_hash = await hash_password(data.new_password)
    user.updated_at = utcnow()
    ctx.audit("auth.password_changed", "user", user.id)


async def names_of_users(ctx: Ctx, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    """Current names of staff users, in one query: timelines show who acted by name, not e-mail."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = await ctx.session.execute(
        select(User.id, User.name).where(of_tenant(ctx.tenant_id, User), User.id.in_(wanted))
    )
    return {row.id: row.name for row in rows}
