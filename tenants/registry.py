"""Tenant registry: slug rules, signup (tenant + default roles + owner), lookup by slug."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tenants.db import TenantScope, bind_tenant
from tenants.errors import Conflict, FieldError, Invalid, invalid
from tenants.models import Role, Tenant, User
from tenants.passwords import hash_password, password_problem
from tenants.permissions import DEFAULT_ROLES, default_role_text
from tenants.schemas import SignupIn
from tenants.validation import normalise_email

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$")
RESERVED_SLUGS = frozenset(
    [
        "admin",
        "administrator",
        "api",
        "app",
        "apps",
        "assets",
        "auth",
        "billing",
        "blog",
        "cdn",
        "dashboard",
        "docs",
        "help",
        "login",
        "logout",
        "mail",
        "public",
        "root",
        "schema",
        "signup",
        "static",
        "status",
        "support",
        "system",
        "www",
        "health",
        "ready",
    ]
)


def slug_problem(slug: str) -> str | None:
    if not SLUG_PATTERN.match(slug) or "--" in slug:
        return "must be 3–40 lowercase letters, digits or single hyphens, not starting or ending with a hyphen"
    if slug in RESERVED_SLUGS:
        return "is reserved"
    return None


def validate_signup(data: SignupIn) -> str:
    """Check the signup body; return the normalised owner email."""
    errors: list[FieldError] = []
    if problem := slug_problem(data.tenant_slug):
        errors.append(FieldError("tenant_slug", problem))
    if problem := password_problem(data.owner_password):
        errors.append(FieldError("owner_password", problem))
    email = ""
    try:
        email = normalise_email(data.owner_email)
    except ValueError as exc:
        errors.append(FieldError("owner_email", str(exc)))
    if not data.tenant_name.strip():
        errors.append(FieldError("tenant_name", "must not be blank"))
    if not data.owner_name.strip():
        errors.append(FieldError("owner_name", "must not be blank"))
    if errors:
        raise Invalid(errors)
    return email


async def tenant_by_slug(session: AsyncSession, slug: str) -> Tenant | None:
    return (await session.execute(select(Tenant).where(Tenant.slug == slug))).scalar_one_or_none()


async def create_default_roles(session: AsyncSession, tenant_id: uuid.UUID, locale: str) -> dict[str, Role]:
    roles = {}
    for key, (perms, _) in DEFAULT_ROLES.items():
        name, description = default_role_text(key, locale)
        roles[key] = Role(
            tenant_id=tenant_id, key=key, name=name, description=description, permissions=sorted(perms), is_system=True
        )
    session.add_all(roles.values())
    return roles


async def create_tenant(session: AsyncSession, data: SignupIn) -> tuple[Tenant, User, Role]:
    """Create the tenant, bind the transaction to it, then its default roles and owner user."""
    email = validate_signup(data)
    if await tenant_by_slug(session, data.tenant_slug):
        raise Conflict("This tenant slug is already taken.", code="slug_taken")
    tenant = Tenant(slug=data.tenant_slug, name=data.tenant_name.strip())
    session.add(tenant)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict("This tenant slug is already taken.", code="slug_taken") from exc
    await bind_tenant(session, TenantScope(tenant.id))
    roles = await create_default_roles(session, tenant.id, tenant.locale)
    await session.flush()
    owner = User(
        tenant_id=tenant.id,
        email=email,
        name=data.owner_name.strip(),
        password_hash=await hash_password(data.owner_password),
        role_id=roles["owner"].id,
        status="active",
        locale=tenant.locale,
        scope_kind="all",
        scope_region_ids=[],
        scope_store_ids=[],
    )
    session.add(owner)
    await session.flush()
    return tenant, owner, roles["owner"]


def require_slug(slug: str) -> None:
    if problem := slug_problem(slug):
        raise invalid("tenant_slug", problem)
