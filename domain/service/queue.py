"""The ticket queue: filters (status, priority, assignee, store, SLA state, breach flags, search)
and keyset pages, ordered by the SLA due time (soonest first; paused and finished tickets last)
or newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select

from domain.customers import public as customers
from domain.service.mappers import summary_out
from domain.service.models import Ticket as TicketRow
from domain.service.models import TicketSearchTerm
from domain.service.schemas import TicketFilters, TicketSummary
from domain.service.search import plan_ticket_search
from domain.service.states import DONE, TicketStatus
from domain.terms import matching_ids
from tenants import clock
from tenants.context import Ctx
from tenants.models import User
from tenants.pagination import Page, keyset_page
from tenants.scoping import visible


def _sla_condition(state: str, now: datetime) -> ColumnElement[bool]:
    breached = or_(
        TicketRow.first_response_breached.is_(True),
        TicketRow.resolution_breached.is_(True),
        and_(TicketRow.next_due_at.is_not(None), TicketRow.next_due_at <= now),
    )
    if state == "breached":
        return breached
    running = TicketRow.status.in_([TicketStatus.NEW.value, TicketStatus.OPEN.value])
    if state == "at_risk":
        return and_(~breached, running, TicketRow.next_risk_at.is_not(None), TicketRow.next_risk_at <= now)
    if state == "ok":
        return and_(~breached, running, or_(TicketRow.next_risk_at.is_(None), TicketRow.next_risk_at > now))
    if state == "paused":
        return and_(~breached, TicketRow.status == TicketStatus.PENDING.value)
    return and_(~breached, TicketRow.status.in_([s.value for s in DONE]))


def _filtered(ctx: Ctx, filters: TicketFilters, now: datetime) -> Any:
    query = (
        select(TicketRow, User.name)
        .outerjoin(User, (User.tenant_id == TicketRow.tenant_id) & (User.id == TicketRow.assignee_id))
        .where(visible(ctx, TicketRow))
    )
    if filters.status:
        query = query.where(TicketRow.status == filters.status)
    if filters.open_only:
        query = query.where(TicketRow.status.not_in([s.value for s in DONE]))
    if filters.priority:
        query = query.where(TicketRow.priority == filters.priority)
    if filters.unassigned:
        query = query.where(TicketRow.assignee_id.is_(None))
    elif filters.assignee_id:
        query = query.where(TicketRow.assignee_id == filters.assignee_id)
    if filters.store_id:
        query = query.where(TicketRow.store_id == filters.store_id)
    if filters.customer_id:
        query = query.where(TicketRow.customer_id == filters.customer_id)
    if filters.order_id:
        query = query.where(TicketRow.order_id == filters.order_id)
    if filters.sla_state:
        query = query.where(_sla_condition(filters.sla_state, now))
    if filters.breached is not None:
        flagged = or_(TicketRow.first_response_breached.is_(True), TicketRow.resolution_breached.is_(True))
        query = query.where(flagged if filters.breached else ~flagged)
    if filters.q:
        plan = plan_ticket_search(filters.q)
        ids = matching_ids(
            TicketSearchTerm.tenant_id, TicketSearchTerm.term, TicketSearchTerm.ticket_id, ctx.tenant_id, plan
        )
        if ids is not None:
            query = query.where(TicketRow.id.in_(ids))
            if plan.contains:
                query = query.where(TicketRow.subject.contains(plan.contains, autoescape=True))
    return query


async def list_tickets(ctx: Ctx, filters: TicketFilters, limit: int, cursor: str | None) -> Page[TicketSummary]:
    """The queue: by SLA due (soonest first; paused and finished tickets last) or newest first."""
    now = clock.utcnow()
    query = _filtered(ctx, filters, now)
    if filters.sort == "newest":
        page = keyset_page(ctx.session, query, TicketRow.created_at, TicketRow.id, limit, cursor, scalars=False)
    else:  # soonest due first, tickets without a running clock last
        due = TicketRow.next_due_at
        page = keyset_page(
            ctx.session, query, due, TicketRow.id, limit, cursor, descending=False, nulls_last=True, scalars=False
        )
    rows, next_cursor = await page
    labels = await customers.labels_of(ctx, {r.customer_id for r, _ in rows})
    return Page(items=[summary_out(r, labels.get(r.customer_id), a, now) for r, a in rows], next_cursor=next_cursor)
