"""Knowledge-base writes for staff: write, publish, unpublish, archive, restore.

Every lifecycle change locks the row, checks the lifecycle table and goes through the change
recorder (version, audit, outbox event) in the caller's transaction."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kb.errors import NotPublishable
from domain.kb.events import ARTICLE, ARTICLE_CHANGES
from domain.kb.mappers import article_out
from domain.kb.models import Article as ArticleRow
from domain.kb.models import ArticleTerm
from domain.kb.schemas import Article, ArticleCreate, ArticleUpdate
from domain.kb.search import article_terms
from domain.kb.states import LIFECYCLE, ArticleAction, ArticleStatus
from domain.kernel.recorder import record
from tenants.audit import diff
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.counters import next_value
from tenants.errors import Conflict, FieldError, Invalid, check_version
from tenants.scoping import load_visible, of_tenant, visible
from tenants.unique import flush_or_conflict

COUNTER = "KB"


_TRACKED = ("title_zh", "title_en", "body_zh", "body_en", "category", "tags", "slug")


_SEARCHED = {"title_zh", "title_en", "body_zh", "body_en", "tags"}


_SLUG_TAKEN = ("slug_taken", "Another article already uses this slug.")


def _values(data: msgspec.Struct) -> dict[str, Any]:
    return {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}


def normalise(values: dict[str, Any], current: ArticleRow | None) -> dict[str, Any]:
    """Trim texts, clean tags (trimmed, no blanks, no case-insensitive duplicates) and check that a
    title exists and that each body has the title of its language; 422 listing every problem."""
    out = dict(values)
    errors: list[FieldError] = []
    for key in ("title_zh", "title_en", "category"):
        if key in out:
            out[key] = out[key].strip()
    if "tags" in out:
        tags: list[str] = []
        for tag in out["tags"]:
            clean = " ".join(tag.split())
            if not clean:
                errors.append(FieldError("tags", "must not contain blank tags"))
                break
            if clean.lower() not in {t.lower() for t in tags}:
                tags.append(clean)
        out["tags"] = tags
    merged = {
        k: out.get(k, getattr(current, k) if current else "") for k in ("title_zh", "title_en", "body_zh", "body_en")
    }
    if not merged["title_zh"] and not merged["title_en"]:
        errors.append(FieldError("title_zh", "a Chinese or an English title is required"))
    for lang in ("zh", "en"):
        if merged[f"body_{lang}"].strip() and not merged[f"title_{lang}"]:
            errors.append(FieldError(f"title_{lang}", "is required when the body of this language is given"))
    if errors:
        raise Invalid(errors)
    return out


async def _check_slug(ctx: Ctx, slug: str | None, exclude: uuid.UUID | None) -> None:
    if not slug:
        return
    query = select(ArticleRow.id).where(visible(ctx, ArticleRow), ArticleRow.slug == slug)
    if exclude is not None:
        query = query.where(ArticleRow.id != exclude)
    if (await ctx.session.execute(query)).scalar_one_or_none() is not None:
        raise Conflict(_SLUG_TAKEN[1], code=_SLUG_TAKEN[0])


async def write_terms(session: AsyncSession, row: ArticleRow) -> None:
    await session.execute(
        delete(ArticleTerm).where(of_tenant(row.tenant_id, ArticleTerm), ArticleTerm.article_id == row.id)
    )
    terms = article_terms(row.title_zh, row.title_en, list(row.tags), row.body_zh, row.body_en)
    if terms:
        await session.execute(
            insert(ArticleTerm),
            [{"tenant_id": row.tenant_id, "term": t, "article_id": row.id} for t in sorted(terms)],
        )


def _snapshot(row: ArticleRow) -> dict[str, Any]:
    return {f: list(getattr(row, f)) if f == "tags" else getattr(row, f) for f in _TRACKED}


def _check_version(row: ArticleRow, if_match: int | None) -> None:
    check_version("article", row.version, if_match)


async def create_article(ctx: Ctx, data: ArticleCreate) -> Article:
    values = normalise(_values(data), None)
    await _check_slug(ctx, values.get("slug"), None)
    row = ArticleRow(
        tenant_id=ctx.tenant_id,
        number=await next_value(ctx.session, ctx.tenant_id, COUNTER),
        status=ArticleStatus.DRAFT.value,
        created_by=ctx.actor.user_id,
        updated_by=ctx.actor.user_id,
        version=0,  # the recorder makes the new article version 1
        **values,
    )
    ctx.session.add(row)
    await flush_or_conflict(ctx.session, _SLUG_TAKEN)
    await write_terms(ctx.session, row)
    await ctx.session.refresh(row)
    record(ctx, ARTICLE, row, "created", data=diff({}, _snapshot(row)))
    return article_out(row, ctx.actor.permissions)


async def update_article(ctx: Ctx, article_id: uuid.UUID, data: ArticleUpdate, if_match: int | None) -> Article:
    row = await load_visible(ctx, ArticleRow, article_id, lock=True)
    _check_version(row, if_match)
    LIFECYCLE.ensure_allowed(ArticleAction.EDIT, row.status)
    values = normalise(_values(data), row)
    if "slug" in values:
        await _check_slug(ctx, values["slug"], row.id)
    before = _snapshot(row)
    for key, value in values.items():
        setattr(row, key, value)
    changes = diff(before, _snapshot(row))
    if changes:
        row.updated_by = ctx.actor.user_id
        record(ctx, ARTICLE, row, "updated", data=changes)
        await flush_or_conflict(ctx.session, _SLUG_TAKEN)
        if _SEARCHED & set(changes):
            await write_terms(ctx.session, row)
    return article_out(row, ctx.actor.permissions)


async def transition(ctx: Ctx, article_id: uuid.UUID, action: ArticleAction, if_match: int | None) -> Article:
    """Publish, unpublish, archive or restore (409 `invalid_transition` from the wrong status)."""
    row = await load_visible(ctx, ArticleRow, article_id, lock=True)
    _check_version(row, if_match)
    target = LIFECYCLE.advance(action, row.status)
    if action is ArticleAction.PUBLISH and not any(
        getattr(row, f"title_{lang}") and getattr(row, f"body_{lang}").strip() for lang in ("zh", "en")
    ):
        raise NotPublishable("Write the title and the body of at least one language before publishing.")
    now = utcnow()
    before = row.status
    row.status = target.value
    if action is ArticleAction.PUBLISH:
        row.published_at = now
    elif action is ArticleAction.ARCHIVE:
        row.archived_at = now
    elif action is ArticleAction.RESTORE:
        row.archived_at = None
        row.published_at = None
    elif action is ArticleAction.UNPUBLISH:
        row.published_at = None
    row.updated_by = ctx.actor.user_id
    change, topic = ARTICLE_CHANGES[action]
    record(ctx, ARTICLE, row, change, topic=topic, from_status=before)
    await ctx.session.flush()
    return article_out(row, ctx.actor.permissions)
