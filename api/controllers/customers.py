"""Customers."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.deps import CtxDep
from api.openapi import PROBLEMS
from api.params import CUSTOM_FILTERS_DOC, Cursor, IfMatch, Limit, Moment, custom_filters, with_etag
from api.security import PERMISSION, parse_if_match
from domain.customers import actions, activities, duplicates, merge, queries, settings, timeline
from domain.customers.schemas import (
    Activity,
    ActivityCreate,
    ActivityUpdate,
    Customer,
    CustomerCreate,
    CustomerFilters,
    CustomerSettings,
    CustomerSettingsUpdate,
    CustomerSummary,
    CustomerUpdate,
    DuplicateCandidate,
    DuplicateCheck,
    DuplicatePair,
    MemberPoints,
    MergeIn,
    Sort,
    Stage,
    TimelineItem,
)
from domain.customers.timeline import Subject
from domain.loyalty import public as loyalty
from domain.orders import public as orders
from domain.service import public as service
from tenants.company import currency_figure
from tenants.decimals import minor_units
from tenants.figures import read_figures
from tenants.pagination import DEFAULT_LIMIT, Page


class CustomerController(Controller):
    path = "/api/v1/customers"
    tags = ["Customers"]

    @get(
        "/",
        operation_id="ListCustomers",
        opt={PERMISSION: "customers:read", PROBLEMS: {409}},
        summary="List and search customers (q: Chinese name substring, pinyin initials, phone, last 4, email)",
        description="Filters are AND-ed; `sort` orders the page." + CUSTOM_FILTERS_DOC,
    )
    async def list_customers(
        self,
        ctx: CtxDep,
        request: Request[Any, Any, Any],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        tag: FromQuery[str | None] = None,
        stage: FromQuery[Stage | None] = None,
        home_store_id: FromQuery[uuid.UUID | None] = None,
        created_from: Moment = None,
        created_to: Moment = None,
        sort: FromQuery[Sort] = "-created_at",
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[Customer]:
        filters = CustomerFilters(
            q=q,
            tag=tag,
            stage=stage,
            home_store_id=home_store_id,
            created_from=created_from,
            created_to=created_to,
            sort=sort,
            custom=custom_filters(request.query_params.multi_items()),
        )
        return await queries.list_customers(ctx, filters, limit, cursor)

    @get(
        "/duplicates",
        operation_id="ListDuplicateCustomers",
        opt={PERMISSION: "customers:read"},
        summary="Pairs of customers who are likely the same person (same email, same name and birthday, "
        "same name in pinyin and phone's last 4), with the reasons and a score, for a review queue",
    )
    async def list_duplicates(
        self, ctx: CtxDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> Page[DuplicatePair]:
        return await duplicates.list_pairs(ctx, limit, cursor)

    @post(
        "/duplicates/check",
        operation_id="CheckDuplicateCustomers",
        status_code=200,
        opt={PERMISSION: "customers:read"},
        summary="Who a customer being entered may already be (the create form asks before saving)",
    )
    async def check_duplicates(self, ctx: CtxDep, data: JSONBody[DuplicateCheck]) -> list[DuplicateCandidate]:
        return await duplicates.candidates_for(ctx, data)

    @post(
        "/{customer_id:uuid}/merge",
        operation_id="MergeCustomers",
        status_code=200,
        opt={PERMISSION: "customers:merge"},
        summary="Merge other_id into this customer: orders, tickets, timeline and activities move here, tags "
        "are united, consent takes the more restrictive answer; other_id then answers 404 with merged_into",
    )
    async def merge_customers(
        self, ctx: CtxDep, customer_id: FromPath[uuid.UUID], data: JSONBody[MergeIn]
    ) -> Response[Customer]:
        movers = (
            ("orders", orders.move_customer),
            ("tickets", service.move_customer),
            ("loyalty_ledger", loyalty.move_customer),
        )
        return with_etag(await merge.merge(ctx, customer_id, data, movers))

    @post("/", operation_id="CreateCustomer", status_code=HTTP_201_CREATED, opt={PERMISSION: "customers:create"})
    async def create_customer(self, ctx: CtxDep, data: JSONBody[CustomerCreate]) -> Response[Customer]:
        return with_etag(await actions.create_customer(ctx, data), HTTP_201_CREATED)

    @get("/{customer_id:uuid}", operation_id="GetCustomer", opt={PERMISSION: "customers:read"})
    async def get_customer(self, ctx: CtxDep, customer_id: FromPath[uuid.UUID]) -> Response[Customer]:
        return with_etag(await queries.get_customer(ctx, customer_id))

    @patch(
        "/{customer_id:uuid}",
        operation_id="UpdateCustomer",
        opt={PERMISSION: "customers:update"},
        summary="Change a customer; send If-Match with the ETag to avoid lost updates (412 when stale)",
    )
    async def update_customer(
        self,
        ctx: CtxDep,
        customer_id: FromPath[uuid.UUID],
        data: JSONBody[CustomerUpdate],
        if_match: IfMatch = None,
    ) -> Response[Customer]:
        return with_etag(await actions.update_customer(ctx, customer_id, data, parse_if_match(if_match)))

    @delete(
        "/{customer_id:uuid}",
        operation_id="DeleteCustomer",
        status_code=HTTP_204_NO_CONTENT,
        opt={PERMISSION: "customers:delete"},
        summary="Soft-delete a customer",
    )
    async def delete_customer(self, ctx: CtxDep, customer_id: FromPath[uuid.UUID]) -> None:
        await actions.delete_customer(ctx, customer_id)


class CustomerTimelineController(Controller):
    """Her timeline and the activities staff log on it."""

    path = "/api/v1/customers/{customer_id:uuid}"
    tags = ["Customers"]

    @get(
        "/timeline",
        operation_id="GetCustomerTimeline",
        opt={PERMISSION: "customers:read"},
        summary="Everything that happened with the customer, newest first (orders, tickets, activities, "
        "profile); kind filters by what it is about. A store-scoped caller sees her stores' orders and tickets",
    )
    async def timeline(
        self,
        ctx: CtxDep,
        customer_id: FromPath[uuid.UUID],
        kind: FromQuery[Subject | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[TimelineItem]:
        return await timeline.list_timeline(ctx, customer_id, kind, limit, cursor)

    @get(
        "/summary",
        operation_id="GetCustomerSummary",
        opt={PERMISSION: "customers:read"},
        summary="Lifetime spend, orders, average basket, first and last purchase, open tickets and consent, "
        "over what the caller may see; her loyalty points and tier (chain-wide)",
    )
    async def summary(self, ctx: CtxDep, customer_id: FromPath[uuid.UUID]) -> CustomerSummary:
        figures = (
            queries.consent_figure(ctx, customer_id),
            orders.purchase_figures(ctx, customer_id),
            service.open_tickets(ctx, customer_id),
            loyalty.badge(ctx, customer_id),
            currency_figure(ctx.tenant_id),
        )  # one statement: the 360 header costs one round trip
        read = await read_figures(ctx.session, ctx.actor.scope, figures)
        if read is None:  # she is out of sight: the 404 of her id, merged_into and all
            await queries.get_customer(ctx, customer_id)
            raise AssertionError("a customer in sight has a consent row")
        consent, bought, open_tickets, badge, currency = read
        unit = Decimal(1).scaleb(-minor_units(currency))  # 0.01 for CNY, 1 for JPY
        return CustomerSummary(
            customer_id=customer_id,
            currency=currency,
            lifetime_spend=bought.spend.quantize(unit),
            orders=bought.orders,
            average_basket=(bought.spend / bought.orders).quantize(unit) if bought.orders else None,
            first_purchase_at=bought.first_at,
            last_purchase_at=bought.last_at,
            open_tickets=open_tickets,
            consent=consent,
            loyalty=msgspec.convert(msgspec.to_builtins(badge), MemberPoints),
        )

    @post(
        "/activities",
        operation_id="LogCustomerActivity",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "customers:update"},
        summary="Log a call, visit, message or note about the customer (it appears on her timeline)",
    )
    async def log_activity(
        self, ctx: CtxDep, customer_id: FromPath[uuid.UUID], data: JSONBody[ActivityCreate]
    ) -> Response[Activity]:
        return with_etag(await activities.log_activity(ctx, customer_id, data), HTTP_201_CREATED)

    @get("/activities/{activity_id:uuid}", operation_id="GetCustomerActivity", opt={PERMISSION: "customers:read"})
    async def get_activity(
        self, ctx: CtxDep, customer_id: FromPath[uuid.UUID], activity_id: FromPath[uuid.UUID]
    ) -> Response[Activity]:
        return with_etag(await activities.get_activity(ctx, customer_id, activity_id))

    @patch(
        "/activities/{activity_id:uuid}",
        operation_id="UpdateCustomerActivity",
        opt={PERMISSION: "customers:update"},
        summary="Change an activity: its author, within 24 hours of logging it (403 for anyone else, 409 after)",
    )
    async def update_activity(
        self,
        ctx: CtxDep,
        customer_id: FromPath[uuid.UUID],
        activity_id: FromPath[uuid.UUID],
        data: JSONBody[ActivityUpdate],
        if_match: IfMatch = None,
    ) -> Response[Activity]:
        changed = await activities.update_activity(ctx, customer_id, activity_id, data, parse_if_match(if_match))
        return with_etag(changed)

    @delete(
        "/activities/{activity_id:uuid}",
        operation_id="RemoveCustomerActivity",
        status_code=HTTP_204_NO_CONTENT,
        opt={PERMISSION: "customers:update", PROBLEMS: {409}},
        summary="Remove an activity and its timeline entry: its author, within 24 hours of logging it",
    )
    async def remove_activity(
        self, ctx: CtxDep, customer_id: FromPath[uuid.UUID], activity_id: FromPath[uuid.UUID]
    ) -> None:
        await activities.remove_activity(ctx, customer_id, activity_id)


class CustomerSettingsController(Controller):
    path = "/api/v1/settings/customers"
    tags = ["Customers"]

    @get(
        "/",
        operation_id="GetCustomerSettings",
        opt={PERMISSION: "customers:read"},
        summary="Who sees a member: the whole chain, or her home store only",
    )
    async def get_settings(self, ctx: CtxDep) -> CustomerSettings:
        return await settings.get_settings(ctx)

    @put(
        "/",
        operation_id="UpdateCustomerSettings",
        opt={PERMISSION: "tenant:manage"},
        summary="Share members with every store (chain) or keep them to their home store (home_store)",
    )
    async def update_settings(self, ctx: CtxDep, data: JSONBody[CustomerSettingsUpdate]) -> CustomerSettings:
        return await settings.update_settings(ctx, data)
