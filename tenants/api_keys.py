"""API keys for integrations: the secret is shown once and stored as a hash."""

from __future__ import annotations

import uuid

from redis.asyncio import Redis
from sqlalchemy import delete, select

from tenants.audit_targets import register_target
from tenants.auth import stores_exist
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.errors import Forbidden, invalid
from tenants.mappers import api_key_out
from tenants.models import ApiKey, ApiKeyDirectory
from tenants.pagination import Page
from tenants.permissions import unknown_permissions
from tenants.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyOut
from tenants.scoping import Rule, load_visible, of_tenant, register, scoped
from tenants.tokens import digest, new_api_key
from tenants.users import invalidate_principals


async def create_api_key(ctx: Ctx, data: ApiKeyCreate) -> ApiKeyCreated:
    if not data.scopes:
        raise invalid("scopes", "must list at least one permission")
    if unknown := unknown_permissions(data.scopes):
        raise invalid("scopes", f"unknown permissions: {', '.join(unknown)}")
    if missing := set(data.scopes) - ctx.actor.permissions:
        raise Forbidden(
            f"A key cannot hold permissions you do not hold: {', '.join(sorted(missing))}.",
            code="permission_escalation",
        )
    if data.store_ids is not None:
        if not data.store_ids or not await stores_exist(ctx.session, ctx.tenant_id, data.store_ids):
            raise invalid("store_ids", "must list existing stores of this tenant")
        if any(not ctx.actor.covers_store(s) for s in data.store_ids):
            raise Forbidden("A key cannot reach stores outside your own scope.", code="scope_escalation")
    elif ctx.actor.store_ids is not None:
        raise invalid("store_ids", "is required because your own access is limited to some stores")
    if data.expires_at is not None and data.expires_at <= utcnow():
        raise invalid("expires_at", "must be in the future")
    key_id, secret, full_key = new_api_key()
    created_by = ctx.actor.user_id or await _accountable_user(ctx)
    row = ApiKey(
        tenant_id=ctx.tenant_id,
        key_id=key_id,
        name=data.name.strip(),
        secret_hash=digest(secret),
        scopes=sorted(set(data.scopes)),
        store_ids=list(data.store_ids) if data.store_ids is not None else None,
        expires_at=data.expires_at,
        created_by=created_by,
    )
    ctx.session.add(row)
    ctx.session.add(ApiKeyDirectory(key_id=key_id, tenant_id=ctx.tenant_id))
    await ctx.session.flush()
    await ctx.session.refresh(row)
    ctx.audit("api_key.created", "api_key", row.id, {"name": row.name, "scopes": row.scopes})
    return ApiKeyCreated(api_key=api_key_out(row), key=full_key)


register(ApiKey, Rule("No such API key."))
register_target("api_key", ApiKey, lambda: ApiKey.name)


async def _accountable_user(ctx: Ctx) -> uuid.UUID:
    """A key minted by another key belongs to the user who created that key (`created_by`
    references users; the audit entry still names the acting key)."""
    return (
        await ctx.session.execute(
            select(ApiKey.created_by).where(of_tenant(ctx.tenant_id, ApiKey), ApiKey.id == ctx.actor.actor_id)
        )
    ).scalar_one()


async def list_api_keys(ctx: Ctx) -> Page[ApiKeyOut]:
    rows = await ctx.session.execute(scoped(ctx, ApiKey).order_by(ApiKey.created_at.desc()))
    return Page(items=[api_key_out(k) for k in rows.scalars()], next_cursor=None)


async def get_api_key(ctx: Ctx, api_key_id: uuid.UUID) -> ApiKeyOut:
    return api_key_out(await load_visible(ctx, ApiKey, api_key_id))


async def revoke_api_key(ctx: Ctx, api_key_id: uuid.UUID, redis: Redis) -> None:
    """Revoke at once: the key leaves the directory, and the principal cache once committed."""
    row = await load_visible(ctx, ApiKey, api_key_id, lock=True)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        await ctx.session.execute(delete(ApiKeyDirectory).where(ApiKeyDirectory.key_id == row.key_id))
        await invalidate_principals(ctx, redis)
        ctx.audit("api_key.revoked", "api_key", row.id, {"name": row.name})
