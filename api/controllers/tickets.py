"""Service tickets: the queue, one ticket, edits, lifecycle actions as sub-resources, comments,
and starting a return for the ticket's order."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Response, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from api.deps import CtxDep
from api.params import Cursor, IfMatch, Limit, with_etag
from api.security import PERMISSION, parse_if_match
from domain.orders.schemas import Return
from domain.service import assignment, comments, queue, returns, tickets, transitions
from domain.service.schemas import (
    AssigneeList,
    AssignIn,
    Comment,
    CommentIn,
    Priority,
    SlaState,
    Sort,
    Ticket,
    TicketCreate,
    TicketFilters,
    TicketReturnIn,
    TicketSummary,
    TicketUpdate,
)
from domain.service.states import TicketStatus
from tenants.pagination import DEFAULT_LIMIT, Page

TicketId = FromPath[uuid.UUID]


class TicketController(Controller):
    path = "/api/v1/tickets"
    tags = ["Tickets"]

    @get(
        "/",
        operation_id="ListTickets",
        opt={PERMISSION: "tickets:read"},
        summary="The ticket queue: by SLA due (default) or newest first, filtered",
    )
    async def list_tickets(
        self,
        ctx: CtxDep,
        status: FromQuery[TicketStatus | None] = None,
        priority: FromQuery[Priority | None] = None,
        assignee_id: FromQuery[uuid.UUID | None] = None,
        unassigned: FromQuery[bool] = False,
        store_id: FromQuery[uuid.UUID | None] = None,
        customer_id: FromQuery[uuid.UUID | None] = None,
        order_id: FromQuery[uuid.UUID | None] = None,
        sla_state: FromQuery[SlaState | None] = None,
        breached: FromQuery[bool | None] = None,
        open_only: FromQuery[bool] = False,
        q: Annotated[str | None, QueryParameter(max_length=100, description="Number or subject words")] = None,
        sort: FromQuery[Sort] = "due",
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[TicketSummary]:
        filters = TicketFilters(
            status=status,
            priority=priority,
            assignee_id=assignee_id,
            unassigned=unassigned,
            store_id=store_id,
            customer_id=customer_id,
            order_id=order_id,
            sla_state=sla_state,
            breached=breached,
            open_only=open_only,
            q=q,
            sort=sort,
        )
        return await queue.list_tickets(ctx, filters, limit, cursor)

    @post(
        "/",
        operation_id="CreateTicket",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "tickets:create"},
        summary="Open a ticket for a customer (optionally about one of their orders)",
    )
    async def create_ticket(self, ctx: CtxDep, data: JSONBody[TicketCreate]) -> Response[Ticket]:
        return with_etag(await tickets.create_ticket(ctx, data), HTTP_201_CREATED)

    @get("/{ticket_id:uuid}", operation_id="GetTicket", opt={PERMISSION: "tickets:read"})
    async def get_ticket(self, ctx: CtxDep, ticket_id: TicketId) -> Response[Ticket]:
        return with_etag(await tickets.get_ticket(ctx, ticket_id))

    @patch(
        "/{ticket_id:uuid}",
        operation_id="UpdateTicket",
        opt={PERMISSION: "tickets:update"},
        summary="Change subject, description, category, priority or tags (If-Match → 412 when stale)",
    )
    async def update_ticket(
        self, ctx: CtxDep, ticket_id: TicketId, data: JSONBody[TicketUpdate], if_match: IfMatch = None
    ) -> Response[Ticket]:
        return with_etag(await tickets.update_ticket(ctx, ticket_id, data, parse_if_match(if_match)))

    @post(
        "/{ticket_id:uuid}/assign",
        operation_id="AssignTicket",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "tickets:assign"},
        summary="Assign to a user, unassign (null), or take the round-robin's next turn (auto); If-Match → 412 when stale",
    )
    async def assign(
        self, ctx: CtxDep, ticket_id: TicketId, data: JSONBody[AssignIn], if_match: IfMatch = None
    ) -> Response[Ticket]:
        return with_etag(await transitions.assign(ctx, ticket_id, data, parse_if_match(if_match)))

    @get(
        "/{ticket_id:uuid}/assignees",
        operation_id="ListTicketAssignees",
        opt={PERMISSION: "tickets:assign"},
        summary="The users the ticket can be assigned to: active, may work tickets, cover its store",
    )
    async def assignees(self, ctx: CtxDep, ticket_id: TicketId) -> AssigneeList:
        return await assignment.assignees(ctx, ticket_id)

    @post(
        "/{ticket_id:uuid}/start",
        operation_id="StartTicket",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "tickets:update"},
        summary="new or pending → open (the SLA clocks run)",
    )
    async def start(self, ctx: CtxDep, ticket_id: TicketId) -> Response[Ticket]:
        return with_etag(await transitions.start(ctx, ticket_id))

    @post(
        "/{ticket_id:uuid}/wait",
        operation_id="WaitOnCustomer",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "tickets:update"},
        summary="→ pending: waiting on the customer, the SLA clocks pause",
    )
    async def wait(self, ctx: CtxDep, ticket_id: TicketId) -> Response[Ticket]:
        return with_etag(await transitions.wait(ctx, ticket_id))

    @post(
        "/{ticket_id:uuid}/resolve",
        operation_id="ResolveTicket",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "tickets:update"},
        summary="→ resolved: the customer is emailed the satisfaction survey",
    )
    async def resolve(self, ctx: CtxDep, ticket_id: TicketId) -> Response[Ticket]:
        return with_etag(await transitions.resolve(ctx, ticket_id))

    @post(
        "/{ticket_id:uuid}/close",
        operation_id="CloseTicket",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "tickets:update"},
    )
    async def close(self, ctx: CtxDep, ticket_id: TicketId) -> Response[Ticket]:
        return with_etag(await transitions.close(ctx, ticket_id))

    @post(
        "/{ticket_id:uuid}/reopen",
        operation_id="ReopenTicket",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "tickets:update"},
        summary="resolved → open, within the tenant's reopen window",
    )
    async def reopen(self, ctx: CtxDep, ticket_id: TicketId) -> Response[Ticket]:
        return with_etag(await transitions.reopen(ctx, ticket_id))

    @get(
        "/{ticket_id:uuid}/comments",
        operation_id="ListTicketComments",
        opt={PERMISSION: "tickets:read"},
        summary="The conversation, oldest first: public replies and internal notes",
    )
    async def list_comments(self, ctx: CtxDep, ticket_id: TicketId) -> list[Comment]:
        return await comments.list_comments(ctx, ticket_id)

    @post(
        "/{ticket_id:uuid}/comments",
        operation_id="AddTicketComment",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "tickets:update"},
        summary="A public reply (the first one is the first response) or an internal note",
    )
    async def add_comment(self, ctx: CtxDep, ticket_id: TicketId, data: JSONBody[CommentIn]) -> Comment:
        return await comments.add_comment(ctx, ticket_id, data)

    @post(
        "/{ticket_id:uuid}/returns",
        operation_id="StartTicketReturn",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "orders:return"},
        summary="Request a return of the ticket's order; the return references the ticket",
    )
    async def start_return(self, ctx: CtxDep, ticket_id: TicketId, data: JSONBody[TicketReturnIn]) -> Return:
        return await returns.start_return(ctx, ticket_id, data)
