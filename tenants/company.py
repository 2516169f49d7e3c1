"""The company settings of a tenant: name, logo, time zone, currency and default language.

The tenant row is platform-level (the login lookup reads it before any tenant is set); the logo
is a tenant table of its own so that reading the tenant never drags the image along. The logo is
public by nature (it is printed on every invoice): it is served without a login at a URL that
carries the tenant's slug (public already, like its help pages) and a digest of the image, so a
changed logo is a new URL and an old one can be cached for good.

The currency is refused once the tenant has orders: amounts are stored without converting them,
so a new currency would relabel every past amount (the caller passes `has_orders`, which only
the orders context can answer).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import uuid
from typing import cast
from zoneinfo import available_timezones

import msgspec
from babel.numbers import list_currencies
from PIL import Image as PILImage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tenants.audit import diff
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.db import TenantScope, platform_session, tenant_session
from tenants.errors import FieldError, Invalid, NotFound
from tenants.figures import Figure
from tenants.models import Tenant, TenantLogo
from tenants.registry import tenant_by_slug
from tenants.schemas import CompanySettings, CompanySettingsUpdate, Locale

MAX_LOGO_BYTES = 256 * 1024
MAX_LOGO_SIDE = 2048
NO_LOGO = "No such logo."
LOGO_PATH = "/api/v1/public/logos/{slug}"
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
_ZONES = frozenset(available_timezones())
_CURRENCIES = frozenset(list_currencies())


async def currency_of(session: AsyncSession, tenant_id: uuid.UUID) -> str:
    """The tenant's currency: of its prices, and of every order it captures from now on."""
    return (await session.execute(select(Tenant.currency).where(Tenant.id == tenant_id))).scalar_one()


async def tenant_language(session: AsyncSession, tenant_id: uuid.UUID) -> str:
    """The language the tenant writes in by default ("zh-CN" or "en"), for messages to customers
    who chose none."""
    locale = (await session.execute(select(Tenant.locale).where(Tenant.id == tenant_id))).scalar_one()
    return "zh-CN" if str(locale).lower().startswith("zh") else "en"


def currency_figure(tenant_id: uuid.UUID) -> Figure[str]:
    """The tenant's currency, as one figure of a page read together (tenants.figures)."""
    return Figure(select(Tenant.currency).where(Tenant.id == tenant_id), lambda row: str(row.currency))


def logo_url(slug: str, digest: str | None) -> str | None:
    return None if digest is None else f"{LOGO_PATH.format(slug=slug)}?v={digest[:16]}"


async def _tenant(ctx: Ctx, *, lock: bool = False) -> Tenant:
    query = select(Tenant).where(Tenant.id == ctx.tenant_id)
    return (await ctx.session.execute(query.with_for_update() if lock else query)).scalar_one()


async def _logo(session: AsyncSession, tenant_id: uuid.UUID) -> TenantLogo | None:
    query = select(TenantLogo).where(TenantLogo.tenant_id == tenant_id)
    return (await session.execute(query)).scalar_one_or_none()


async def logo_digest(session: AsyncSession, tenant_id: uuid.UUID) -> str | None:
    query = select(TenantLogo.digest).where(TenantLogo.tenant_id == tenant_id)
    return (await session.execute(query)).scalar_one_or_none()


async def logo_image(session: AsyncSession, tenant_id: uuid.UUID) -> tuple[bytes, str] | None:
    """The logo's bytes and media type, for documents (the session is the tenant's)."""
    row = await _logo(session, tenant_id)
    return None if row is None else (row.data, row.content_type)


async def public_logo(sessions: async_sessionmaker[AsyncSession], slug: str) -> tuple[bytes, str, str]:
    """(bytes, media type, digest) of an active tenant's logo; no tenant or no logo is one 404."""
    async with platform_session(sessions) as session:
        tenant = await tenant_by_slug(session, slug)
    if tenant is None or tenant.status != "active":
        raise NotFound(NO_LOGO)
    async with tenant_session(sessions, TenantScope(tenant.id)) as session:
        row = await _logo(session, tenant.id)
        if row is None:
            raise NotFound(NO_LOGO)
        return row.data, row.content_type, row.digest


def _out(tenant: Tenant, digest: str | None, currency_changeable: bool) -> CompanySettings:
    return CompanySettings(
        name=tenant.name,
        timezone=tenant.timezone,
        currency=tenant.currency,
        locale=cast(Locale, tenant.locale),
        logo_url=logo_url(tenant.slug, digest),
        currency_changeable=currency_changeable,
    )


async def get_company(ctx: Ctx, *, has_orders: bool) -> CompanySettings:
    return _out(await _tenant(ctx), await logo_digest(ctx.session, ctx.tenant_id), not has_orders)


def decode_logo(encoded: str) -> tuple[bytes, str]:
    """The uploaded logo (base64) as bytes and its media type, told from its first bytes."""
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid([FieldError("logo", "must be a base64-encoded PNG or JPEG file")]) from None
    if len(data) > MAX_LOGO_BYTES:
        raise Invalid([FieldError("logo", "must be at most 256 KB")])
    media_type = next((m for signature, m in _SIGNATURES if data.startswith(signature)), None)
    if media_type is None:
        raise Invalid([FieldError("logo", "must be a PNG or JPEG image")])
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            size = image.size
            image.verify()  # a truncated or corrupt file would fail on the invoice later
    except Exception:
        raise Invalid([FieldError("logo", "is not a readable PNG or JPEG image")]) from None
    # A small file can still unpack to gigabytes of pixels (the PDF renderer decodes it).
    if max(size) > MAX_LOGO_SIDE:
        raise Invalid([FieldError("logo", f"must be at most {MAX_LOGO_SIDE}×{MAX_LOGO_SIDE} pixels")])
    return data, media_type


def _validated(data: CompanySettingsUpdate, tenant: Tenant, *, has_orders: bool) -> None:
    errors: list[FieldError] = []
    if isinstance(data.name, str) and not data.name.strip():
        errors.append(FieldError("name", "must not be blank"))
    if isinstance(data.timezone, str) and data.timezone not in _ZONES:
        errors.append(FieldError("timezone", "must be an IANA time zone such as Asia/Shanghai"))
    if isinstance(data.currency, str):
        if data.currency not in _CURRENCIES:
            errors.append(FieldError("currency", "must be an ISO 4217 currency code such as CNY"))
        elif has_orders and data.currency != tenant.currency:
            # Orders, payments, returns and invoices store amounts without converting them:
            # switching the currency would relabel every past amount.
            errors.append(
                FieldError("currency", "cannot change once orders exist: their amounts are in the current currency")
            )
    if errors:
        raise Invalid(errors)


async def update_company(ctx: Ctx, data: CompanySettingsUpdate, *, has_orders: bool) -> CompanySettings:
    """Apply the fields sent; one audit entry lists what changed (the logo by its digest)."""
    tenant = await _tenant(ctx, lock=True)
    _validated(data, tenant, has_orders=has_orders)
    logo = None if data.logo is msgspec.UNSET or data.logo is None else decode_logo(data.logo)
    row = await _logo(ctx.session, ctx.tenant_id)
    before = _snapshot(tenant, row.digest if row else None)
    for field in ("name", "timezone", "currency", "locale"):
        value = getattr(data, field)
        if value is not msgspec.UNSET:
            setattr(tenant, field, value)
    if logo is not None:
        content, media_type = logo
        digest = hashlib.sha256(content).hexdigest()
        if row is None:
            row = TenantLogo(tenant_id=ctx.tenant_id, content_type=media_type, data=content, digest=digest)
            ctx.session.add(row)
        else:
            row.content_type, row.data, row.digest = media_type, content, digest
        row.updated_at = utcnow()
    elif data.logo is None and row is not None:
        await ctx.session.delete(row)
        row = None
    await ctx.session.flush()
    changes = diff(before, _snapshot(tenant, row.digest if row else None))
    if changes:
        ctx.audit("tenant.updated", "tenant", tenant.id, changes)
    return _out(tenant, row.digest if row else None, not has_orders)


def _snapshot(tenant: Tenant, digest: str | None) -> dict[str, str | None]:
    return {
        "name": tenant.name,
        "timezone": tenant.timezone,
        "currency": tenant.currency,
        "locale": tenant.locale,
        "logo": digest,
    }
