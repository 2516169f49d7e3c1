"""Knowledge-base request and response schemas (requests reject unknown fields)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec

from domain.kb.states import ArticleAction, ArticleStatus
from tenants.schemas import Input

Title = Annotated[str, msgspec.Meta(max_length=200)]
Body = Annotated[str, msgspec.Meta(max_length=100_000)]
Category = Annotated[str, msgspec.Meta(max_length=60)]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
Tags = Annotated[list[Tag], msgspec.Meta(max_length=20)]
# Lowercase words joined by single hyphens, with at least one letter (so a slug never reads as a number).
Slug = Annotated[
    str, msgspec.Meta(min_length=2, max_length=80, pattern=r"^(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*$")
]


class Article(msgspec.Struct, kw_only=True):
    """An article as staff see it. `public_ref` is what the public page is addressed by (the slug,
    else the number); `allowed_actions` lists the lifecycle buttons the caller may press now."""

    id: uuid.UUID
    number: int
    slug: str | None
    public_ref: str
    title_zh: str
    title_en: str
    body_zh: str
    body_en: str
    category: str
    tags: list[str]
    status: ArticleStatus
    published_at: datetime | None
    archived_at: datetime | None
    created_by: uuid.UUID | None
    updated_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int
    allowed_actions: list[ArticleAction]


class ArticleSummary(msgspec.Struct, kw_only=True):
    """A list row: everything but the bodies."""

    id: uuid.UUID
    number: int
    slug: str | None
    public_ref: str
    title_zh: str
    title_en: str
    category: str
    tags: list[str]
    status: ArticleStatus
    published_at: datetime | None
    updated_at: datetime
    version: int


class ArticleCreate(Input):
    """At least one of `title_zh` / `title_en`; a body needs the title of its language."""

    title_zh: Title = ""
    title_en: Title = ""
    body_zh: Body = ""
    body_en: Body = ""
    category: Category = ""
    tags: Tags = msgspec.field(default_factory=list)
    slug: Slug | None = None


class ArticleUpdate(Input):
    title_zh: Title | msgspec.UnsetType = msgspec.UNSET
    title_en: Title | msgspec.UnsetType = msgspec.UNSET
    body_zh: Body | msgspec.UnsetType = msgspec.UNSET
    body_en: Body | msgspec.UnsetType = msgspec.UNSET
    category: Category | msgspec.UnsetType = msgspec.UNSET
    tags: Tags | msgspec.UnsetType = msgspec.UNSET
    slug: Slug | msgspec.UnsetType | None = msgspec.UNSET


class ArticleFilters(msgspec.Struct, kw_only=True):
    q: str | None = None
    status: ArticleStatus | None = None
    category: str | None = None
    tag: str | None = None


class PublicArticleSummary(msgspec.Struct, kw_only=True):
    """A published article in the public index: no staff ids, no internal fields."""

    number: int
    slug: str | None
    public_ref: str
    title_zh: str
    title_en: str
    category: str
    tags: list[str]
    published_at: datetime


class PublicArticle(msgspec.Struct, kw_only=True):
    tenant_name: str
    number: int
    slug: str | None
    public_ref: str
    title_zh: str
    title_en: str
    body_zh: str
    body_en: str
    category: str
    tags: list[str]
    published_at: datetime
    updated_at: datetime


class PublicKb(msgspec.Struct, kw_only=True):
    """The public index of one tenant: its display name and a page of published articles."""

    tenant_name: str
    items: list[PublicArticleSummary]
    next_cursor: str | None
