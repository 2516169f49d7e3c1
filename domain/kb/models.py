"""Knowledge-base articles and their search terms."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    ARRAY,
    CheckConstraint,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.schema import PrimaryKeyConstraint

from tenants.audit_targets import register_target
from tenants.models import Base, TenantScoped, tenant_fk
from tenants.scoping import Rule, register


class Article(TenantScoped, Base):
    """One article; each language (zh/en) has a title and a Markdown body, at least one title is
    set. `number` is gapless per tenant; `slug` is optional; both address the public page."""

    __tablename__ = "kb_articles"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        Index(
            "uq_kb_articles_tenant_id_slug", "tenant_id", "slug", unique=True, postgresql_where=text("slug IS NOT NULL")
        ),
        tenant_fk(["created_by"], "users"),
        tenant_fk(["updated_by"], "users"),
        Index("ix_kb_articles_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index("ix_kb_articles_tenant_id_status_published_at_id", "tenant_id", "status", "published_at", "id"),
        Index("ix_kb_articles_tenant_id_created_by", "tenant_id", "created_by"),
        Index("ix_kb_articles_tenant_id_updated_by", "tenant_id", "updated_by"),
        CheckConstraint("title_zh <> '' OR title_en <> ''", name="has_title"),
        CheckConstraint("status IN ('draft', 'published', 'archived')", name="known_status"),
        CheckConstraint("status <> 'published' OR published_at IS NOT NULL", name="published_has_time"),
    )
    number: Mapped[int] = mapped_column(Integer)
    slug: Mapped[str | None] = mapped_column(String(80), nullable=True)
    title_zh: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    body_zh: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(60), default="")
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(default=1)


class ArticleTerm(Base):
    """One searchable term of an article (title n-grams and pinyin, tags, capped body terms),
    matched by `=` or a prefix range on (tenant_id, term): index-usable under RLS."""

    __tablename__ = "kb_article_terms"
    __table_args__ = (
        PrimaryKeyConstraint("tenant_id", "term", "article_id"),
        tenant_fk(["article_id"], "kb_articles", ondelete="CASCADE"),
        Index("ix_kb_article_terms_tenant_id_article_id", "tenant_id", "article_id"),
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    term: Mapped[str] = mapped_column(String(120, collation="C"))
    article_id: Mapped[uuid.UUID] = mapped_column(Uuid)


# Articles belong to the whole chain (no store scope).
register(Article, Rule("No such article."))
register_target(
    "kb_article",
    Article,
    lambda: func.coalesce(func.nullif(Article.title_zh, ""), Article.title_en),
    label_en=lambda: func.coalesce(func.nullif(Article.title_en, ""), Article.title_zh),
)
