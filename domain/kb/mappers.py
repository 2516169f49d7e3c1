"""Article rows → response schemas."""

from __future__ import annotations

from domain.kb.models import Article as ArticleRow
from domain.kb.schemas import Article, ArticleSummary, PublicArticle, PublicArticleSummary
from domain.kb.states import LIFECYCLE, ArticleStatus


def public_ref(row: ArticleRow) -> str:
    """How the public page addresses the article: its slug, else its number."""
    return row.slug or str(row.number)


def article_out(row: ArticleRow, permissions: frozenset[str] | None = None) -> Article:
    return Article(
        id=row.id,
        number=row.number,
        slug=row.slug,
        public_ref=public_ref(row),
        title_zh=row.title_zh,
        title_en=row.title_en,
        body_zh=row.body_zh,
        body_en=row.body_en,
        category=row.category,
        tags=list(row.tags),
        status=ArticleStatus(row.status),
        published_at=row.published_at,
        archived_at=row.archived_at,
        created_by=row.created_by,
        updated_by=row.updated_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
        allowed_actions=LIFECYCLE.allowed_actions(row.status, permissions=permissions),
    )


def summary_out(row: ArticleRow) -> ArticleSummary:
    return ArticleSummary(
        id=row.id,
        number=row.number,
        slug=row.slug,
        public_ref=public_ref(row),
        title_zh=row.title_zh,
        title_en=row.title_en,
        category=row.category,
        tags=list(row.tags),
        status=ArticleStatus(row.status),
        published_at=row.published_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def public_summary_out(row: ArticleRow) -> PublicArticleSummary:
    return PublicArticleSummary(
        number=row.number,
        slug=row.slug,
        public_ref=public_ref(row),
        title_zh=row.title_zh,
        title_en=row.title_en,
        category=row.category,
        tags=list(row.tags),
        # A CHECK constraint guarantees published_at on published rows; the fallback is for mypy.
        published_at=row.published_at or row.updated_at,
    )


def public_article_out(row: ArticleRow, tenant_name: str) -> PublicArticle:
    return PublicArticle(
        tenant_name=tenant_name,
        number=row.number,
        slug=row.slug,
        public_ref=public_ref(row),
        title_zh=row.title_zh,
        title_en=row.title_en,
        body_zh=row.body_zh,
        body_en=row.body_en,
        category=row.category,
        tags=list(row.tags),
        published_at=row.published_at or row.updated_at,
        updated_at=row.updated_at,
    )
