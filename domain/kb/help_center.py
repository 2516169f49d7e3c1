"""The public help pages of a tenant (no login): published articles only.

The tenant is looked up by its slug in the platform registry (no tenant yet), then articles are
read inside that tenant's session, so row-level security still applies. An unknown or suspended
tenant, a draft, an archived article and a missing one all answer the same 404.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import InstrumentedAttribute

from domain.kb.mappers import public_article_out, public_summary_out
from domain.kb.models import Article as ArticleRow
from domain.kb.queries import search_filter
from domain.kb.schemas import PublicArticle, PublicKb
from domain.kb.states import ArticleStatus
from tenants.db import TenantScope, platform_session, tenant_session
from tenants.errors import NotFound
from tenants.models import Tenant
from tenants.pagination import keyset_page
from tenants.registry import tenant_by_slug
from tenants.scoping import of_tenant

MISSING_ARTICLE = "No such article."
# Nullable in the table, never null on a published row (CHECK constraint), which is all this lists.
PUBLISHED_AT = cast("InstrumentedAttribute[datetime]", ArticleRow.published_at)


async def _tenant(sessions: async_sessionmaker[AsyncSession], slug: str) -> Tenant:
    async with platform_session(sessions) as session:
        tenant = await tenant_by_slug(session, slug)
    if tenant is None or tenant.status != "active":
        raise NotFound(MISSING_ARTICLE)
    return tenant


async def list_published(
    sessions: async_sessionmaker[AsyncSession], slug: str, q: str | None, limit: int, cursor: str | None
) -> PublicKb:
    """Published articles, most recently published first, optionally searched."""
    tenant = await _tenant(sessions, slug)
    async with tenant_session(sessions, TenantScope(tenant.id)) as session:
        query = select(ArticleRow).where(
            of_tenant(tenant.id, ArticleRow), ArticleRow.status == ArticleStatus.PUBLISHED.value
        )
        rows, next_cursor = await keyset_page(
            session, search_filter(query, tenant.id, q), PUBLISHED_AT, ArticleRow.id, limit, cursor
        )
    return PublicKb(tenant_name=tenant.name, items=[public_summary_out(r) for r in rows], next_cursor=next_cursor)


def _ref_condition(ref: str) -> ColumnElement[bool]:
    """An article is addressed by its id, its number or its slug (a slug always has a letter)."""
    if ref.isdigit() and len(ref) <= 9:
        return ArticleRow.number == int(ref)
    try:
        return ArticleRow.id == uuid.UUID(ref)
    except ValueError:
        return ArticleRow.slug == ref


async def get_published(sessions: async_sessionmaker[AsyncSession], slug: str, ref: str) -> PublicArticle:
    tenant = await _tenant(sessions, slug)
    async with tenant_session(sessions, TenantScope(tenant.id)) as session:
        row = (
            await session.execute(
                select(ArticleRow).where(
                    of_tenant(tenant.id, ArticleRow),
                    ArticleRow.status == ArticleStatus.PUBLISHED.value,
                    _ref_condition(ref),
                )
            )
        ).scalar_one_or_none()
    if row is None:
        raise NotFound(MISSING_ARTICLE)
    return public_article_out(row, tenant.name)
