"""Ticket comments: public replies (the customer sees them; the first one stops the
first-response clock) and internal notes."""

from __future__ import annotations

import uuid

from domain.kernel.errors import InvalidTransition
from domain.kernel.recorder import record
from domain.service import breaches, clocks, queries
from domain.service import events as ticket_events
from domain.service.events import TICKET
from domain.service.mappers import comment_out
from domain.service.models import Ticket as TicketRow
from domain.service.models import TicketComment
from domain.service.schemas import Comment, CommentIn
from domain.service.settings import load_policy
from domain.service.states import TicketStatus
from tenants import clock
from tenants.context import Ctx
from tenants.ids import uuid7
from tenants.scoping import load_visible
from tenants.users import names_of_users


async def list_comments(ctx: Ctx, ticket_id: uuid.UUID) -> list[Comment]:
    ticket = await load_visible(ctx, TicketRow, ticket_id)
    comments = await queries.load_comments(ctx, ticket)
    names = await names_of_users(ctx, {c.author_id for c in comments if c.author_type == "user"})
    return [comment_out(c, names) for c in comments]


async def add_comment(ctx: Ctx, ticket_id: uuid.UUID, data: CommentIn) -> Comment:
    """A public reply on a new ticket opens it; the first public reply is the ticket's first
    response (late → the first-response breach is recorded)."""
    ticket = await load_visible(ctx, TicketRow, ticket_id, lock=True)
    if ticket.status == TicketStatus.CLOSED:
        raise InvalidTransition("ticket", "comment on", ticket.status)
    policy = await load_policy(ctx.session, ctx.tenant_id)
    now = clock.utcnow()
    comment = TicketComment(
        tenant_id=ctx.tenant_id,
        id=uuid7(),
        ticket_id=ticket.id,
        public=data.public,
        body=data.body,
        author_type=ctx.actor.kind,
        author_id=ctx.actor.user_id,
        author_label=ctx.actor.label,
        created_at=now,
    )
    ctx.session.add(comment)
    if data.public and ticket.first_response_at is None:
        await breaches.settle(ctx, ticket, now, only="first_response")
        ticket.first_response_minutes = clocks.elapsed(ticket, policy, now)
        ticket.first_response_at = now
    before = ticket.status
    if data.public and ticket.status == TicketStatus.NEW:
        ticket.status = TicketStatus.OPEN.value
    clocks.refresh(ticket, policy)
    record(
        ctx,
        TICKET,
        ticket,
        "replied" if data.public else "noted",
        topic=ticket_events.TICKET_REPLIED if data.public else ticket_events.TICKET_NOTED,
        from_status=before if ticket.status != before else None,
        data={"comment_id": comment.id, "public": data.public},
    )
    await ctx.session.flush()
    return comment_out(comment, await names_of_users(ctx, [comment.author_id] if comment.author_type == "user" else []))
