"""In-app notifications (the bell): how consumers put a notice in a user's inbox, and the inbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import msgspec
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.integrations.events import Event
from domain.integrations.models import Notification as NotificationRow
from tenants.context import Ctx
from tenants.errors import NotFound
from tenants.ids import uuid7
from tenants.pagination import Page, keyset_page
from tenants.scoping import of_tenant


class Notification(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    kind: str
    title: str
    body: str
    link: str
    event_id: uuid.UUID | None
    read_at: datetime | None
    created_at: datetime


class ReadAll(msgspec.Struct, kw_only=True):
    updated: int


def _out(row: NotificationRow) -> Notification:
    return Notification(
        id=row.id,
        kind=row.kind,
        title=row.title,
        body=row.body,
        link=row.link,
        event_id=row.event_id,
        read_at=row.read_at,
        created_at=row.created_at,
    )


def lang_of(locale: str | None) -> str:
    """The language of a user's notifications: zh for any Chinese locale, else en."""
    return "zh" if (locale or "").lower().startswith("zh") else "en"


@dataclass(frozen=True, slots=True)
class Notice:
    user_id: uuid.UUID
    title: str
    body: str = ""


async def notify_once(session: AsyncSession, event: Event, kind: str, link: str, notices: list[Notice]) -> None:
    """Put each notice in its user's bell, once per (event, user): a redelivered event adds nothing."""
    already = set(
        (
            await session.execute(
                select(NotificationRow.user_id).where(
                    of_tenant(event.tenant_id, NotificationRow), NotificationRow.event_id == event.id
                )
            )
        ).scalars()
    )
    for notice in notices:
        if notice.user_id in already:
            continue
        already.add(notice.user_id)
        session.add(
            NotificationRow(
                tenant_id=event.tenant_id,
                id=uuid7(),
                user_id=notice.user_id,
                kind=kind,
                title=notice.title,
                body=notice.body,
                link=link,
                event_id=event.id,
            )
        )
    await session.flush()


async def list_notifications(ctx: Ctx, unread: bool, limit: int, cursor: str | None) -> Page[Notification]:
    """The caller's own notifications, newest first."""
    user_id = ctx.staff_user_id
    query = select(NotificationRow).where(of_tenant(ctx.tenant_id, NotificationRow), NotificationRow.user_id == user_id)
    if unread:
        query = query.where(NotificationRow.read_at.is_(None))
    rows, next_cursor = await keyset_page(
        ctx.session, query, NotificationRow.created_at, NotificationRow.id, limit, cursor
    )
    return Page(items=[_out(r) for r in rows], next_cursor=next_cursor)


async def mark_read(ctx: Ctx, notification_id: uuid.UUID) -> Notification:
    """Mark one of the caller's notifications read (idempotent); another user's is not found."""
    user_id = ctx.staff_user_id
    row = (
        await ctx.session.execute(
            select(NotificationRow).where(
                of_tenant(ctx.tenant_id, NotificationRow),
                NotificationRow.id == notification_id,
                NotificationRow.user_id == user_id,
            )
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound("No such notification.")
    if row.read_at is None:
        row.read_at = datetime.now(UTC)
        await ctx.session.flush()
    return _out(row)


async def mark_all_read(ctx: Ctx) -> ReadAll:
    user_id = ctx.staff_user_id
    result = await ctx.session.execute(
        update(NotificationRow)
        .where(
            of_tenant(ctx.tenant_id, NotificationRow),
            NotificationRow.user_id == user_id,
            NotificationRow.read_at.is_(None),
        )
        .values(read_at=func.now())
    )
    return ReadAll(updated=int(getattr(result, "rowcount", 0) or 0))
