"""Repair: rebuild the stored members of every dynamic segment (or one) of a tenant, after the
RFM scores are computed again, each segment in its own transaction. What `python -m api
segments rebuild` runs; the result says what moved, so a repair that finds nothing to fix shows
zeros (incremental membership and the rebuild agree)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.kernel.recorder import system_ctx
from domain.marketing import rfm
from domain.marketing.membership import rebuild
from domain.marketing.models import Segment
from tenants.clock import utcnow
from tenants.db import TenantScope, tenant_session
from tenants.scoping import of_tenant

REPAIR = "segment repair"


@dataclass(frozen=True, slots=True)
class Repaired:
    segment_id: uuid.UUID
    name: str
    joined: int
    left: int
    members: int


async def rebuild_tenant(
    sessions: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, segment_id: uuid.UUID | None = None
) -> list[Repaired]:
    scope = TenantScope(tenant_id)
    async with tenant_session(sessions, scope) as session:
        await rfm.recompute(session, tenant_id, utcnow())
        query = select(Segment.id).where(of_tenant(tenant_id, Segment), Segment.kind == "dynamic").order_by(Segment.id)
        if segment_id is not None:
            query = query.where(Segment.id == segment_id)
        ids = list((await session.execute(query)).scalars())
    done = []
    for sid in ids:
        async with tenant_session(sessions, scope) as session:
            moved = await rebuild(system_ctx(session, tenant_id, REPAIR), sid)
            row = (
                await session.execute(select(Segment).where(of_tenant(tenant_id, Segment), Segment.id == sid))
            ).one()[0]
            done.append(Repaired(sid, row.name, moved.joined, moved.left, row.member_count))
    return done
