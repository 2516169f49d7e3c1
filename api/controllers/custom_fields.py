"""Custom field definitions (per tenant, for customers and products)."""

from __future__ import annotations

import uuid

from litestar import Controller, Response, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from api.deps import CtxDep
from api.openapi import PROBLEMS
from api.params import IfMatch, with_etag
from api.security import AUTHENTICATED, PERMISSION, parse_if_match
from domain.custom_fields import actions, queries
from domain.custom_fields.schemas import (
    CustomField,
    CustomFieldCreate,
    CustomFieldList,
    CustomFieldOrder,
    CustomFieldUpdate,
    Entity,
)


class CustomFieldController(Controller):
    path = "/api/v1/custom-fields"
    tags = ["Custom fields"]

    @get(
        "/",
        operation_id="ListCustomFields",
        opt={AUTHENTICATED: True},
        summary="The tenant's custom fields in form order (every signed-in caller: forms and lists need them)",
    )
    async def list_fields(
        self, ctx: CtxDep, entity: FromQuery[Entity | None] = None, archived: FromQuery[bool | None] = None
    ) -> CustomFieldList:
        return await queries.list_fields(ctx, entity, archived)

    @post(
        "/",
        operation_id="CreateCustomField",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "custom_fields:manage", PROBLEMS: {409}},
        summary="Add a custom field to customers or products (409 custom_field_key_taken for a key in use)",
    )
    async def create_field(self, ctx: CtxDep, data: JSONBody[CustomFieldCreate]) -> Response[CustomField]:
        return with_etag(await actions.create_field(ctx, data), HTTP_201_CREATED)

    @put(
        "/order",
        operation_id="ReorderCustomFields",
        opt={PERMISSION: "custom_fields:manage", PROBLEMS: {412}},
        summary="Put an entity's custom fields in this order (every one of them, archived ones too, each once "
        "with the version read: else 422 on fields, 412 when one changed since); forms, pages and lists follow it",
    )
    async def reorder_fields(self, ctx: CtxDep, data: JSONBody[CustomFieldOrder]) -> CustomFieldList:
        return await actions.reorder_fields(ctx, data)

    @get("/{field_id:uuid}", operation_id="GetCustomField", opt={AUTHENTICATED: True})
    async def get_field(self, ctx: CtxDep, field_id: FromPath[uuid.UUID]) -> Response[CustomField]:
        return with_etag(await queries.get_field(ctx, field_id))

    @patch(
        "/{field_id:uuid}",
        operation_id="UpdateCustomField",
        opt={PERMISSION: "custom_fields:manage", PROBLEMS: {409}},
        summary="Change a custom field: labels, options, required, filterable, archived, position; its type only "
        "while no record has a value (409 custom_field_in_use)",
    )
    async def update_field(
        self, ctx: CtxDep, field_id: FromPath[uuid.UUID], data: JSONBody[CustomFieldUpdate], if_match: IfMatch = None
    ) -> Response[CustomField]:
        return with_etag(await actions.update_field(ctx, field_id, data, parse_if_match(if_match)))
