"""Customers."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Response, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.deps import CtxDep
from api.params import IfMatch, Limit, Moment, with_etag
from api.security import PERMISSION, parse_if_match
from domain.customers import actions, queries, settings
from domain.customers.schemas import (
    Customer,
    CustomerCreate,
    CustomerFilters,
    CustomerSettings,
    CustomerSettingsUpdate,
    CustomerUpdate,
    Sort,
    Stage,
)
from tenants.pagination import DEFAULT_LIMIT, Page


class CustomerController(Controller):
    path = "/api/v1/customers"
    tags = ["Customers"]

    @get(
        "/",
        operation_id="ListCustomers",
        opt={PERMISSION: "customers:read"},
        summary="List and search customers (q: Chinese name substring, pinyin initials, phone, last 4, email)",
    )
    async def list_customers(
        self,
        ctx: CtxDep,
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        tag: FromQuery[str | None] = None,
        stage: FromQuery[Stage | None] = None,
        home_store_id: FromQuery[uuid.UUID | None] = None,
        created_from: Moment = None,
        created_to: Moment = None,
        sort: FromQuery[Sort] = "-created_at",
        limit: Limit = DEFAULT_LIMIT,
        cursor: FromQuery[str | None] = None,
    ) -> Page[Customer]:
        filters = CustomerFilters(
            q=q,
            tag=tag,
            stage=stage,
            home_store_id=home_store_id,
            created_from=created_from,
            created_to=created_to,
            sort=sort,
        )
        return await queries.list_customers(ctx, filters, limit, cursor)

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
