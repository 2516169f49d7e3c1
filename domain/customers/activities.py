"""Activities staff log about a customer: a call, a visit, a message, a note.

Each one is a row of its own and a moment on her timeline (kind `activity.<kind>`), kept equal:
changing the activity changes its moment, removing it removes both. Only its author may change
or remove it, and only for ACTIVITY_EDIT_WINDOW after logging it; every step is audited on the
customer (what was said stays in the audit log after a removal).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import msgspec
from sqlalchemy import delete, select

from domain.customers.models import Activity as ActivityRow
from domain.customers.models import Customer as CustomerRow
from domain.customers.models import TimelineEntry
from domain.customers.schemas import Activity, ActivityCreate, ActivityUpdate
from domain.customers.timeline import entry
from domain.kernel.recorder import Change, actor_of, plain
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.errors import Conflict, Forbidden, NotFound, check_version
from tenants.scoping import load_visible, of_tenant

ACTIVITY_EDIT_WINDOW = timedelta(hours=24)


def _out(row: ActivityRow) -> Activity:
    return Activity(
        id=row.id,
        customer_id=row.customer_id,
        kind=row.kind,  # type: ignore[arg-type]  # the column's CHECK holds it to ActivityKind
        body=row.body,
        occurred_at=row.occurred_at,
        author_id=row.author_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
        editable_until=row.created_at + ACTIVITY_EDIT_WINDOW,
    )


def _facts(row: ActivityRow, **changes: object) -> dict[str, Any]:
    """What the customer's audit entry says of the activity."""
    facts: dict[str, Any] = plain({"activity_id": row.id, **changes})
    return facts


async def log_activity(ctx: Ctx, customer_id: uuid.UUID, data: ActivityCreate) -> Activity:
    customer = await load_visible(ctx, CustomerRow, customer_id)
    now = utcnow()
    row = ActivityRow(
        tenant_id=ctx.tenant_id,
        customer_id=customer.id,
        kind=data.kind,
        body=data.body,
        occurred_at=data.occurred_at or now,
        author_id=ctx.actor.user_id,
        created_at=now,
        updated_at=now,
    )
    ctx.session.add(row)
    await ctx.session.flush()
    moment = Change(data.kind, "", "", actor_of(ctx.actor), data.body, None, row.occurred_at)
    ctx.session.add(entry(ctx.tenant_id, customer.id, "activity", row.id, moment))
    ctx.audit(
        "customer.activity_logged",
        "customer",
        row.customer_id,
        _facts(row, kind=row.kind, body=row.body, occurred_at=row.occurred_at),
    )
    return _out(row)


async def _activity(ctx: Ctx, customer_id: uuid.UUID, activity_id: uuid.UUID, lock: bool = False) -> ActivityRow:
    """An activity on a customer the caller may see (404 for either out of sight)."""
    await load_visible(ctx, CustomerRow, customer_id)
    query = select(ActivityRow).where(
        of_tenant(ctx.tenant_id, ActivityRow), ActivityRow.customer_id == customer_id, ActivityRow.id == activity_id
    )
    row = (await ctx.session.execute(query.with_for_update() if lock else query)).scalar_one_or_none()
    if row is None:
        raise NotFound("No such activity.")
    return row


async def _own_activity(ctx: Ctx, customer_id: uuid.UUID, activity_id: uuid.UUID) -> ActivityRow:
    """The caller's activity on a customer she may see, locked, still inside its edit window."""
    row = await _activity(ctx, customer_id, activity_id, lock=True)
    if row.author_id is None or row.author_id != ctx.actor.user_id:
        raise Forbidden("Only its author can change or remove an activity.", code="not_activity_author")
    if utcnow() > row.created_at + ACTIVITY_EDIT_WINDOW:
        raise Conflict(
            "An activity can be changed or removed only within 24 hours of logging it.", code="activity_locked"
        )
    return row


async def update_activity(
    ctx: Ctx, customer_id: uuid.UUID, activity_id: uuid.UUID, data: ActivityUpdate, if_match: int | None
) -> Activity:
    row = await _own_activity(ctx, customer_id, activity_id)
    check_version("activity", row.version, if_match)
    values = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
    changes = {k: {"from": getattr(row, k), "to": v} for k, v in values.items() if getattr(row, k) != v}
    if not changes:
        return _out(row)
    for key, value in values.items():
        setattr(row, key, value)
    row.version += 1
    row.updated_at = utcnow()
    moment = (
        await ctx.session.execute(
            select(TimelineEntry).where(
                of_tenant(ctx.tenant_id, TimelineEntry),
                TimelineEntry.subject_type == "activity",
                TimelineEntry.subject_id == row.id,
            )
        )
    ).scalar_one()
    moment.kind, moment.note, moment.occurred_at = f"activity.{row.kind}", row.body, row.occurred_at
    ctx.audit("customer.activity_changed", "customer", row.customer_id, _facts(row, **changes))
    return _out(row)


async def remove_activity(ctx: Ctx, customer_id: uuid.UUID, activity_id: uuid.UUID) -> None:
    row = await _own_activity(ctx, customer_id, activity_id)
    await ctx.session.execute(
        delete(TimelineEntry).where(
            of_tenant(ctx.tenant_id, TimelineEntry),
            TimelineEntry.subject_type == "activity",
            TimelineEntry.subject_id == row.id,
        )
    )
    ctx.audit(
        "customer.activity_removed",
        "customer",
        row.customer_id,
        _facts(row, kind=row.kind, body=row.body, occurred_at=row.occurred_at),
    )
    await ctx.session.delete(row)


async def get_activity(ctx: Ctx, customer_id: uuid.UUID, activity_id: uuid.UUID) -> Activity:
    return _out(await _activity(ctx, customer_id, activity_id))
