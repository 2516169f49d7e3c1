"""In-app notifications (the bell): the approval-request consumer and the staff user's inbox."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import msgspec
from sqlalchemy import any_, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.integrations.events import Event
from domain.integrations.models import Notification as NotificationRow
from tenants.auth import load_user_principal
from tenants.context import Ctx
from tenants.errors import Forbidden, NotFound
from tenants.ids import uuid7
from tenants.models import Role, User
from tenants.pagination import Page, newest_first

APPROVE = "orders:approve"
AWAITING_APPROVAL = "order.awaiting_approval"
_TITLES = {
    "zh": "订单 {number} 待审批",
    "en": "Order {number} awaits approval",
}
_BODIES = {
    "zh": "订单 {number}（金额 {total}）需要审批。",
    "en": "Order {number} (total {total}) needs your approval.",
}


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


def _lang(locale: str) -> str:
    return "zh" if locale.lower().startswith("zh") else "en"


class ApprovalRequests:
    """Consumer: on `order.submitted` needing approval, notify every active user who may approve
    orders of that store. Idempotent by (event id, user id)."""

    name = "notifications"
    transactional = True

    async def handle(self, session: AsyncSession, event: Event) -> None:
        if event.topic != "order.submitted" or not event.payload.get("requires_approval"):
            return
        candidates = (
            await session.execute(
                select(User.id, User.locale)
                .join(Role, (Role.tenant_id == User.tenant_id) & (Role.id == User.role_id))
                .where(
                    User.tenant_id == event.tenant_id,
                    User.status == "active",
                    literal(APPROVE) == any_(Role.permissions),
                )
            )
        ).all()
        already = set(
            (
                await session.execute(
                    select(NotificationRow.user_id).where(
                        NotificationRow.tenant_id == event.tenant_id, NotificationRow.event_id == event.id
                    )
                )
            ).scalars()
        )
        number = str(event.payload.get("number", ""))
        total = str(event.payload.get("total", ""))
        for user_id, locale in candidates:
            if user_id in already:
                continue
            principal = await load_user_principal(session, event.tenant_id, user_id)
            if principal is None or not principal.can(APPROVE) or not principal.covers_store(event.store):
                continue
            lang = _lang(locale or "")
            session.add(
                NotificationRow(
                    tenant_id=event.tenant_id,
                    id=uuid7(),
                    user_id=user_id,
                    kind=AWAITING_APPROVAL,
                    title=_TITLES[lang].format(number=number),
                    body=_BODIES[lang].format(number=number, total=total),
                    link=f"/orders/{event.aggregate_id}",
                    event_id=event.id,
                )
            )
        await session.flush()


def _owner(ctx: Ctx) -> uuid.UUID:
    if ctx.actor.user_id is None:
        raise Forbidden("Notifications belong to staff users; API keys have none.", code="not_a_user")
    return ctx.actor.user_id


async def list_notifications(ctx: Ctx, unread: bool, limit: int, cursor: str | None) -> Page[Notification]:
    """The caller's own notifications, newest first."""
    user_id = _owner(ctx)
    query = select(NotificationRow).where(
        NotificationRow.tenant_id == ctx.tenant_id, NotificationRow.user_id == user_id
    )
    if unread:
        query = query.where(NotificationRow.read_at.is_(None))
    rows, next_cursor = await newest_first(
        ctx.session, query, NotificationRow.created_at, NotificationRow.id, limit, cursor
    )
    return Page(items=[_out(r) for r in rows], next_cursor=next_cursor)


async def mark_read(ctx: Ctx, notification_id: uuid.UUID) -> Notification:
    """Mark one of the caller's notifications read (idempotent); another user's is not found."""
    user_id = _owner(ctx)
    row = (
        await ctx.session.execute(
            select(NotificationRow).where(
                NotificationRow.tenant_id == ctx.tenant_id,
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
    user_id = _owner(ctx)
    result = await ctx.session.execute(
        update(NotificationRow)
        .where(
            NotificationRow.tenant_id == ctx.tenant_id,
            NotificationRow.user_id == user_id,
            NotificationRow.read_at.is_(None),
        )
        .values(read_at=func.now())
    )
    return ReadAll(updated=int(getattr(result, "rowcount", 0) or 0))
