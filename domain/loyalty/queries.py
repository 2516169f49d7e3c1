"""Reading a member's points: the account as of now (balance, tier, the next tier and what it
needs, points expiring soon), her ledger newest first, and the header badge. Points are the
chain's: whoever may see the customer sees her points (store scope fences the customer, not the
ledger)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import msgspec
from sqlalchemy import func, select

from domain.customers.public import get_customer
from domain.loyalty import rules
from domain.loyalty.ledger import lots_and_debits, rolling_figure
from domain.loyalty.models import LedgerEntry
from domain.loyalty.models import LoyaltyAccount as AccountRow
from domain.loyalty.models import LoyaltyProgram as ProgramRow
from domain.loyalty.program import program_of
from domain.loyalty.schemas import LedgerItem, LoyaltyAccount, LoyaltyBadge, NextTier, TierOut
from tenants.clock import utcnow
from tenants.company import currency_of
from tenants.context import Ctx
from tenants.decimals import minor_units
from tenants.figures import Figure
from tenants.pagination import Page, keyset_page
from tenants.scoping import of_tenant

EXPIRING_WINDOW = timedelta(days=30)


async def account_row(ctx: Ctx, customer_id: uuid.UUID) -> AccountRow | None:
    query = select(AccountRow).where(of_tenant(ctx.tenant_id, AccountRow), AccountRow.customer_id == customer_id)
    return (await ctx.session.execute(query)).scalar_one_or_none()


def tier_out(tier: dict[str, Any] | None) -> TierOut | None:
    return msgspec.convert(tier, TierOut, strict=False) if tier is not None else None


async def account_view(ctx: Ctx, customer_id: uuid.UUID, now: datetime | None = None) -> LoyaltyAccount:
    """Her account as the caller may see it (404 when the customer is out of sight)."""
    await get_customer(ctx, customer_id)
    moment = now or utcnow()
    program = await program_of(ctx)
    currency = await currency_of(ctx.session, ctx.tenant_id)
    account = await account_row(ctx, customer_id)
    figure = Decimal(0)
    expiring = 0
    if account is not None:
        figure = await rolling_figure(ctx, account.id, program.tier_basis, moment)
        lots, debits = await lots_and_debits(ctx, account.id)
        expiring = rules.due_to_expire(lots, debits, moment + EXPIRING_WINDOW)
    if program.tier_basis == "spend":
        figure = figure.quantize(Decimal(1).scaleb(-minor_units(currency)))
    balance = account.balance if account is not None else 0
    upcoming = rules.next_tier(program.tiers, figure)
    return LoyaltyAccount(
        customer_id=customer_id,
        enabled=program.enabled,
        member_number=account.member_number if account is not None else None,
        balance=balance,
        balance_value=rules.points_value(balance, program.redeem_rate, minor_units(currency)),
        currency=currency,
        redeem_rate=program.redeem_rate,
        tier=tier_out(rules.tier_named(program.tiers, account.tier)) if account is not None else None,
        tier_basis=program.tier_basis,  # type: ignore[arg-type]  # written only from the Literal
        rolling_figure=figure,
        next_tier=(
            NextTier(tier=tier_out(upcoming), missing=Decimal(str(upcoming["threshold"])) - figure)  # type: ignore[arg-type]
            if upcoming is not None
            else None
        ),
        expiring_points=expiring,
        expiring_by=moment + EXPIRING_WINDOW if expiring else None,
    )


async def list_entries(ctx: Ctx, customer_id: uuid.UUID, limit: int, cursor: str | None) -> Page[LedgerItem]:
    """Her points movements, newest first."""
    await get_customer(ctx, customer_id)
    query = select(LedgerEntry).where(of_tenant(ctx.tenant_id, LedgerEntry), LedgerEntry.customer_id == customer_id)
    rows, next_cursor = await keyset_page(ctx.session, query, LedgerEntry.created_at, LedgerEntry.id, limit, cursor)
    return Page(items=[_item(r) for r in rows], next_cursor=next_cursor)


def _item(row: LedgerEntry) -> LedgerItem:
    return LedgerItem(
        id=row.id,
        kind=row.kind,  # type: ignore[arg-type]  # the CHECK constraint holds it to EntryKind
        points=row.points,
        amount=row.amount,
        order_id=row.order_id,
        return_id=row.return_id,
        store_id=row.store_id,
        expires_at=row.expires_at,
        reason=row.reason,
        created_by=row.created_by,
        created_at=row.created_at,
    )


def badge(ctx: Ctx, customer_id: uuid.UUID) -> Figure[LoyaltyBadge]:
    """Member number, balance and tier for the 360 header (the caller has seen the customer), as
    one figure of the page read together: always a row, a member or not."""
    tiers = select(ProgramRow.tiers).where(of_tenant(ctx.tenant_id, ProgramRow)).scalar_subquery()
    query = select(
        func.max(AccountRow.member_number).label("member_number"),
        func.coalesce(func.max(AccountRow.balance), 0).label("balance"),
        func.max(AccountRow.tier).label("tier"),
        tiers.label("tiers"),  # uncorrelated: one value beside the aggregates
    ).where(of_tenant(ctx.tenant_id, AccountRow), AccountRow.customer_id == customer_id)

    def read(row: Any) -> LoyaltyBadge:
        tier = tier_out(rules.tier_named(row.tiers or (), row.tier or ""))
        return LoyaltyBadge(member_number=row.member_number, balance=int(row.balance), tier=tier)

    return Figure(query, read)
