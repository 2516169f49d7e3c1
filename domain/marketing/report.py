"""A campaign's results: the funnel from its recipient rows, and the orders it earned.

Attribution is last touch: an order belongs to the campaign whose message its customer was sent
most recently before it, if that was within the tenant's attribution window (default 7 days); a
customer's later campaign takes her orders from the earlier one. Revenue is the orders' total net
of refunds, placed in the store where each order was taken. The control group (customers held
out at random, `control_percent`) shows what would have happened anyway: its conversion is the
share of its customers who bought within the window after the campaign started, the recipients'
the share of those sent to who bought within the window after their message, and the uplift the
difference of the two."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select

from domain.marketing.campaign_schemas import CampaignReport, GroupResult, StoreResult, VariantResult
from domain.marketing.models import Campaign, CampaignRecipient
from domain.marketing.settings import get_settings
from domain.orders import public as orders
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.scoping import load_visible, of_tenant

FOUR = Decimal("0.0001")


def _rate(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(FOUR) if whole else Decimal(0)


async def campaign_report(ctx: Ctx, campaign_id: uuid.UUID) -> CampaignReport:
    campaign = await load_visible(ctx, Campaign, campaign_id)
    window = timedelta(days=(await get_settings(ctx)).attribution_days)
    mine = and_(of_tenant(ctx.tenant_id, CampaignRecipient), CampaignRecipient.campaign_id == campaign.id)
    R = CampaignRecipient
    counts = (
        await ctx.session.execute(
            select(
                func.count(),
                func.count().filter(R.state == "control"),
                func.count().filter(R.state == "sent"),
                func.count().filter(R.state == "failed"),
                func.count().filter(R.state == "bounced"),
                func.count().filter(R.first_opened_at.is_not(None)),
                func.count().filter(R.first_clicked_at.is_not(None)),
                func.count().filter(R.unsubscribed_at.is_not(None)),
            ).where(mine)
        )
    ).one()
    audience, control, sent, failed, bounced, opened, clicked, unsubscribed = (int(c) for c in counts)
    skips = (
        await ctx.session.execute(select(R.reason, func.count()).where(mine, R.state == "skipped").group_by(R.reason))
    ).all()
    skipped = {str(reason): int(n) for reason, n in skips}
    attributed = await _attributed(ctx, campaign, window)
    by_store: dict[uuid.UUID | None, list[Any]] = {}
    for row in attributed:
        entry = by_store.setdefault(row.store_id, [0, Decimal(0)])
        entry[0] += 1
        entry[1] += Decimal(row.amount)
    revenue = sum((Decimal(r.amount) for r in attributed), Decimal(0))
    variants = await variant_results(ctx, campaign, attributed)
    treatment = await _conversion(ctx, campaign, "sent", window)
    held = await _conversion(ctx, campaign, "control", window)
    cost = Decimal(campaign.cost)
    return CampaignReport(
        audience=audience,
        skipped=skipped,
        control=control,
        eligible=audience - control - sum(skipped.values()),
        sent=sent + failed,
        failed=failed,
        bounced=bounced,
        delivered=sent,
        opened=opened,
        clicked=clicked,
        unsubscribed=unsubscribed,
        ordered=len({r.customer_id for r in attributed}),
        orders=len(attributed),
        revenue=revenue,
        cost=cost,
        roi=((revenue - cost) / cost).quantize(FOUR) if cost > 0 else None,
        attribution_days=window.days,
        by_store=[
            StoreResult(store_id=store, orders=n, revenue=amount)
            for store, (n, amount) in sorted(by_store.items(), key=lambda kv: -kv[1][1])
        ],
        treatment=treatment,
        control_group=held,
        uplift=(treatment.rate - held.rate).quantize(FOUR),
        variants=variants,
        winner=campaign.winner,  # type: ignore[arg-type]
        computed_at=utcnow(),
    )


async def _attributed(ctx: Ctx, campaign: Campaign, window: timedelta) -> list[Any]:
    """This campaign's orders: purchases of its recipients whose latest touch before them, within
    the window, was this campaign."""
    if campaign.started_at is None:
        return []
    R = CampaignRecipient
    recipients = select(R.customer_id).where(
        of_tenant(ctx.tenant_id, R), R.campaign_id == campaign.id, R.state == "sent"
    )
    bought = orders.purchases_of(ctx.tenant_id, recipients, campaign.started_at).subquery()
    touch = R.__table__.alias("touch")
    last = (
        select(touch.c.campaign_id)
        .where(
            touch.c.tenant_id == ctx.tenant_id,
            touch.c.customer_id == bought.c.customer_id,
            touch.c.state == "sent",
            touch.c.sent_at <= bought.c.created_at,
            touch.c.sent_at > bought.c.created_at - window,
        )
        .order_by(touch.c.sent_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = select(bought.c.id, bought.c.customer_id, bought.c.store_id, bought.c.amount).where(last == campaign.id)
    return list((await ctx.session.execute(query)).all())


async def _conversion(ctx: Ctx, campaign: Campaign, state: str, window: timedelta) -> GroupResult:
    """How many of the group bought within the window after their moment (the message, or the
    campaign's start for the control group)."""
    R = CampaignRecipient
    members = (
        select(R.customer_id, func.coalesce(R.sent_at, campaign.started_at).label("at"))
        .where(of_tenant(ctx.tenant_id, R), R.campaign_id == campaign.id, R.state == state)
        .subquery()
    )
    size = (await ctx.session.execute(select(func.count()).select_from(members))).scalar_one()
    if not size or campaign.started_at is None:
        return GroupResult(customers=int(size), converted=0, rate=Decimal(0))
    bought = orders.purchases_of(ctx.tenant_id, select(members.c.customer_id), campaign.started_at).subquery()
    converted = (
        await ctx.session.execute(
            select(func.count(func.distinct(members.c.customer_id))).where(
                members.c.customer_id.in_(
                    select(bought.c.customer_id).where(
                        bought.c.customer_id == members.c.customer_id,
                        bought.c.created_at >= members.c.at,
                        bought.c.created_at < members.c.at + window,
                    )
                )
            )
        )
    ).scalar_one()
    return GroupResult(customers=int(size), converted=int(converted), rate=_rate(int(converted), int(size)))


async def variant_results(ctx: Ctx, campaign: Campaign, attributed: list[Any]) -> list[VariantResult]:
    """A/B: each variant's test share and, once the winner went out, the rest (empty without a test)."""
    if campaign.test_percent == 0:
        return []
    R = CampaignRecipient
    test = R.in_test
    rows = (
        await ctx.session.execute(
            select(
                R.variant,
                test.label("test"),
                func.count().filter(R.state == "sent"),
                func.count().filter(R.first_opened_at.is_not(None)),
                func.count().filter(R.first_clicked_at.is_not(None)),
                func.array_agg(R.customer_id),
            )
            .where(of_tenant(ctx.tenant_id, R), R.campaign_id == campaign.id, R.variant.is_not(None), R.state == "sent")
            .group_by(R.variant, test)
            .order_by(R.variant, test.desc())
        )
    ).all()
    out = []
    for variant, in_test, sent, opened, clicked, customers in rows:
        mine = set(customers)
        bought = [a for a in attributed if a.customer_id in mine]
        out.append(
            VariantResult(
                variant=variant,  # type: ignore[arg-type]
                test=bool(in_test),
                sent=int(sent),
                opened=int(opened),
                clicked=int(clicked),
                click_rate=_rate(int(clicked), int(sent)),
                orders=len(bought),
                revenue=sum((Decimal(a.amount) for a in bought), Decimal(0)),
            )
        )
    return out


async def pick_winner(ctx: Ctx, campaign: Campaign) -> str:
    """The variant that did better in the test: by click rate, or by attributed revenue per
    recipient; A when they tie."""
    window = timedelta(days=(await get_settings(ctx)).attribution_days)
    results = {r.variant: r for r in await variant_results(ctx, campaign, await _attributed(ctx, campaign, window))}
    a, b = results.get("a"), results.get("b")
    if a is None or b is None:
        return "a" if b is None else "b"
    if campaign.test_metric == "revenue":
        better_b = b.revenue * max(a.sent, 1) > a.revenue * max(b.sent, 1)
    else:
        better_b = b.click_rate > a.click_rate
    return "b" if better_b else "a"
