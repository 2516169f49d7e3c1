"""Jobs of the tenant sweeper that time alone calls for.

Points expiry: earned points not spent by their expiry date are written off, oldest first (FIFO
by earn date). What expires is computed from the ledger (rules.due_to_expire), and each account
remembers up to when it was checked, so a pass is idempotent and any number of workers may run it
(accounts another holds are skipped).

Tier review: a tier is earned over a rolling 12 months, so it lapses as old spend leaves the
window although nothing happens to the account. Once a day each member with a tier is judged
again (retier, with its timeline row and `loyalty.tier_changed` event when it moves)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.recorder import system_actor, system_ctx
from domain.loyalty import rules
from domain.loyalty.ledger import Posting, lots_and_debits, post, retier
from domain.loyalty.models import LedgerEntry, LoyaltyAccount
from domain.loyalty.program import program_of
from tenants.scoping import of_tenant

POINTS_EXPIRY = "points expiry"  # the system actor of expiry rows
TIER_REVIEW = "tier review"  # the system actor of a tier that lapsed
REVIEW_EVERY = timedelta(days=1)
EXPIRED_NOTE = "Points expired: not used by their expiry date."
BATCH = 500


async def expire_points(session: AsyncSession, tenant_id: uuid.UUID, now: datetime) -> int:
    """Write off what expired by `now` on the tenant's accounts that have a lot due since their
    last check; returns how many accounts lost points."""
    ctx = system_ctx(session, tenant_id, POINTS_EXPIRY)
    due = exists().where(
        of_tenant(tenant_id, LedgerEntry),
        LedgerEntry.account_id == LoyaltyAccount.id,
        LedgerEntry.points > 0,
        LedgerEntry.expires_at <= now,
        or_(
            LoyaltyAccount.expiry_checked_until.is_(None), LedgerEntry.expires_at > LoyaltyAccount.expiry_checked_until
        ),
    )
    accounts = list(
        (
            await session.execute(
                select(LoyaltyAccount)
                .where(and_(of_tenant(tenant_id, LoyaltyAccount), due))
                .order_by(LoyaltyAccount.id)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
        ).scalars()
    )
    if not accounts:
        return 0
    program = await program_of(ctx)
    handled = 0
    for account in accounts:
        lots, debits = await lots_and_debits(ctx, account.id)
        points = min(rules.due_to_expire(lots, debits, now), account.balance)
        account.expiry_checked_until = now
        if points > 0:
            await post(
                ctx, account, program, Posting("expire", -points, reason=EXPIRED_NOTE), by=system_actor(POINTS_EXPIRY)
            )
            handled += 1
    await session.flush()
    return handled


async def review_tiers(session: AsyncSession, tenant_id: uuid.UUID, now: datetime) -> int:
    """Judge again the tier of members not judged for a day; returns how many tiers moved."""
    ctx = system_ctx(session, tenant_id, POINTS_EXPIRY)
    program = await program_of(ctx)
    if not program.enabled:
        return 0
    stale = or_(LoyaltyAccount.tier_checked_at.is_(None), LoyaltyAccount.tier_checked_at <= now - REVIEW_EVERY)
    accounts = list(
        (
            await session.execute(
                select(LoyaltyAccount)
                .where(of_tenant(tenant_id, LoyaltyAccount), LoyaltyAccount.tier != "", stale)
                .order_by(LoyaltyAccount.tier_checked_at.nulls_first(), LoyaltyAccount.id)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
        ).scalars()
    )
    moved = 0
    for account in accounts:
        before = account.tier
        await retier(ctx, account, program, by=system_actor(TIER_REVIEW), now=now)
        account.tier_checked_at = now
        moved += account.tier != before
    await session.flush()
    return moved
