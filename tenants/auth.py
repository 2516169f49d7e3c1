"""Authentication flows: signup, login, refresh rotation, logout, invites, API keys, principals.

These run before a principal exists, so each opens its own transaction(s) instead of receiving
a request-scoped session.
"""

from __future__ import annotations

import uuid
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from redis.asyncio import Redis
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tenants import audit, principal_cache
from tenants.clock import utcnow
from tenants.db import TenantScope, bind_tenant, platform_session, tenant_session
from tenants.errors import Unauthenticated, invalid
from tenants.ids import uuid7
from tenants.models import ApiKey, ApiKeyDirectory, RefreshToken, Region, Role, Store, Tenant, User
from tenants.passwords import hash_password, password_problem, verify_password
from tenants.principal import Principal, RequestMeta
from tenants.registry import create_tenant, tenant_by_slug
from tenants.schemas import AcceptInvite, LoginIn, SignupIn, TokenPair
from tenants.scoping import of_tenant
from tenants.throttle import (
    LoginLimits,
    check_key_rate,
    check_login_allowed,
    clear_login_failures,
    record_login_failure,
)
from tenants.tokens import (
    TokenConfig,
    digest,
    issue_access_token,
    new_refresh_token,
    refresh_token_tenant,
    same_digest,
    split_api_key,
)
from tenants.validation import normalise_email

BAD_CREDENTIALS = "The tenant, email or password is incorrect."


@dataclass(frozen=True, slots=True)
class AuthConfig:
    tokens: TokenConfig
    refresh_ttl_seconds: int
    login: LoginLimits
    api_key_per_minute: int


@dataclass(frozen=True, slots=True)
class SignupResult:
    tenant: Tenant
    user: User
    role: Role
    tokens: TokenPair


async def _issue_pair(session: AsyncSession, config: AuthConfig, user: User, family_id: uuid.UUID) -> TokenPair:
    refresh = new_refresh_token(user.tenant_id)
    session.add(
        RefreshToken(
            tenant_id=user.tenant_id,
            user_id=user.id,
            family_id=family_id,
            token_hash=digest(refresh),
            expires_at=utcnow() + timedelta(seconds=config.refresh_ttl_seconds),
        )
    )
    return TokenPair(
        access_token=issue_access_token(config.tokens, user.id, user.tenant_id),
        refresh_token=refresh,
        expires_in=config.tokens.access_ttl_seconds,
    )


async def end_sessions(session: AsyncSession, tenant_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """Revoke every refresh token of the user (deactivation, a password reset): no session of
    theirs can be renewed; access tokens already issued run out within their short TTL."""
    await session.execute(
        update(RefreshToken)
        .where(of_tenant(tenant_id, RefreshToken), RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def signup(
    sessions: async_sessionmaker[AsyncSession], config: AuthConfig, data: SignupIn, meta: RequestMeta
) -> SignupResult:
    async with platform_session(sessions) as session:
        tenant, user, role = await create_tenant(session, data)
        pair = await _issue_pair(session, config, user, uuid7())
        audit.record(
            session,
            tenant_id=tenant.id,
            action="tenant.signup",
            meta=meta,
            actor_id=user.id,
            actor_label=user.email,
            target_type="tenant",
            target_id=tenant.id,
        )
        await session.flush()
        await session.refresh(tenant)
        await session.refresh(user)
    return SignupResult(tenant, user, role, pair)


async def _login_candidate(session: AsyncSession, slug: str, email: str) -> tuple[uuid.UUID | None, User | None]:
    """The active tenant of the slug and its user with this email, binding the transaction to it."""
    tenant = await tenant_by_slug(session, slug)
    if tenant is None or tenant.status != "active":
        return None, None
    await bind_tenant(session, TenantScope(tenant.id))
    user = (
        await session.execute(select(User).where(of_tenant(tenant.id, User), User.email == email))
    ).scalar_one_or_none()
    return tenant.id, user


async def login(
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    config: AuthConfig,
    data: LoginIn,
    meta: RequestMeta,
) -> TokenPair:
    """Same answer and the same work (one argon2 verification) for unknown tenant, unknown user,
    inactive user and wrong password. A failure is audited and counted, then answered 401."""
    email = data.email.strip().lower()
    signed_in: tuple[TokenPair, uuid.UUID] | None = None
    async with platform_session(sessions) as session:
        tenant_id, user = await _login_candidate(session, data.tenant_slug, email)
        await check_login_allowed(redis, config.login, tenant_id, email, meta.ip)
        password_ok = await verify_password(data.password, user.password_hash if user else None)
        if user is not None and password_ok and user.status == "active":
            user.last_login_at = utcnow()
            signed_in = (await _issue_pair(session, config, user, uuid7()), user.tenant_id)
            audit.record(
                session,
                tenant_id=user.tenant_id,
                action="auth.login",
                meta=meta,
                actor_id=user.id,
                actor_label=user.email,
                target_type="user",
                target_id=user.id,
            )
        elif tenant_id is not None:
            await record_login_failure(redis, config.login, tenant_id, email)
            audit.record(
                session,
                tenant_id=tenant_id,
                action="auth.login_failed",
                meta=meta,
                actor_id=user.id if user else None,
                actor_label=email,
                target_type="user",
                target_id=user.id if user else None,
            )
    if signed_in is None:
        raise Unauthenticated(BAD_CREDENTIALS, code="invalid_credentials")
    pair, tenant_of_user = signed_in
    await clear_login_failures(redis, tenant_of_user, email)
    return pair


async def refresh(
    sessions: async_sessionmaker[AsyncSession], config: AuthConfig, token: str, meta: RequestMeta
) -> TokenPair:
    """Rotate: the presented token is spent; presenting a spent one revokes its whole family."""
    tenant_id = refresh_token_tenant(token)
    reused = False
    async with tenant_session(sessions, TenantScope(tenant_id)) as session:
        row = (
            await session.execute(
                select(RefreshToken)
                .where(of_tenant(tenant_id, RefreshToken), RefreshToken.token_hash == digest(token))
                .with_for_update()
            )
        ).scalar_one_or_none()
        now = utcnow()
        if row is None or row.expires_at <= now:
            raise Unauthenticated("The refresh token is invalid or expired.", code="invalid_refresh_token")
        if row.used_at is not None or row.revoked_at is not None:
            reused = True
            await session.execute(
                update(RefreshToken)
                .where(
                    of_tenant(tenant_id, RefreshToken),
                    RefreshToken.family_id == row.family_id,
                    RefreshToken.revoked_at.is_(None),
                )
                .values(revoked_at=now)
            )
            audit.record(
                session,
                tenant_id=tenant_id,
                action="auth.refresh_reuse_detected",
                meta=meta,
                actor_id=row.user_id,
                target_type="user",
                target_id=row.user_id,
            )
        else:
            user = (
                await session.execute(select(User).where(of_tenant(tenant_id, User), User.id == row.user_id))
            ).scalar_one()
            if user.status != "active":
                raise Unauthenticated("The account is not active.", code="invalid_refresh_token")
            row.used_at = now
            pair = await _issue_pair(session, config, user, row.family_id)
    if reused:
        raise Unauthenticated(
            "The refresh token was already used; the session is revoked.", code="refresh_token_reused"
        )
    return pair


async def logout(sessions: async_sessionmaker[AsyncSession], token: str, meta: RequestMeta) -> None:
    """Revoke the family of the presented refresh token (unknown tokens are ignored)."""
    try:
        tenant_id = refresh_token_tenant(token)
    except Exception:
        return
    async with tenant_session(sessions, TenantScope(tenant_id)) as session:
        row = (
            await session.execute(
                select(RefreshToken).where(of_tenant(tenant_id, RefreshToken), RefreshToken.token_hash == digest(token))
            )
        ).scalar_one_or_none()
        if row is None:
            return
        await session.execute(
            update(RefreshToken)
            .where(
                of_tenant(tenant_id, RefreshToken),
                RefreshToken.family_id == row.family_id,
                RefreshToken.revoked_at.is_(None),
            )
            .values(revoked_at=utcnow())
        )
        audit.record(
            session,
            tenant_id=tenant_id,
            action="auth.logout",
            meta=meta,
            actor_id=row.user_id,
            target_type="user",
            target_id=row.user_id,
        )


async def accept_invite(
    sessions: async_sessionmaker[AsyncSession], config: AuthConfig, data: AcceptInvite, meta: RequestMeta
) -> TokenPair:
    """An invited user sets a password with the one-time invite token and is logged in."""
    if problem := password_problem(data.password):
        raise invalid("password", problem)
    # An address that does not parse names no invited user: the same 401 as any other mismatch.
    email = data.email.strip().lower()
    with suppress(ValueError):
        email = normalise_email(data.email)
    async with platform_session(sessions) as session:
        tenant = await tenant_by_slug(session, data.tenant_slug)
        if tenant is None:
            raise Unauthenticated("The invitation is invalid or expired.", code="invalid_invite")
        await bind_tenant(session, TenantScope(tenant.id))
        user = (
            await session.execute(select(User).where(of_tenant(tenant.id, User), User.email == email).with_for_update())
        ).scalar_one_or_none()
        now = utcnow()
        if (
            user is None
            or user.status != "invited"
            or not user.invite_token_hash
            or not same_digest(user.invite_token_hash, digest(data.invite_token))
            or (user.invite_expires_at is not None and user.invite_expires_at <= now)
        ):
            raise Unauthenticated("The invitation is invalid or expired.", code="invalid_invite")
        user.password_hash = await hash_password(data.password)
        user.status = "active"
        user.invite_token_hash = None
        user.invite_expires_at = None
        user.last_login_at = now
        pair = await _issue_pair(session, config, user, uuid7())
        audit.record(
            session,
            tenant_id=tenant.id,
            action="auth.invite_accepted",
            meta=meta,
            actor_id=user.id,
            actor_label=user.email,
            target_type="user",
            target_id=user.id,
        )
    return pair


# ---- principals ----


async def resolve_store_ids(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    kind: str,
    region_ids: list[uuid.UUID],
    store_ids: list[uuid.UUID],
) -> tuple[uuid.UUID, ...] | None:
    """Turn a user's scope into the store ids it covers (None = all stores)."""
    if kind == "all":
        return None
    stores = set(store_ids)
    if kind == "region" and region_ids:
        rows = await session.execute(
            select(Store.id).where(of_tenant(tenant_id, Store), Store.region_id.in_(region_ids))
        )
        stores.update(rows.scalars())
    if kind == "own" and not stores:
        return None
    return tuple(sorted(stores))


async def access_epoch(sessions: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> int:
    """The tenant's current access epoch (tenants.principal_cache checks cached principals by it)."""
    async with tenant_session(sessions, TenantScope(tenant_id)) as session:
        epoch = (await session.execute(select(Tenant.access_epoch).where(Tenant.id == tenant_id))).scalar_one_or_none()
    return epoch or 0


async def load_user_principal(session: AsyncSession, tenant_id: uuid.UUID, user_id: uuid.UUID) -> Principal | None:
    row = (
        await session.execute(
            select(User, Role.permissions, Tenant.access_epoch)
            .join(Role, (Role.tenant_id == User.tenant_id) & (Role.id == User.role_id))
            .join(Tenant, Tenant.id == User.tenant_id)
            .where(of_tenant(tenant_id, User), User.id == user_id)
        )
    ).one_or_none()
    if row is None or row[0].status != "active":
        return None
    user, permissions, epoch = row
    store_ids = await resolve_store_ids(
        session,
        tenant_id,
        user.scope_kind,
        list(user.scope_region_ids or []),
        list(user.scope_store_ids or []),
    )
    return Principal(
        kind="user",
        tenant_id=tenant_id,
        actor_id=user.id,
        label=user.email,
        permissions=frozenset(permissions),
        scope_kind=user.scope_kind,
        store_ids=store_ids,
        user_id=user.id,
        access_epoch=epoch,
    )


async def authenticate_api_key(
    sessions: async_sessionmaker[AsyncSession], redis: Redis, config: AuthConfig, key: str
) -> Principal:
    """Verify `crm_<keyid>_<secret>` inside its tenant; refresh last-used at most once a minute.

    A key verified in the last minute is served from the principal cache (secret and expiry are
    still checked against the cached hash), so a request costs no database round trip to learn
    its caller; revoking a key, or any change to access data, drops the cache.
    """
    key_id, secret = split_api_key(key)
    cached = await principal_cache.get_api_key(redis, key_id, partial(access_epoch, sessions))
    if (
        cached is not None
        and same_digest(cached.secret_hash, digest(secret))
        and (cached.expires_at is None or cached.expires_at > utcnow())
    ):
        await check_key_rate(redis, cached.principal.tenant_id, key_id, config.api_key_per_minute)
        return cached.principal
    async with platform_session(sessions) as session:
        tenant_id = (
            await session.execute(select(ApiKeyDirectory.tenant_id).where(ApiKeyDirectory.key_id == key_id))
        ).scalar_one_or_none()
    if tenant_id is None:
        raise Unauthenticated("The API key is invalid.", code="invalid_api_key")
    async with tenant_session(sessions, TenantScope(tenant_id)) as session:
        api_key = (
            await session.execute(select(ApiKey).where(of_tenant(tenant_id, ApiKey), ApiKey.key_id == key_id))
        ).scalar_one_or_none()
        now = utcnow()
        if (
            api_key is None
            or not same_digest(api_key.secret_hash, digest(secret))
            or api_key.revoked_at is not None
            or (api_key.expires_at is not None and api_key.expires_at <= now)
        ):
            raise Unauthenticated("The API key is invalid, revoked or expired.", code="invalid_api_key")
        if api_key.last_used_at is None or now - api_key.last_used_at > timedelta(seconds=60):
            api_key.last_used_at = now
        epoch = (await session.execute(select(Tenant.access_epoch).where(Tenant.id == tenant_id))).scalar_one()
        principal = Principal(
            kind="api_key",
            tenant_id=tenant_id,
            actor_id=api_key.id,
            label=f"api-key:{api_key.name}",
            permissions=frozenset(api_key.scopes),
            store_ids=tuple(api_key.store_ids) if api_key.store_ids is not None else None,
            scope_kind="all" if api_key.store_ids is None else "store",
            access_epoch=epoch,
        )
        secret_hash, expires_at = api_key.secret_hash, api_key.expires_at
    await principal_cache.put_api_key(redis, key_id, principal, secret_hash, expires_at)
    await check_key_rate(redis, tenant_id, key_id, config.api_key_per_minute)
    return principal


async def regions_exist(session: AsyncSession, tenant_id: uuid.UUID, ids: list[uuid.UUID]) -> bool:
    if not ids:
        return True
    found = await session.execute(select(Region.id).where(of_tenant(tenant_id, Region), Region.id.in_(ids)))
    return len(set(found.scalars())) == len(set(ids))


async def stores_exist(session: AsyncSession, tenant_id: uuid.UUID, ids: list[uuid.UUID]) -> bool:
    if not ids:
        return True
    found = await session.execute(select(Store.id).where(of_tenant(tenant_id, Store), Store.id.in_(ids)))
    return len(set(found.scalars())) == len(set(ids))
