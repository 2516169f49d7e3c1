"""Tickets: create, read one (with timeline and SLA clocks), and edits; the queue is queue.py.

Status changes live in transitions.py, comments in comments.py, the breach job in breaches.py.
"""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from sqlalchemy import delete, select

from domain.customers import public as customers
from domain.kernel.recorder import record
from domain.kernel.timeline import readable
from domain.orders.public import OrderRef, order_ref
from domain.service import assignment, clocks, queries
from domain.service import events as ticket_events
from domain.service.events import TICKET
from domain.service.mappers import ticket_out
from domain.service.models import Ticket as TicketRow
from domain.service.models import TicketCategory, TicketSearchTerm
from domain.service.schemas import LinkedOrder, Ticket, TicketCreate, TicketUpdate
from domain.service.search import ticket_terms
from domain.service.settings import Policy, load_policy
from domain.service.states import TicketStatus
from tenants import clock
from tenants.audit import diff
from tenants.context import Ctx
from tenants.counters import next_number
from tenants.errors import FieldError, Invalid, NotFound, invalid
from tenants.ids import uuid7
from tenants.scoping import load_visible, of_tenant, visible
from tenants.stores import usable_store
from tenants.users import names_of_users

_EDITABLE = ("subject", "description", "category_id", "priority", "tags")


async def write_terms(ctx: Ctx, ticket: TicketRow) -> None:
    await ctx.session.execute(
        delete(TicketSearchTerm).where(
            of_tenant(ctx.tenant_id, TicketSearchTerm), TicketSearchTerm.ticket_id == ticket.id
        )
    )
    ctx.session.add_all(
        TicketSearchTerm(tenant_id=ctx.tenant_id, term=term, ticket_id=ticket.id)
        for term in ticket_terms(ticket.number, ticket.subject)
    )


async def _category(ctx: Ctx, category_id: uuid.UUID) -> None:
    active = (
        await ctx.session.execute(
            select(TicketCategory.active).where(visible(ctx, TicketCategory), TicketCategory.id == category_id)
        )
    ).scalar_one_or_none()
    if not active:
        raise invalid("category_id", "is not an active ticket category")


async def _order(ctx: Ctx, order_id: uuid.UUID | None) -> OrderRef | None:
    """The order if the caller may see it (the order's own visibility rule)."""
    return await order_ref(ctx, order_id) if order_id is not None else None


async def _store_for(
    ctx: Ctx, data: TicketCreate, order: OrderRef | None, home_store: uuid.UUID | None
) -> uuid.UUID | None:
    if data.store_id is not None:
        return await usable_store(ctx, data.store_id, "store_id", "is not a store you can file tickets for")
    if order is not None:
        return order.store_id
    return home_store if ctx.actor.covers_store(home_store) else None


async def _check_create(ctx: Ctx, data: TicketCreate) -> tuple[OrderRef | None, uuid.UUID | None]:
    errors: list[FieldError] = []
    home_store: uuid.UUID | None = None
    try:
        home_store = (await customers.hold_customer(ctx, data.customer_id)).home_store_id
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
    record(
        ctx,
        TICKET,
        ticket,
        "created",
        topic=ticket_events.TICKET_CREATED,
        from_status="",
        data={"priority": ticket.priority, "channel": ticket.channel, "assignee_id": ticket.assignee_id},
    )
    await ctx.session.flush()
    return await detail(ctx, ticket, policy)


async def linked_order(ctx: Ctx, ticket: TicketRow) -> LinkedOrder | None:
    if ticket.order_id is None:
        return None
    order = await order_ref(ctx, ticket.order_id)
    if order is None:  # outside the caller's scope: the ticket shows the link without details
        return None
    return LinkedOrder(id=order.id, number=order.number, status=order.status, returnable=order.returnable)


async def detail(ctx: Ctx, ticket: TicketRow, policy: Policy | None = None) -> Ticket:
    policy = policy or await load_policy(ctx.session, ctx.tenant_id)
    events = await queries.load_events(ctx, ticket)
    page = ticket_out(
        ticket,
        customer=(await customers.labels_of(ctx, {ticket.customer_id})).get(ticket.customer_id),
        assignee_name=await assignment.user_name(ctx.session, ctx.tenant_id, ticket.assignee_id),
        order=await linked_order(ctx, ticket),
        events=events,
        actor_names=await names_of_users(ctx, {e.actor_id for e in events}),
        permissions=ctx.actor.permissions,
        policy=policy,
        now=clock.utcnow(),
    )
    return msgspec.structs.replace(page, events=readable(page.events, ctx.meta.lang))


async def get_ticket(ctx: Ctx, ticket_id: uuid.UUID) -> Ticket:
    return await detail(ctx, await load_visible(ctx, TicketRow, ticket_id))


async def update_ticket(ctx: Ctx, ticket_id: uuid.UUID, data: TicketUpdate, if_match: int | None) -> Ticket:
    ticket = await load_visible(ctx, TicketRow, ticket_id, lock=True)
    queries.check_version(ticket, if_match)
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
        record(
            ctx, TICKET, ticket, "updated", topic=ticket_events.TICKET_UPDATED, data=changes, event={"changes": changes}
        )
    return await detail(ctx, ticket, policy)
