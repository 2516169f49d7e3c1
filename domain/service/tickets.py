"""Tickets: create, read one (with timeline and SLA clocks), the queue, and edits.

Status changes live in transitions.py, comments in comments.py, the breach job in breaches.py.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import ColumnElement, and_, delete, or_, select, tuple_

from domain.customers.models import Customer
from domain.customers.services import get_customer
from domain.orders import repository as orders
from domain.orders.models import Order
from domain.orders.returns import RETURNABLE
from domain.service import assignment, clocks, repository
from domain.service import events as ticket_events
from domain.service.models import Ticket as TicketRow
from domain.service.models import TicketCategory, TicketSearchTerm
from domain.service.schemas import LinkedOrder, Ticket, TicketCreate, TicketFilters, TicketSummary, TicketUpdate
from domain.service.search import plan_ticket_search, ticket_terms
from domain.service.settings import Policy, load_policy
from domain.service.states import DONE, TicketStatus
from domain.service.views import summary_out, ticket_out
from domain.terms import matching_ids
from tenants import clock
from tenants.audit import diff
from tenants.context import Ctx
from tenants.counters import next_number
from tenants.errors import FieldError, Invalid, NotFound, invalid
from tenants.ids import uuid7
from tenants.models import Store, User
from tenants.pagination import Page, check_limit, decode_cursor, encode_cursor

_EDITABLE = ("subject", "description", "category_id", "priority", "tags")


async def write_terms(ctx: Ctx, ticket: TicketRow) -> None:
    await ctx.session.execute(
        delete(TicketSearchTerm).where(
            TicketSearchTerm.tenant_id == ctx.tenant_id, TicketSearchTerm.ticket_id == ticket.id
        )
    )
    ctx.session.add_all(
        TicketSearchTerm(tenant_id=ctx.tenant_id, term=term, ticket_id=ticket.id)
        for term in ticket_terms(ticket.number, ticket.subject)
    )


async def _category(ctx: Ctx, category_id: uuid.UUID) -> None:
    active = (
        await ctx.session.execute(
            select(TicketCategory.active).where(
                TicketCategory.tenant_id == ctx.tenant_id, TicketCategory.id == category_id
            )
        )
    ).scalar_one_or_none()
    if not active:
        raise invalid("category_id", "is not an active ticket category")


async def _order(ctx: Ctx, order_id: uuid.UUID | None) -> Order | None:
    """The order if the caller may see it (the order's own visibility rule)."""
    if order_id is None:
        return None
    try:
        return await orders.load_order(ctx, order_id)
    except NotFound:
        return None


async def _store_for(
    ctx: Ctx, data: TicketCreate, order: Order | None, home_store: uuid.UUID | None
) -> uuid.UUID | None:
    if data.store_id is not None:
        status = (
            await ctx.session.execute(
                select(Store.status).where(Store.tenant_id == ctx.tenant_id, Store.id == data.store_id)
            )
        ).scalar_one_or_none()
        if status != "active" or not ctx.actor.covers_store(data.store_id):
            raise invalid("store_id", "is not a store you can file tickets for")
        return data.store_id
    if order is not None:
        return order.store_id
    return home_store if ctx.actor.covers_store(home_store) else None


async def _check_create(ctx: Ctx, data: TicketCreate) -> tuple[Order | None, uuid.UUID | None]:
    errors: list[FieldError] = []
    home_store: uuid.UUID | None = None
    try:
        home_store = (await get_customer(ctx, data.customer_id)).home_store_id
    except NotFound:
        errors.append(FieldError("customer_id", "is not a customer you can see"))
    order = await _order(ctx, data.order_id)
    if data.order_id is not None and (order is None or order.customer_id != data.customer_id):
        errors.append(FieldError("order_id", "is not an order of this customer you can see"))
    if errors:
        raise Invalid(errors)
    if data.category_id is not None:
        await _category(ctx, data.category_id)
    store_id = await _store_for(ctx, data, order, home_store)
    if data.assignee_id is not None:
        if not ctx.actor.can("tickets:assign"):
            raise invalid("assignee_id", "needs the tickets:assign permission")
        await assignment.check_assignee(ctx, data.assignee_id, store_id)
    return order, store_id


async def create_ticket(ctx: Ctx, data: TicketCreate) -> Ticket:
    order, store_id = await _check_create(ctx, data)
    policy = await load_policy(ctx.session, ctx.tenant_id)
    now = clock.utcnow()
    ticket = TicketRow(
        tenant_id=ctx.tenant_id,
        id=uuid7(),
        subject=data.subject.strip(),
        description=data.description,
        customer_id=data.customer_id,
        order_id=order.id if order else None,
        store_id=store_id,
        channel="api" if ctx.actor.kind == "api_key" and data.channel == "staff" else data.channel,
        category_id=data.category_id,
        priority=data.priority,
        status=TicketStatus.NEW.value,
        assignee_id=data.assignee_id,
        tags=sorted(set(t.strip() for t in data.tags if t.strip())),
        created_by=ctx.actor.user_id,
        paused_minutes=0,
        first_response_breached=False,
        resolution_breached=False,
        escalation_level=0,
        csat_comment="",
        created_at=now,
        updated_at=now,
        version=0,
    )
    if ticket.assignee_id is None and policy.auto_assign:
        ticket.assignee_id = await assignment.round_robin(ctx.session, ctx.tenant_id, store_id)
    clocks.refresh(ticket, policy)
    ticket.number = await next_number(ctx.session, ctx.tenant_id, "TK", "")  # last: holds the counter lock
    ctx.session.add(ticket)
    await ctx.session.flush()
    await write_terms(ctx, ticket)
    ticket_events.record(
        ctx,
        ticket,
        "created",
        from_status="",
        data={"priority": ticket.priority, "channel": ticket.channel, "assignee_id": ticket.assignee_id},
    )
    await ctx.session.flush()
    return await detail(ctx, ticket, policy)


async def linked_order(ctx: Ctx, ticket: TicketRow) -> LinkedOrder | None:
    if ticket.order_id is None:
        return None
    row = (
        await ctx.session.execute(
            select(Order.id, Order.number, Order.status).where(
                Order.tenant_id == ctx.tenant_id, Order.id == ticket.order_id
            )
        )
    ).one_or_none()
    if row is None:  # outside the caller's store scope (RLS): show the link without details
        return None
    return LinkedOrder(id=row.id, number=row.number, status=row.status, returnable=row.status in RETURNABLE)


async def customer_name(ctx: Ctx, customer_id: uuid.UUID) -> str | None:
    return (
        await ctx.session.execute(
            select(Customer.name).where(Customer.tenant_id == ctx.tenant_id, Customer.id == customer_id)
        )
    ).scalar_one_or_none()


async def detail(ctx: Ctx, ticket: TicketRow, policy: Policy | None = None) -> Ticket:
    policy = policy or await load_policy(ctx.session, ctx.tenant_id)
    return ticket_out(
        ticket,
        customer_name=await customer_name(ctx, ticket.customer_id),
        assignee_name=await assignment.user_name(ctx.session, ctx.tenant_id, ticket.assignee_id),
        order=await linked_order(ctx, ticket),
        events=await repository.load_events(ctx, ticket),
        permissions=ctx.actor.permissions,
        policy=policy,
        now=clock.utcnow(),
    )


async def get_ticket(ctx: Ctx, ticket_id: uuid.UUID) -> Ticket:
    return await detail(ctx, await repository.load_ticket(ctx, ticket_id))


async def update_ticket(ctx: Ctx, ticket_id: uuid.UUID, data: TicketUpdate, if_match: int | None) -> Ticket:
    ticket = await repository.load_ticket(ctx, ticket_id, lock=True)
    repository.check_version(ticket, if_match)
    if isinstance(data.category_id, uuid.UUID):
        await _category(ctx, data.category_id)
    policy = await load_policy(ctx.session, ctx.tenant_id)
    before: dict[str, Any] = {f: getattr(ticket, f) for f in _EDITABLE}
    for name in _EDITABLE:
        value = getattr(data, name)
        if value is msgspec.UNSET:
            continue
        if name == "subject":
            value = value.strip()
        if name == "tags":
            value = sorted(set(t.strip() for t in value if t.strip()))
        setattr(ticket, name, value)
    changes = diff(before, {f: getattr(ticket, f) for f in _EDITABLE})
    if changes:
        if "priority" in changes:
            clocks.refresh(ticket, policy)
        if "subject" in changes:
            await write_terms(ctx, ticket)
        ticket_events.record(ctx, ticket, "updated", data=changes)
    return await detail(ctx, ticket, policy)


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
        select(TicketRow, Customer.name, User.name)
        .outerjoin(Customer, (Customer.tenant_id == TicketRow.tenant_id) & (Customer.id == TicketRow.customer_id))
        .outerjoin(User, (User.tenant_id == TicketRow.tenant_id) & (User.id == TicketRow.assignee_id))
        .where(repository.visible(ctx))
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


def _due_cursor(raw: list[Any]) -> ColumnElement[bool]:
    """Keyset after (next_due_at, id) in `due` order: due times ascending, undated last."""
    try:
        due = datetime.fromisoformat(str(raw[0])) if raw[0] is not None else None
        last_id = uuid.UUID(str(raw[1]))
    except (ValueError, IndexError, TypeError) as exc:
        raise invalid("cursor", "is not a cursor this API issued") from exc
    if due is None:
        return and_(TicketRow.next_due_at.is_(None), TicketRow.id > last_id)
    return or_(
        tuple_(TicketRow.next_due_at, TicketRow.id) > tuple_(due, last_id),
        TicketRow.next_due_at.is_(None),
    )


def _newest_cursor(raw: list[Any]) -> ColumnElement[bool]:
    try:
        bound = tuple_(datetime.fromisoformat(str(raw[0])), uuid.UUID(str(raw[1])))
    except (ValueError, IndexError, TypeError) as exc:
        raise invalid("cursor", "is not a cursor this API issued") from exc
    return tuple_(TicketRow.created_at, TicketRow.id) < bound


async def list_tickets(ctx: Ctx, filters: TicketFilters, limit: int, cursor: str | None) -> Page[TicketSummary]:
    """The queue: by SLA due (soonest first; paused and finished tickets last) or newest first."""
    limit = check_limit(limit)
    now = clock.utcnow()
    query = _filtered(ctx, filters, now)
    after = decode_cursor(cursor)
    if filters.sort == "newest":
        if after:
            query = query.where(_newest_cursor(after))
        query = query.order_by(TicketRow.created_at.desc(), TicketRow.id.desc())
    else:
        if after:
            query = query.where(_due_cursor(after))
        query = query.order_by(TicketRow.next_due_at.asc().nulls_last(), TicketRow.id)
    found = list((await ctx.session.execute(query.limit(limit + 1))).all())
    next_cursor = None
    if len(found) > limit:
        last: TicketRow = found[limit - 1][0]
        if filters.sort == "newest":
            next_cursor = encode_cursor([last.created_at.isoformat(), str(last.id)])
        else:
            next_cursor = encode_cursor([last.next_due_at.isoformat() if last.next_due_at else None, str(last.id)])
    return Page(items=[summary_out(r, c, a, now) for r, c, a in found[:limit]], next_cursor=next_cursor)
