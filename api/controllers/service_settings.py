"""Service settings (SLA targets, business hours, assignment, escalation) and ticket categories."""

from __future__ import annotations

import uuid

from litestar import Controller, get, patch, post, put
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from api.deps import CtxDep
from api.security import PERMISSION
from domain.service import categories, settings
from domain.service.schemas import Category, CategoryIn, CategoryUpdate, ServiceSettings, ServiceSettingsUpdate
from tenants.pagination import Page


class ServiceSettingsController(Controller):
    path = "/api/v1/settings/service"
    tags = ["Tickets"]

    @get(
        "/",
        operation_id="GetServiceSettings",
        opt={PERMISSION: "tickets:read"},
        summary="SLA targets per priority, the business-hours calendar, assignment and escalation",
    )
    async def get_settings(self, ctx: CtxDep) -> ServiceSettings:
        return await settings.get_settings(ctx)

    @put(
        "/",
        operation_id="UpdateServiceSettings",
        opt={PERMISSION: "service:manage"},
        summary="Replace the service settings (new due times apply from the next change of a ticket)",
    )
    async def update_settings(self, ctx: CtxDep, data: JSONBody[ServiceSettingsUpdate]) -> ServiceSettings:
        return await settings.update_settings(ctx, data)


class TicketCategoryController(Controller):
    path = "/api/v1/ticket-categories"
    tags = ["Tickets"]

    @get("/", operation_id="ListTicketCategories", opt={PERMISSION: "tickets:read"})
    async def list_categories(self, ctx: CtxDep) -> Page[Category]:
        return await categories.list_categories(ctx)

    @post(
        "/",
        operation_id="CreateTicketCategory",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "service:manage"},
    )
    async def create_category(self, ctx: CtxDep, data: JSONBody[CategoryIn]) -> Category:
        return await categories.create_category(ctx, data)

    @patch("/{ticket_category_id:uuid}", operation_id="UpdateTicketCategory", opt={PERMISSION: "service:manage"})
    async def update_category(
        self, ctx: CtxDep, ticket_category_id: FromPath[uuid.UUID], data: JSONBody[CategoryUpdate]
    ) -> Category:
        return await categories.update_category(ctx, ticket_category_id, data)
