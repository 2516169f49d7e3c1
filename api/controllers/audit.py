"""The audit log (read-only)."""

from __future__ import annotations

import uuid

from litestar import Controller, get
from litestar.params import FromQuery

from api.deps import CtxDep
from api.params import Cursor, Limit, Moment
from api.security import PERMISSION
from tenants import audit_log
from tenants.pagination import DEFAULT_LIMIT, Page
from tenants.schemas import AuditEntryOut


class AuditController(Controller):
    path = "/api/v1/audit-log"
    tags = ["Audit"]

    @get(
        "/",
        operation_id="ListAuditEntries",
        opt={PERMISSION: "audit:read"},
        summary="Audit entries, newest first",
    )
    async def list_entries(
        self,
        ctx: CtxDep,
        action: FromQuery[str | None] = None,
        actor_id: FromQuery[uuid.UUID | None] = None,
        target_type: FromQuery[str | None] = None,
        target_id: FromQuery[str | None] = None,
        since: Moment = None,
        until: Moment = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[AuditEntryOut]:
        return await audit_log.list_entries(
            ctx,
            action=action,
            actor_id=actor_id,
            target_type=target_type,
            target_id=target_id,
            since=since,
            until=until,
            limit=limit,
            cursor=cursor,
        )
