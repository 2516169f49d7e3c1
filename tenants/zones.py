"""The tenant's local time zone: where its days and years begin (document numbers, printed dates,
business hours)."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tenants.models import Tenant

DEFAULT_ZONE = "Asia/Shanghai"


def zone_of(name: str | None) -> ZoneInfo:
    """The zone a tenant's `timezone` column names (the default when empty)."""
    return ZoneInfo(name or DEFAULT_ZONE)


async def zone_name(session: AsyncSession, tenant_id: uuid.UUID) -> str:
    name = (await session.execute(select(Tenant.timezone).where(Tenant.id == tenant_id))).scalar_one_or_none()
    return name or DEFAULT_ZONE


async def tenant_zone(session: AsyncSession, tenant_id: uuid.UUID) -> ZoneInfo:
    return ZoneInfo(await zone_name(session, tenant_id))


async def local_now(session: AsyncSession, tenant_id: uuid.UUID) -> datetime:
    """Now, on the tenant's wall clock."""
    return datetime.now(await tenant_zone(session, tenant_id))
