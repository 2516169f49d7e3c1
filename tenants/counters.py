"""Gapless per-tenant sequence numbers (SO-2026-000001, INV-2026-000001, ...)."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_NEXT = text(
    "INSERT INTO tenant_counters (tenant_id, name, period, value) VALUES (:tenant_id, :name, :period, 1) "
    "ON CONFLICT (tenant_id, name, period) DO UPDATE SET value = tenant_counters.value + 1 RETURNING value"
)


async def next_value(session: AsyncSession, tenant_id: uuid.UUID, name: str, period: str = "") -> int:
    """The next number of the counter. The row stays locked until the transaction ends, so
    concurrent takers queue and a rolled-back transaction gives its number back."""
    value = (await session.execute(_NEXT, {"tenant_id": tenant_id, "name": name, "period": period})).scalar_one()
    return int(value)


async def next_number(session: AsyncSession, tenant_id: uuid.UUID, prefix: str, period: str, width: int = 6) -> str:
    """`PREFIX-PERIOD-000042` (or `PREFIX-000042` without a period)."""
    value = await next_value(session, tenant_id, prefix, period)
    return f"{prefix}-{period}-{value:0{width}d}" if period else f"{prefix}-{value:0{width}d}"
