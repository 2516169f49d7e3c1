"""Gapless per-tenant sequence numbers (SO-2026-000001, INV-2026-000001, ...)."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tenants.zones import local_now

_NEXT = text(
    "INSERT INTO tenant_counters (tenant_id, name, period, value) VALUES (:tenant_id, :name, :period, 1) "
    "ON CONFLICT (tenant_id, name, period) DO UPDATE SET value = tenant_counters.value + 1 RETURNING value"
)


_TAKEN = text("SELECT EXISTS (SELECT 1 FROM tenant_counters WHERE tenant_id = :tenant_id AND name = :name)")


async def ever_taken(session: AsyncSession, tenant_id: uuid.UUID, name: str) -> bool:
    """Whether any number of the counter was ever committed (in any period). Counters carry no
    store, so this sees past the caller's store scope."""
    return bool((await session.execute(_TAKEN, {"tenant_id": tenant_id, "name": name})).scalar_one())


async def next_value(session: AsyncSession, tenant_id: uuid.UUID, name: str, period: str = "") -> int:
    """The next number of the counter. The row stays locked until the transaction ends, so
    concurrent takers queue and a rolled-back transaction gives its number back."""
    value = (await session.execute(_NEXT, {"tenant_id": tenant_id, "name": name, "period": period})).scalar_one()
    return int(value)


async def next_number(session: AsyncSession, tenant_id: uuid.UUID, prefix: str, period: str, width: int = 6) -> str:
    """`PREFIX-PERIOD-000042` (or `PREFIX-000042` without a period)."""
    value = await next_value(session, tenant_id, prefix, period)
    return f"{prefix}-{period}-{value:0{width}d}" if period else f"{prefix}-{value:0{width}d}"


async def yearly_number(session: AsyncSession, tenant_id: uuid.UUID, prefix: str) -> str:
    """`PREFIX-YYYY-NNNNNN`, the year of the tenant's local date. Take it last in the transaction:
    the counter row stays locked until commit, so the lock is held as briefly as possible."""
    year = (await local_now(session, tenant_id)).year
    return await next_number(session, tenant_id, prefix, str(year))
