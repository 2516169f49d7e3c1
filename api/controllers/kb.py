"""Knowledge-base articles for staff, and the tenant's public help pages (no login)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from api.deps import CtxDep
from api.params import Cursor, IfMatch, Limit, with_etag
from api.security import PERMISSION, PUBLIC, parse_if_match, resources
from domain.kb import actions, help_center, queries
from domain.kb.schemas import (
    Article,
    ArticleCreate,
    ArticleFilters,
    ArticleSummary,
    ArticleUpdate,
    PublicArticle,
    PublicKb,
)
from domain.kb.states import ArticleAction, ArticleStatus
from tenants.pagination import DEFAULT_LIMIT, Page

Query = Annotated[
    str | None,
    QueryParameter(max_length=100, description="Search: Chinese text, pinyin initials or an English word"),
]
TenantSlug = Annotated[str, PathParameter(max_length=60)]


class KbArticleController(Controller):
    path = "/api/v1/kb-articles"
    tags = ["Knowledge base"]

    @get(
        "/",
        operation_id="ListKbArticles",
        opt={PERMISSION: "kb:read"},
        summary="List and search articles, newest first (archived ones only with status=archived)",
    )
    async def list_articles(
        self,
        ctx: CtxDep,
        q: Query = None,
        status: FromQuery[ArticleStatus | None] = None,
        category: Annotated[str | None, QueryParameter(max_length=60)] = None,
        tag: Annotated[str | None, QueryParameter(max_length=40)] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[ArticleSummary]:
        filters = ArticleFilters(q=q, status=status, category=category, tag=tag)
        return await queries.list_articles(ctx, filters, limit, cursor)

    @post("/", operation_id="CreateKbArticle", status_code=HTTP_201_CREATED, opt={PERMISSION: "kb:manage"})
    async def create_article(self, ctx: CtxDep, data: JSONBody[ArticleCreate]) -> Response[Article]:
        return with_etag(await actions.create_article(ctx, data), HTTP_201_CREATED)

    @get("/{article_id:uuid}", operation_id="GetKbArticle", opt={PERMISSION: "kb:read"})
    async def get_article(self, ctx: CtxDep, article_id: FromPath[uuid.UUID]) -> Response[Article]:
        return with_etag(await queries.get_article(ctx, article_id))

    @patch(
        "/{article_id:uuid}",
        operation_id="UpdateKbArticle",
        opt={PERMISSION: "kb:manage"},
        summary="Change an article; send If-Match with the ETag to avoid lost updates (412 when stale)",
    )
    async def update_article(
        self, ctx: CtxDep, article_id: FromPath[uuid.UUID], data: JSONBody[ArticleUpdate], if_match: IfMatch = None
    ) -> Response[Article]:
        return with_etag(await actions.update_article(ctx, article_id, data, parse_if_match(if_match)))

    @post(
        "/{article_id:uuid}/publish",
        operation_id="PublishKbArticle",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "kb:manage"},
        summary="Publish a draft on the tenant's public help pages",
    )
    async def publish(
        self, ctx: CtxDep, article_id: FromPath[uuid.UUID], if_match: IfMatch = None
    ) -> Response[Article]:
        return with_etag(await actions.transition(ctx, article_id, ArticleAction.PUBLISH, parse_if_match(if_match)))

    @post(
        "/{article_id:uuid}/unpublish",
        operation_id="UnpublishKbArticle",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "kb:manage"},
        summary="Take a published article back to draft",
    )
    async def unpublish(
        self, ctx: CtxDep, article_id: FromPath[uuid.UUID], if_match: IfMatch = None
    ) -> Response[Article]:
        return with_etag(await actions.transition(ctx, article_id, ArticleAction.UNPUBLISH, parse_if_match(if_match)))

    @post(
        "/{article_id:uuid}/archive",
        operation_id="ArchiveKbArticle",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "kb:manage"},
        summary="Archive (soft-delete) an article: hidden from lists, search and the public pages",
    )
    async def archive(
        self, ctx: CtxDep, article_id: FromPath[uuid.UUID], if_match: IfMatch = None
    ) -> Response[Article]:
        return with_etag(await actions.transition(ctx, article_id, ArticleAction.ARCHIVE, parse_if_match(if_match)))

    @post(
        "/{article_id:uuid}/restore",
        operation_id="RestoreKbArticle",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "kb:manage"},
        summary="Bring an archived article back as a draft",
    )
    async def restore(
        self, ctx: CtxDep, article_id: FromPath[uuid.UUID], if_match: IfMatch = None
    ) -> Response[Article]:
        return with_etag(await actions.transition(ctx, article_id, ArticleAction.RESTORE, parse_if_match(if_match)))


class PublicKbController(Controller):
    path = "/api/v1/public/kb"
    tags = ["Public"]
    opt = {PUBLIC: True}

    @get(
        "/{tenant_slug:str}/articles",
        operation_id="ListPublicKbArticles",
        summary="A tenant's published help articles, newest first, with search (no login)",
    )
    async def list_articles(
        self,
        request: Request[Any, Any, Any],
        tenant_slug: TenantSlug,
        q: Query = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> PublicKb:
        return await help_center.list_published(resources(request).sessions, tenant_slug, q, limit, cursor)

    @get(
        "/{tenant_slug:str}/articles/{ref:str}",
        operation_id="GetPublicKbArticle",
        summary="One published article by its slug, number or id (no login)",
    )
    async def get_article(
        self,
        request: Request[Any, Any, Any],
        tenant_slug: TenantSlug,
        ref: Annotated[str, PathParameter(max_length=80)],
    ) -> PublicArticle:
        return await help_center.get_published(resources(request).sessions, tenant_slug, ref)
