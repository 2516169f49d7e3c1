"""Who works a ticket: a manual pick (checked), or the round-robin among active support users
whose store scope covers the ticket's store. The round-robin position is the settings row's
`last_assignee_id`, read and moved under that row's lock, so concurrent picks queue and the
turn passes fairly through the eligible users in id order."""

from __future__ import annotations

import uuid

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.service import settings
from domain.service.models import Ticket
from domain.service.schemas import Assignee, AssigneeList
from tenants import staff
from tenants.context import Ctx
from tenants.errors import invalid
from tenants.models import Role, User
from tenants.scoping import load_visible, of_tenant

WORK = "tickets:update"
SUPPORT_ROLE = "support"


async def user_name(session: AsyncSession, tenant_id: uuid.UUID, user_id: uuid.UUID | None) -> str | None:
    if user_id is None:
        return None
    return (
        await session.execute(select(User.name).where(of_tenant(tenant_id, User), User.id == user_id))
    ).scalar_one_or_none()


async def can_work(session: AsyncSession, tenant_id: uuid.UUID, user_id: uuid.UUID, store_id: uuid.UUID | None) -> bool:
    """An active user who may work tickets and whose scope covers the store."""
    return await staff.can(session, tenant_id, user_id, WORK, store_id)


async def check_assignee(ctx: Ctx, user_id: uuid.UUID, store_id: uuid.UUID | None, field: str = "assignee_id") -> None:
    if not await can_work(ctx.session, ctx.tenant_id, user_id, store_id):
        raise invalid(field, "is not an active user who can work tickets of this store")


async def assignees(ctx: Ctx, ticket_id: uuid.UUID) -> AssigneeList:
    """Whom the ticket can be given to (the picker's choices), by name: exactly the users
    `assign` accepts."""
    ticket = await load_visible(ctx, Ticket, ticket_id)
    members = await staff.users_who_can(ctx.session, ctx.tenant_id, WORK, ticket.store_id)
    if not members:
        return AssigneeList(items=[])
    rows = await ctx.session.execute(
        select(User.id, User.name, User.email)
        .where(of_tenant(ctx.tenant_id, User), User.id.in_([m.user_id for m in members]))
        .order_by(User.name, User.email)
    )
    return AssigneeList(items=[Assignee(id=r.id, name=r.name, email=r.email) for r in rows])


async def candidates(session: AsyncSession, tenant_id: uuid.UUID, store_id: uuid.UUID | None) -> list[uuid.UUID]:
    """Active support users (the support role, or a custom role that works tickets) covering
    the store, in id order."""
    support = or_(Role.key == SUPPORT_ROLE, Role.is_system.is_(False))
    return [member.user_id for member in await staff.users_who_can(session, tenant_id, WORK, store_id, where=support)]


def next_in_turn(eligible: list[uuid.UUID], last: uuid.UUID | None) -> uuid.UUID | None:
    """The first eligible user after `last` in id order, wrapping around."""
    if not eligible:
        return None
    if last is not None:
        for user_id in eligible:
            if user_id > last:
                return user_id
    return eligible[0]


async def round_robin(session: AsyncSession, tenant_id: uuid.UUID, store_id: uuid.UUID | None) -> uuid.UUID | None:
    """Take the next turn (None when nobody is eligible; the position is then unchanged)."""
    row = await settings.row_for_update(session, tenant_id)
    chosen = next_in_turn(await candidates(session, tenant_id, store_id), row.last_assignee_id)
    if chosen is not None:
        row.last_assignee_id = chosen
    return chosen
