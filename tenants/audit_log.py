"""Reading the audit log: entries newest first, with the people and records they point at named."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select

from tenants.audit_targets import is_named, resolve
from tenants.context import Ctx
from tenants.mappers import audit_out
from tenants.models import AuditEntry, of_tenant
from tenants.pagination import Page, keyset_page
from tenants.schemas import AuditEntryOut

# Principal kinds that are records with a name (users, API keys); "anonymous" and "system" are not.
_NAMED_ACTORS = frozenset({"user", "api_key"})


async def list_entries(
    ctx: Ctx,
    *,
    action: str | None,
    actor_id: uuid.UUID | None,
    target_type: str | None,
    target_id: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    cursor: str | None,
) -> Page[AuditEntryOut]:
    """Newest first, keyset on (at, id); the page's people and records named in one more query."""
    query = select(AuditEntry).where(of_tenant(ctx.tenant_id, AuditEntry))
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    if actor_id:
        query = query.where(AuditEntry.actor_id == actor_id)
    if target_type:
        query = query.where(AuditEntry.target_type == target_type)
    if target_id:
        query = query.where(AuditEntry.target_id == target_id)
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    rows, next_cursor = await keyset_page(ctx.session, query, AuditEntry.at, AuditEntry.id, limit, cursor)
    actors = {(r.actor_type, str(r.actor_id)) for r in rows if r.actor_id and r.actor_type in _NAMED_ACTORS}
    names = await resolve(ctx, actors | {(r.target_type, r.target_id) for r in rows})
    return Page(
        items=[
            audit_out(
                r,
                names.get((r.actor_type, str(r.actor_id))),
                names.get((r.target_type, r.target_id)),
                named=is_named(r.target_type),
            )
            for r in rows
        ],
        next_cursor=next_cursor,
    )
