"""Loyalty: a member's points (account, ledger, manual adjustments) and the program settings."""

from __future__ import annotations

import uuid

from litestar import Controller, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from api.deps import CtxDep
from api.params import Cursor, Limit
from api.security import PERMISSION
from domain.loyalty import actions, program, queries
from domain.loyalty.schemas import AdjustmentIn, LedgerItem, LoyaltyAccount, ProgramSettings, ProgramSettingsUpdate
from tenants.pagination import DEFAULT_LIMIT, Page


class LoyaltyController(Controller):
    """A member's points: chain-wide, seen by whoever may see the customer."""

    path = "/api/v1/customers/{customer_id:uuid}/loyalty"
    tags = ["Loyalty"]

    @get(
        "/",
        operation_id="GetCustomerLoyalty",
        opt={PERMISSION: "customers:read"},
        summary="The member's points: balance (and its value at the till), tier, the next tier and what it "
        "still needs over the rolling 12 months, points expiring within 30 days",
    )
    async def get_account(self, ctx: CtxDep, customer_id: FromPath[uuid.UUID]) -> LoyaltyAccount:
        return await queries.account_view(ctx, customer_id)

    @get(
        "/transactions",
        operation_id="ListCustomerLoyaltyTransactions",
        opt={PERMISSION: "customers:read"},
        summary="The member's points movements, newest first (earn, reverse, redeem, restore, adjust, expire)",
    )
    async def list_transactions(
        self, ctx: CtxDep, customer_id: FromPath[uuid.UUID], limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> Page[LedgerItem]:
        return await queries.list_entries(ctx, customer_id, limit, cursor)

    @post(
        "/adjustments",
        operation_id="AdjustCustomerPoints",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "loyalty:adjust"},
        summary="Add or take away points by hand, with the reason (audited); never below a zero balance (422)",
    )
    async def adjust(
        self, ctx: CtxDep, customer_id: FromPath[uuid.UUID], data: JSONBody[AdjustmentIn]
    ) -> LoyaltyAccount:
        return await actions.adjust(ctx, customer_id, data)


class LoyaltySettingsController(Controller):
    path = "/api/v1/settings/loyalty"
    tags = ["Loyalty"]

    @get(
        "/",
        operation_id="GetLoyaltySettings",
        opt={PERMISSION: "customers:read"},
        summary="The loyalty program: earning, expiry, redemption value, tiers, member numbers",
    )
    async def get_settings(self, ctx: CtxDep) -> ProgramSettings:
        return await program.get_settings(ctx)

    @put(
        "/",
        operation_id="UpdateLoyaltySettings",
        opt={PERMISSION: "loyalty:manage"},
        summary="Replace the loyalty program (tiers sorted by threshold); audited",
    )
    async def update_settings(self, ctx: CtxDep, data: JSONBody[ProgramSettingsUpdate]) -> ProgramSettings:
        return await program.update_settings(ctx, data)
