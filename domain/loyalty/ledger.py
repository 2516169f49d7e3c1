"""Posting points: every movement is one ledger row plus the account's derived balance and tier,
in the caller's transaction, with the account row locked (SELECT … FOR UPDATE) so concurrent
postings for one member queue up and the balance never goes below zero (CHECK backs it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from domain.kernel.events import Actor
from domain.kernel.recorder import record
from domain.loyalty import rules
from domain.loyalty.events import ACCOUNT, CHANGES, POINTS_CHANGED, TIER_CHANGED
from domain.loyalty.models import LedgerEntry, LoyaltyAccount
from domain.loyalty.program import DEFAULT, Program, program_row
from tenants.clock import stamp
from tenants.context import Ctx
from tenants.scoping import of_tenant

ROLLING = timedelta(days=365)  # tiers are judged on the last 12 months
CREDITS = ("earn", "restore", "adjust")  # kinds whose positive rows are lots that can expire
NOTED = ("adjust", "expire")  # kinds whose reason the timeline shows as the note


async def locked_account(ctx: Ctx, customer_id: uuid.UUID) -> LoyaltyAccount | None:
    query = (
        select(LoyaltyAccount)
        .where(of_tenant(ctx.tenant_id, LoyaltyAccount), LoyaltyAccount.customer_id == customer_id)
        .with_for_update()
    )
    return (await ctx.session.execute(query)).scalar_one_or_none()


async def open_account(ctx: Ctx, customer_id: uuid.UUID) -> LoyaltyAccount:
    """The member's account, locked; created with the next member number when she has none (the
    program row's lock hands numbers out one at a time)."""
    account = await locked_account(ctx, customer_id)
    if account is not None:
        return account
    program = await program_row(ctx, lock=True)
    account = await locked_account(ctx, customer_id)  # another request may have opened it meanwhile
    if account is not None:
        return account
    if program is None:  # the defaults: no program row to count on yet
        prefix, digits, seq = DEFAULT.member_prefix, DEFAULT.member_digits, await _members(ctx) + 1
    else:
        program.members += 1
        prefix, digits, seq = program.member_prefix, program.member_digits, program.members
    account = LoyaltyAccount(
        tenant_id=ctx.tenant_id,
        customer_id=customer_id,
        member_number=rules.member_number(prefix, digits, seq),
        balance=0,
        tier="",
        version=0,
    )
    ctx.session.add(account)
    await ctx.session.flush()
    return account


async def _members(ctx: Ctx) -> int:
    query = select(func.count()).select_from(LoyaltyAccount).where(of_tenant(ctx.tenant_id, LoyaltyAccount))
    return int((await ctx.session.execute(query)).scalar_one())


@dataclass(frozen=True, slots=True)
class Posting:
    kind: str  # earn | reverse | redeem | restore | adjust | expire
    points: int  # signed
    amount: Decimal | None = None
    order_id: uuid.UUID | None = None
    return_id: uuid.UUID | None = None
    store_id: uuid.UUID | None = None
    reason: str = ""


def _expiry(program: Program, at: datetime) -> datetime | None:
    return rules.add_months(at, program.expiry_months) if program.expiry_months > 0 else None


async def post(
    ctx: Ctx, account: LoyaltyAccount, program: Program, posting: Posting, *, by: Actor | None = None
) -> LedgerEntry:
    """Write one movement on a locked account: the ledger row, the new balance, the recorded change
    (timeline, audit, `loyalty.points_changed`) and, when the rolling figure crosses a threshold,
    the tier change (`loyalty.tier_changed`). The caller has checked the balance covers a debit."""
    at = stamp()
    entry = LedgerEntry(
        tenant_id=ctx.tenant_id,
        account_id=account.id,
        customer_id=account.customer_id,
        kind=posting.kind,
        points=posting.points,
        amount=posting.amount,
        order_id=posting.order_id,
        return_id=posting.return_id,
        store_id=posting.store_id,
        expires_at=_expiry(program, at) if posting.points > 0 and posting.kind in CREDITS else None,
        reason=posting.reason,
        created_by=ctx.actor.user_id,
        created_at=at,
    )
    ctx.session.add(entry)
    account.balance += posting.points
    note = posting.reason if posting.kind in NOTED else None
    facts = {"points": posting.points, "balance": account.balance}
    if posting.order_id is not None:
        facts["order_id"] = posting.order_id  # type: ignore[assignment]
    record(
        ctx,
        ACCOUNT,
        account,
        CHANGES[posting.kind],
        topic=POINTS_CHANGED,
        note=note or "",
        data=facts,
        event={"kind": posting.kind, "points": posting.points, "order_id": posting.order_id, "reason": posting.reason},
        by=by,
    )
    await ctx.session.flush()
    await retier(ctx, account, program, by=by)
    return entry


async def rolling_figure(ctx: Ctx, account_id: uuid.UUID, basis: str, now: datetime) -> Decimal:
    """Spend (money of earns net of reversals) or earned points net of reversals, last 12 months."""
    measure = LedgerEntry.amount if basis == "spend" else LedgerEntry.points
    query = select(func.coalesce(func.sum(measure), 0)).where(
        of_tenant(ctx.tenant_id, LedgerEntry),
        LedgerEntry.account_id == account_id,
        LedgerEntry.kind.in_(("earn", "reverse")),
        LedgerEntry.created_at > now - ROLLING,
    )
    return Decimal(str((await ctx.session.execute(query)).scalar_one()))


async def retier(
    ctx: Ctx, account: LoyaltyAccount, program: Program, *, by: Actor | None = None, now: datetime | None = None
) -> None:
    """Move the member to the tier her rolling figure reaches (as of `now`), recording the change."""
    figure = await rolling_figure(ctx, account.id, program.tier_basis, now or stamp())
    reached = rules.tier_for(program.tiers, figure)
    code = str(reached["code"]) if reached else ""
    if code == account.tier:
        return
    before = account.tier
    account.tier = code
    rank = {str(t["code"]): Decimal(str(t["threshold"])) for t in program.tiers}  # "" ranks below all
    change = {
        "from_tier": before,
        "to_tier": code,
        "to_name_zh": str(reached["name_zh"]) if reached else "",
        "to_name_en": str(reached["name_en"]) if reached else "",
        "lower": rank.get(code, Decimal(-1)) < rank.get(before, Decimal(-1)),
    }
    record(ctx, ACCOUNT, account, "tier_changed", topic=TIER_CHANGED, data=change, by=by)
    await ctx.session.flush()


async def lots_and_debits(ctx: Ctx, account_id: uuid.UUID) -> tuple[list[rules.Lot], int]:
    """The account's credits (oldest first) and the sum of its debits, as a positive number."""
    rows = (
        await ctx.session.execute(
            select(LedgerEntry.points, LedgerEntry.created_at, LedgerEntry.expires_at)
            .where(of_tenant(ctx.tenant_id, LedgerEntry), LedgerEntry.account_id == account_id, LedgerEntry.points > 0)
            .order_by(LedgerEntry.created_at, LedgerEntry.id)
        )
    ).all()
    debits = (
        await ctx.session.execute(
            select(func.coalesce(func.sum(-LedgerEntry.points), 0)).where(
                of_tenant(ctx.tenant_id, LedgerEntry), LedgerEntry.account_id == account_id, LedgerEntry.points < 0
            )
        )
    ).scalar_one()
    return [rules.Lot(r.points, r.created_at, r.expires_at) for r in rows], int(debits)


async def ledger_balance(ctx: Ctx, account_id: uuid.UUID) -> int:
    """The balance as the ledger says it (what the account's `balance` must equal)."""
    query = select(func.coalesce(func.sum(LedgerEntry.points), 0)).where(
        of_tenant(ctx.tenant_id, LedgerEntry), LedgerEntry.account_id == account_id
    )
    return int((await ctx.session.execute(query)).scalar_one())


async def entry_of(ctx: Ctx, order_id: uuid.UUID, kind: str) -> LedgerEntry | None:
    query = select(LedgerEntry).where(
        of_tenant(ctx.tenant_id, LedgerEntry), LedgerEntry.order_id == order_id, LedgerEntry.kind == kind
    )
    return (await ctx.session.execute(query.limit(1))).scalar_one_or_none()
