"""Orders: capture, list and read, lifecycle actions as sub-resources, and the order settings."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Response, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from api.deps import CtxDep
from api.params import Cursor, IfMatch, Limit, Moment, with_etag
from api.security import PERMISSION, parse_if_match
from domain.orders import capture, editing, fulfilment, queries, settings, transitions, walkin
from domain.orders.schemas import (
    AttachCustomerIn,
    Channel,
    FulfilIn,
    Order,
    OrderCreate,
    OrderEdit,
    OrderFilters,
    OrderLinesUpdate,
    OrderSettings,
    OrderSettingsUpdate,
    OrderSummary,
    OrderUpdate,
    Quote,
    QuoteIn,
    ReasonIn,
    ShipIn,
    Sort,
)
from domain.orders.states import OrderStatus
from tenants.pagination import DEFAULT_LIMIT, Page


class OrderController(Controller):
    path = "/api/v1/orders"
    tags = ["Orders"]

    @get("/", operation_id="ListOrders", opt={PERMISSION: "orders:read"}, summary="List orders, newest first")
    async def list_orders(
        self,
        ctx: CtxDep,
        status: FromQuery[OrderStatus | None] = None,
        store_id: FromQuery[uuid.UUID | None] = None,
        channel: FromQuery[Channel | None] = None,
        customer_id: FromQuery[uuid.UUID | None] = None,
        created_from: Moment = None,
        created_to: Moment = None,
        q: Annotated[str | None, QueryParameter(max_length=30, description="Order number prefix")] = None,
        phone: Annotated[
            str | None,
            QueryParameter(
                min_length=4,
                max_length=30,
                description="The customer's phone: the whole number, a prefix or the last 4",
            ),
        ] = None,
        sort: Annotated[Sort, QueryParameter(description="A field, `-` first for descending")] = "-created_at",
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[OrderSummary]:
        filters = OrderFilters(
            status=status,
            store_id=store_id,
            channel=channel,
            customer_id=customer_id,
            created_from=created_from,
            created_to=created_to,
            q=q,
            phone=phone,
            sort=sort,
        )
        return await queries.list_orders(ctx, filters, limit, cursor)

    @post(
        "/",
        operation_id="CreateOrder",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "orders:create"},
        summary="Capture a draft order (without customer_id: a walk-in sale); prices come from the catalog",
    )
    async def create_order(self, ctx: CtxDep, data: JSONBody[OrderCreate]) -> Response[Order]:
        return with_etag(await capture.create_order(ctx, data), HTTP_201_CREATED)

    @post(
        "/quote",
        operation_id="QuoteOrder",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:create"},
        summary="Price a cart without saving it; with store_id, the units available per line",
    )
    async def quote(self, ctx: CtxDep, data: JSONBody[QuoteIn]) -> Quote:
        return await capture.quote(ctx, data)

    @get("/{order_id:uuid}", operation_id="GetOrder", opt={PERMISSION: "orders:read"})
    async def get_order(self, ctx: CtxDep, order_id: FromPath[uuid.UUID]) -> Response[Order]:
        return with_etag(await queries.get_order(ctx, order_id))

    @patch(
        "/{order_id:uuid}",
        operation_id="UpdateOrder",
        opt={PERMISSION: "orders:create"},
        summary="Change a draft's customer, store, channel or note (If-Match with the ETag → 412 when stale)",
    )
    async def update_order(
        self, ctx: CtxDep, order_id: FromPath[uuid.UUID], data: JSONBody[OrderUpdate], if_match: IfMatch = None
    ) -> Response[Order]:
        return with_etag(await capture.update_draft(ctx, order_id, data, parse_if_match(if_match)))

    @put(
        "/{order_id:uuid}/lines",
        operation_id="ReplaceOrderLines",
        opt={PERMISSION: "orders:create"},
        summary="Replace a draft's lines (If-Match with the ETag → 412 when stale)",
    )
    async def replace_lines(
        self, ctx: CtxDep, order_id: FromPath[uuid.UUID], data: JSONBody[OrderLinesUpdate], if_match: IfMatch = None
    ) -> Response[Order]:
        return with_etag(await capture.replace_lines(ctx, order_id, data, parse_if_match(if_match)))

    @post(
        "/{order_id:uuid}/submit",
        operation_id="SubmitOrder",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:create"},
        summary="Submit a draft: approved at once (stock reserved) unless an approval rule applies",
    )
    async def submit(self, ctx: CtxDep, order_id: FromPath[uuid.UUID]) -> Response[Order]:
        return with_etag(await transitions.submit(ctx, order_id))

    @post(
        "/{order_id:uuid}/approve",
        operation_id="ApproveOrder",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:approve"},
        summary="Approve an order awaiting approval; reserves its stock",
    )
    async def approve(self, ctx: CtxDep, order_id: FromPath[uuid.UUID]) -> Response[Order]:
        return with_etag(await transitions.approve(ctx, order_id))

    @post(
        "/{order_id:uuid}/reject",
        operation_id="RejectOrder",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:approve"},
    )
    async def reject(self, ctx: CtxDep, order_id: FromPath[uuid.UUID], data: JSONBody[ReasonIn]) -> Response[Order]:
        return with_etag(await transitions.reject(ctx, order_id, data.reason))

    @post(
        "/{order_id:uuid}/fulfil",
        operation_id="FulfilOrder",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:fulfil"},
        summary="Pack units into a fulfilment (partial fulfilments allowed)",
    )
    async def fulfil(self, ctx: CtxDep, order_id: FromPath[uuid.UUID], data: JSONBody[FulfilIn]) -> Response[Order]:
        return with_etag(await fulfilment.fulfil(ctx, order_id, data))

    @post(
        "/{order_id:uuid}/ship",
        operation_id="ShipOrder",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:fulfil"},
        summary="Ship one packed fulfilment, or all of them",
    )
    async def ship(self, ctx: CtxDep, order_id: FromPath[uuid.UUID], data: JSONBody[ShipIn]) -> Response[Order]:
        return with_etag(await fulfilment.ship(ctx, order_id, data))

    @post(
        "/{order_id:uuid}/deliver",
        operation_id="DeliverOrder",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:fulfil"},
    )
    async def deliver(self, ctx: CtxDep, order_id: FromPath[uuid.UUID]) -> Response[Order]:
        return with_etag(await transitions.deliver(ctx, order_id))

    @post(
        "/{order_id:uuid}/complete",
        operation_id="CompleteOrder",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:fulfil"},
    )
    async def complete(self, ctx: CtxDep, order_id: FromPath[uuid.UUID]) -> Response[Order]:
        return with_etag(await transitions.complete(ctx, order_id))

    @post(
        "/{order_id:uuid}/cancel",
        operation_id="CancelOrder",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:cancel"},
        summary="Cancel before anything shipped; releases the reservations",
    )
    async def cancel(self, ctx: CtxDep, order_id: FromPath[uuid.UUID], data: JSONBody[ReasonIn]) -> Response[Order]:
        return with_etag(await transitions.cancel(ctx, order_id, data.reason))

    @post(
        "/{order_id:uuid}/edit",
        operation_id="EditOrder",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:update"},
        summary="Change an approved order's lines before shipment; re-prices and re-reserves the difference",
    )
    async def edit(
        self, ctx: CtxDep, order_id: FromPath[uuid.UUID], data: JSONBody[OrderEdit], if_match: IfMatch = None
    ) -> Response[Order]:
        return with_etag(await editing.edit_order(ctx, order_id, data, parse_if_match(if_match)))

    @post(
        "/{order_id:uuid}/customer",
        operation_id="AttachOrderCustomer",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:create"},
        summary="Attach a member to an order until it is paid (409 order_has_payments after; If-Match → 412)",
    )
    async def attach_customer(
        self,
        ctx: CtxDep,
        order_id: FromPath[uuid.UUID],
        data: JSONBody[AttachCustomerIn],
        if_match: IfMatch = None,
    ) -> Response[Order]:
        return with_etag(await walkin.attach_customer(ctx, order_id, data.customer_id, parse_if_match(if_match)))

    @post(
        "/{order_id:uuid}/discard",
        operation_id="DiscardOrder",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:create"},
        summary="Discard a draft (a parked cart nobody will come back for); it ends cancelled",
    )
    async def discard(self, ctx: CtxDep, order_id: FromPath[uuid.UUID]) -> Response[Order]:
        return with_etag(await walkin.discard(ctx, order_id))


class OrderSettingsController(Controller):
    path = "/api/v1/settings/orders"
    tags = ["Orders"]

    @get(
        "/",
        operation_id="GetOrderSettings",
        opt={PERMISSION: "orders:read"},
        summary="The approval rules and the draft lifetime",
    )
    async def get_settings(self, ctx: CtxDep) -> OrderSettings:
        return await settings.get_settings(ctx)

    @put(
        "/",
        operation_id="UpdateOrderSettings",
        opt={PERMISSION: "tenant:manage"},
        summary="Replace the approval rules (null switches a rule off); draft_ttl_hours when given",
    )
    async def update_settings(self, ctx: CtxDep, data: JSONBody[OrderSettingsUpdate]) -> OrderSettings:
        return await settings.update_settings(ctx, data)
