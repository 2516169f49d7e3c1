"""The customer's timeline: one newest-first feed of everything that happened with her.

A read model (`TimelineEntry`, table customer_timeline). Nothing reads the orders or tickets to
build it: each aggregate that concerns a customer declares a projection (`moments(...)`) on its
AggregateKind, and the change recorder adds the entry in the same transaction as the change.
This context writes its own entries (profile changes, activities) the same way. So customers/
never imports orders/ or service/, and a page is one indexed query on
(tenant_id, customer_id, occurred_at, id).

A new kind of moment (a campaign touch, an opportunity) is one `moments(...)` on its aggregate
kind and one entry in `SUBJECTS`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, get_args

from sqlalchemy import Row, select

from domain.customers.models import TimelineEntry
from domain.customers.queries import get_customer
from domain.customers.schemas import TimelineItem, TimelineSubject
from domain.kernel.recorder import Change
from domain.kernel.timeline import readable
from tenants import scoping
from tenants.context import Ctx
from tenants.models import User, of_tenant
from tenants.pagination import Page, keyset_page

# What a moment can be about; the `kind` filter of the feed.
Subject = TimelineSubject
SUBJECTS: tuple[Subject, ...] = get_args(TimelineSubject)


def moments(
    subject: Subject,
    changes: frozenset[str],
    *,
    customer_of: Callable[[Any], uuid.UUID | None],
    store_of: Callable[[Any], uuid.UUID | None],
    label_of: Callable[[Any], str],
) -> Callable[[Any, Change], TimelineEntry | None]:
    """A projection for an AggregateKind: the `changes` of an aggregate that has a customer become
    entries `<subject>.<change>` on her timeline (other changes, and rows without a customer, none)."""

    def project(row: Any, change: Change) -> TimelineEntry | None:
        customer_id = customer_of(row)
        if customer_id is None or change.kind not in changes:
            return None
        return entry(row.tenant_id, customer_id, subject, row.id, change, store_id=store_of(row), label=label_of(row))

    return project


def entry(
    tenant_id: uuid.UUID,
    customer_id: uuid.UUID,
    subject: Subject,
    subject_id: uuid.UUID,
    change: Change,
    *,
    store_id: uuid.UUID | None = None,
    label: str = "",
) -> TimelineEntry:
    return TimelineEntry(
        tenant_id=tenant_id,
        customer_id=customer_id,
        store_id=store_id,
        occurred_at=change.at,
        subject_type=subject,
        subject_id=subject_id,
        subject_label=label,
        kind=f"{subject}.{change.kind}",
        from_status=change.from_status,
        to_status=change.to_status,
        actor_type=change.actor.type,
        actor_id=change.actor.id,
        actor_label=change.actor.label,
        note=change.note,
        data=change.data,
        created_at=change.at,
    )


async def list_timeline(
    ctx: Ctx, customer_id: uuid.UUID, subject: Subject | None, limit: int, cursor: str | None
) -> Page[TimelineItem]:
    """Her timeline as the caller may see it: 404 when she is out of the caller's sight; entries
    of another store's orders and tickets left out for a store-scoped caller."""
    await get_customer(ctx, customer_id)
    actor_name = (
        select(User.name)
        .where(of_tenant(ctx.tenant_id, User), User.id == TimelineEntry.actor_id)
        .scalar_subquery()
        .label("actor_name")
    )
    query = select(*TimelineEntry.__table__.columns, actor_name).where(
        scoping.visible(ctx, TimelineEntry), TimelineEntry.customer_id == customer_id
    )
    if subject is not None:
        query = query.where(TimelineEntry.subject_type == subject)
    rows, next_cursor = await keyset_page(
        ctx.session, query, TimelineEntry.occurred_at, TimelineEntry.id, limit, cursor, scope=ctx.actor.scope
    )
    items = [_item(row) for row in rows]
    return Page(items=readable(items, ctx.meta.lang), next_cursor=next_cursor)


def _item(row: Row[Any]) -> TimelineItem:
    return TimelineItem(
        id=row.id,
        kind=row.kind,
        occurred_at=row.occurred_at,
        store_id=row.store_id,
        subject_type=row.subject_type,  # written only from Subject
        subject_id=row.subject_id,
        subject_label=row.subject_label,
        from_status=row.from_status,
        to_status=row.to_status,
        actor_type=row.actor_type,
        actor_id=row.actor_id,
        actor_label=row.actor_label,
        actor_name=row.actor_name,
        note=row.note,
        data=row.data,
    )
