"""Reading knowledge-base articles for staff: one article and the searchable keyset list.

Articles belong to the whole chain (no store scope)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, func, or_, select

from domain.kb.mappers import article_out, summary_out
from domain.kb.models import Article as ArticleRow
from domain.kb.models import ArticleTerm
from domain.kb.schemas import Article, ArticleFilters, ArticleSummary
from domain.kb.search import plan_article_search, tag_key
from domain.kb.states import ArticleStatus
from domain.terms import matching_ids
from tenants.context import Ctx
from tenants.pagination import Page, keyset_page
from tenants.scoping import load_visible, of_tenant, scoped


async def get_article(ctx: Ctx, article_id: uuid.UUID) -> Article:
    return article_out(await load_visible(ctx, ArticleRow, article_id), ctx.actor.permissions)


def search_filter(query: Select[Any], tenant_id: uuid.UUID, q: str | None) -> Select[Any]:
    """Narrow `query` (over ArticleRow) to articles matching `q` through the term table."""
    if not q:
        return query
    plan = plan_article_search(q)
    ids = matching_ids(ArticleTerm.tenant_id, ArticleTerm.term, ArticleTerm.article_id, tenant_id, plan)
    if ids is None:
        return query
    query = query.where(ArticleRow.id.in_(ids))
    if plan.contains:
        text = plan.contains
        query = query.where(
            or_(
                ArticleRow.title_zh.contains(text, autoescape=True),
                ArticleRow.title_en.contains(text, autoescape=True),
                ArticleRow.body_zh.contains(text, autoescape=True),
                ArticleRow.body_en.contains(text, autoescape=True),
                func.array_to_string(ArticleRow.tags, " ").contains(text, autoescape=True),
            )
        )
    return query


async def list_articles(ctx: Ctx, filters: ArticleFilters, limit: int, cursor: str | None) -> Page[ArticleSummary]:
    """Newest first. Without a status filter, archived articles are left out (soft delete)."""
    query = search_filter(scoped(ctx, ArticleRow), ctx.tenant_id, filters.q)
    if filters.status:
        query = query.where(ArticleRow.status == filters.status)
    else:
        query = query.where(ArticleRow.status != ArticleStatus.ARCHIVED.value)
    if filters.category:
        query = query.where(ArticleRow.category == filters.category.strip())
    if filters.tag:
        tagged = select(ArticleTerm.article_id).where(
            of_tenant(ctx.tenant_id, ArticleTerm), ArticleTerm.term == tag_key(filters.tag)
        )
        query = query.where(ArticleRow.id.in_(tagged))
    rows, next_cursor = await keyset_page(ctx.session, query, ArticleRow.created_at, ArticleRow.id, limit, cursor)
    return Page(items=[summary_out(r) for r in rows], next_cursor=next_cursor)
