"""The signed-in user's in-app notifications (the bell): own rows only."""

from __future__ import annotations

import uuid

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery
from litestar.status_codes import HTTP_200_OK

from api.deps import CtxDep
from api.params import Cursor, Limit
from api.security import AUTHENTICATED, STAFF_ONLY
from domain.integrations import notifications
from domain.integrations.notifications import Notification, ReadAll
from tenants.pagination import DEFAULT_LIMIT, Page


class NotificationController(Controller):
    path = "/api/v1/notifications"
    tags = ["Notifications"]
    opt = {AUTHENTICATED: True, STAFF_ONLY: "Notifications belong to staff users; API keys have none."}

    @get("/", operation_id="ListNotifications", summary="My notifications, newest first (unread=true: unread only)")
    async def list_notifications(
        self,
        ctx: CtxDep,
        unread: FromQuery[bool] = False,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[Notification]:
        return await notifications.list_notifications(ctx, unread, limit, cursor)

    @post(
        "/{notification_id:uuid}/read",
        operation_id="MarkNotificationRead",
        status_code=HTTP_200_OK,
        summary="Mark one of my notifications read",
    )
    async def mark_read(self, ctx: CtxDep, notification_id: FromPath[uuid.UUID]) -> Notification:
        return await notifications.mark_read(ctx, notification_id)

    @post("/read-all", operation_id="MarkAllNotificationsRead", status_code=HTTP_200_OK, summary="Mark all mine read")
    async def mark_all_read(self, ctx: CtxDep) -> ReadAll:
        return await notifications.mark_all_read(ctx)
