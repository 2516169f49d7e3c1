"""Forgotten passwords: a single-use, expiring link emailed to an active user (stored hashed on
the user, like the invite token); following it sets a new password and ends every session.

Asking answers the same whether or not the account exists, after the same work (one tenant and
one user lookup, one token drawn); only a real account gets a link to send.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tenants import audit
from tenants.auth import end_sessions
from tenants.clock import utcnow
from tenants.db import TenantScope, bind_tenant, platform_session, tenant_session
from tenants.errors import Invalid, invalid
from tenants.models import User
from tenants.passwords import hash_password, password_problem
from tenants.principal import RequestMeta
from tenants.registry import tenant_by_slug
from tenants.schemas import PasswordResetConfirm, PasswordResetIn
from tenants.scoping import of_tenant
from tenants.throttle import LoginLimits, check_reset_allowed, clear_login_failures
from tenants.tokens import InvalidTokenError, digest, new_refresh_token, refresh_token_tenant

RESET_TTL = timedelta(minutes=30)
_NO_TENANT = uuid.UUID(int=0)


@dataclass(frozen=True, slots=True)
class ResetMail:
    """What the reset email needs: who gets it, in which language, and the link's token."""

    tenant_id: uuid.UUID
    tenant_name: str
    email: str
    name: str
    locale: str
    token: str
    expires_at: datetime
    timezone: str


def bad_token() -> Invalid:
    """The one answer for an unknown, expired or already used link (422 naming `token`)."""
    error = invalid("token", "is invalid, expired or already used; ask for a new link")
    error.code = "invalid_reset_token"
    return error


async def request_reset(
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    limits: LoginLimits,
    data: PasswordResetIn,
    meta: RequestMeta,
) -> ResetMail | None:
    """Draw a reset link for the active user of this tenant and email (the previous one stops
    working); None when there is no such user. Rate-limited per address and per tenant + email."""
    slug = data.tenant_slug.strip().lower()
    email = data.email.strip().lower()
    await check_reset_allowed(redis, limits, slug, email, meta.ip)
    async with platform_session(sessions) as session:
        tenant = await tenant_by_slug(session, slug)
        tenant_id = tenant.id if tenant is not None and tenant.status == "active" else _NO_TENANT
        await bind_tenant(session, TenantScope(tenant_id))
        user = (
            await session.execute(select(User).where(of_tenant(tenant_id, User), User.email == email).with_for_update())
        ).scalar_one_or_none()
        token = new_refresh_token(tenant_id)
        if tenant is None or tenant_id == _NO_TENANT:
            return None
        if user is None or user.status != "active":
            # Audited too (someone probes or mistypes), with what was asked for; nothing is sent.
            audit.record(
                session,
                tenant_id=tenant_id,
                action="auth.password_reset_refused",
                meta=meta,
                actor_id=user.id if user else None,
                actor_label=email,
                target_type="user",
                target_id=user.id if user else None,
            )
            return None
        expires_at = utcnow() + RESET_TTL
        user.reset_token_hash = digest(token)
        user.reset_expires_at = expires_at
        audit.record(
            session,
            tenant_id=tenant_id,
            action="auth.password_reset_requested",
            meta=meta,
            actor_id=user.id,
            actor_label=user.email,
            target_type="user",
            target_id=user.id,
        )
        return ResetMail(
            tenant_id=tenant_id,
            tenant_name=tenant.name,
            email=user.email,
            name=user.name,
            locale=user.locale,
            token=token,
            expires_at=expires_at,
            timezone=tenant.timezone,
        )


async def confirm_reset(
    sessions: async_sessionmaker[AsyncSession], redis: Redis, data: PasswordResetConfirm, meta: RequestMeta
) -> None:
    """Set the new password with a live link, spend the link, and revoke every refresh token of
    the user (each signed-in device must log in again)."""
    if problem := password_problem(data.password):
        raise invalid("password", problem)
    try:
        tenant_id = refresh_token_tenant(data.token)
    except InvalidTokenError as exc:
        raise bad_token() from exc
    now = utcnow()
    async with tenant_session(sessions, TenantScope(tenant_id)) as session:
        user = (
            await session.execute(
                select(User)
                .where(of_tenant(tenant_id, User), User.reset_token_hash == digest(data.token))
                .with_for_update()
            )
        ).scalar_one_or_none()
        if user is None or user.status != "active" or user.reset_expires_at is None or user.reset_expires_at <= now:
            raise bad_token()
        user.password_hash = await hash_password(data.password)
        user.reset_token_hash = None
        user.reset_expires_at = None
        user.updated_at = now
        await end_sessions(session, tenant_id, user.id)
        audit.record(
            session,
            tenant_id=tenant_id,
            action="auth.password_reset",
            meta=meta,
            actor_id=user.id,
            actor_label=user.email,
            target_type="user",
            target_id=user.id,
        )
        email = user.email
    await clear_login_failures(redis, tenant_id, email)
