"""What changes points: orders earning, refunds reversing, redemption at capture and its return
when the order stops, and manual adjustments. Each posts through ledger.post on the locked account."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import update

from domain.customers.public import get_customer
from domain.loyalty import rules
from domain.loyalty.errors import InsufficientPoints, LoyaltyOff
from domain.loyalty.ledger import Posting, entry_of, locked_account, open_account, post, retier
from domain.loyalty.models import LedgerEntry
from domain.loyalty.program import program_of
from domain.loyalty.queries import account_row, account_view
from domain.loyalty.schemas import AdjustmentIn, LoyaltyAccount
from tenants.context import Ctx
from tenants.decimals import minor_units
from tenants.errors import invalid
from tenants.scoping import of_tenant


@dataclass(frozen=True, slots=True)
class OrderFacts:
    """What loyalty needs of an order (orders pass it; loyalty never reads orders' tables)."""

    id: uuid.UUID
    number: str
    customer_id: uuid.UUID | None
    store_id: uuid.UUID | None
    status: str
    total: Decimal
    refunded_total: Decimal
    currency: str


async def adjust(ctx: Ctx, customer_id: uuid.UUID, data: AdjustmentIn) -> LoyaltyAccount:
    """A manual correction with its reason (audited, on her timeline); never below zero (422)."""
    await get_customer(ctx, customer_id)
    if data.points == 0:
        raise invalid("points", "must not be 0")
    program = await program_of(ctx)
    account = await open_account(ctx, customer_id)
    if account.balance + data.points < 0:
        raise invalid("points", f"would take the balance below zero (the balance is {account.balance} points)")
    await post(ctx, account, program, Posting("adjust", data.points, reason=data.reason.strip()))
    return await account_view(ctx, customer_id)


async def tier_discount_percent(ctx: Ctx, customer_id: uuid.UUID | None) -> Decimal:
    """The percent a member's tier takes off her orders at capture (0 without a member, with the
    program off or not applying tier discounts, or below the first tier)."""
    if customer_id is None:
        return Decimal(0)
    program = await program_of(ctx)
    if not (program.enabled and program.apply_tier_discount):
        return Decimal(0)
    account = await account_row(ctx, customer_id)
    tier = rules.tier_named(program.tiers, account.tier) if account is not None else None
    return Decimal(str(tier["discount_percent"])) if tier is not None else Decimal(0)


async def order_reached(ctx: Ctx, order: OrderFacts) -> None:
    """An order moved to `order.status`: when that is the status the program earns on, the member
    earns points on what the order came to net of refunds, once per order."""
    if order.customer_id is None:
        return
    program = await program_of(ctx)
    if not program.enabled or order.status != program.earn_on:
        return
    if await entry_of(ctx, order.id, "earn") is not None:
        return  # earned already (the order row is locked by the caller, so this check holds)
    amount = order.total - order.refunded_total
    points = rules.earned_points(amount, program.earn_rate, program.earn_rounding)
    if points <= 0:
        return
    account = await open_account(ctx, order.customer_id)
    await post(
        ctx,
        account,
        program,
        Posting("earn", points, amount=amount, order_id=order.id, store_id=order.store_id, reason=order.number),
    )


async def order_refunded(
    ctx: Ctx, order: OrderFacts, return_id: uuid.UUID, refunded_before: Decimal, refunded_now: Decimal
) -> None:
    """A refund of returned goods takes back the points the order earned, in proportion to the
    money refunded; never more than the member still has."""
    earned = await entry_of(ctx, order.id, "earn")
    if earned is None or earned.amount is None:
        return
    # Refunds made before the order earned were left out of what it earned on.
    prior = max(refunded_before - (order.total - earned.amount), Decimal(0))
    points = rules.reversal(earned.points, earned.amount, prior, refunded_now)
    account = await locked_account(ctx, earned.customer_id)
    if account is None:
        return
    points = min(points, account.balance)
    if points <= 0:
        return
    program = await program_of(ctx)
    await post(
        ctx,
        account,
        program,
        Posting(
            "reverse",
            -points,
            amount=-refunded_now,
            order_id=order.id,
            return_id=return_id,
            store_id=order.store_id,
            reason=order.number,
        ),
    )


async def redemption_value(ctx: Ctx, customer_id: uuid.UUID | None, points: int, currency: str) -> Decimal:
    """What `points` take off an order at the till (422 without a member, 409 with the program
    off or more points than she has); nothing is written."""
    if points == 0:
        return Decimal(0).scaleb(-minor_units(currency))
    if customer_id is None:
        raise invalid("redeem_points", "needs a member: the order has no customer")
    program = await program_of(ctx)
    if not program.enabled:
        raise LoyaltyOff("The loyalty program is switched off; points cannot be redeemed.")
    account = await account_row(ctx, customer_id)
    balance = account.balance if account is not None else 0
    if points > balance:
        raise _short(points, balance)
    return rules.points_value(points, program.redeem_rate, minor_units(currency))


def _short(points: int, balance: int) -> InsufficientPoints:
    return InsufficientPoints(
        f"The member has {balance} points; {points} cannot be redeemed.",
        extra={"balance": balance, "requested": points},
    )


async def redeem(ctx: Ctx, order: OrderFacts, points: int, value: Decimal) -> None:
    """Take the points for a captured order, in its transaction: the account row is locked, so of
    concurrent redemptions only those the balance covers succeed (409 for the rest)."""
    if points == 0 or order.customer_id is None:
        return
    program = await program_of(ctx)
    account = await locked_account(ctx, order.customer_id)
    balance = account.balance if account is not None else 0
    if account is None or points > balance:
        raise _short(points, balance)
    await post(
        ctx,
        account,
        program,
        Posting("redeem", -points, amount=value, order_id=order.id, store_id=order.store_id, reason=order.number),
    )


async def order_stopped(ctx: Ctx, order_id: uuid.UUID) -> None:
    """A cancelled, rejected or discarded order gives back the points redeemed on it, once."""
    redeemed = await entry_of(ctx, order_id, "redeem")
    if redeemed is None or await entry_of(ctx, order_id, "restore") is not None:
        return
    account = await locked_account(ctx, redeemed.customer_id)
    if account is None:
        return
    program = await program_of(ctx)
    await post(
        ctx,
        account,
        program,
        Posting(
            "restore",
            -redeemed.points,
            amount=redeemed.amount,
            order_id=order_id,
            store_id=redeemed.store_id,
            reason=redeemed.reason,
        ),
    )


async def move_customer(ctx: Ctx, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
    """A merge: the other record's points become the survivor's. No movement of the ledger is
    changed or re-posted (its lots keep their earn dates, so expiry stays first in, first out);
    only whose they are changes, the two columns the app role may update on the ledger. Both
    accounts are locked (the merge holds both customers already, in id order). Returns the
    ledger rows moved."""
    source = await locked_account(ctx, from_id)
    if source is None:
        return 0
    target = await locked_account(ctx, to_id)
    if target is None:  # she was no member on the survivor: the other's account is hers now
        source.customer_id = to_id
        target = source
    else:
        target.balance += source.balance
        source.balance = 0
    result = await ctx.session.execute(
        update(LedgerEntry)
        .where(of_tenant(ctx.tenant_id, LedgerEntry), LedgerEntry.account_id == source.id)
        .values(account_id=target.id, customer_id=to_id)
    )
    await ctx.session.flush()
    await retier(ctx, target, await program_of(ctx))
    return int(result.rowcount)  # type: ignore[attr-defined]
