"""Sending a campaign: the audience frozen at start, then one message per recipient, exactly once.

- **Start** (`start_due`, the sweeper, each minute): a scheduled campaign whose time has come is
  frozen — one statement writes a recipient row for every customer of its audience with the state
  she starts in: `skipped` with the reason (no address, unsubscribed, no consent, the frequency
  cap), `control` (held out at random, `control_percent`, the same customers whatever the run),
  or `queued` — and its send job is queued in the same transaction.
- **The job** (`send_campaign`) takes one queued recipient at a time, locked with SKIP LOCKED so
  any number of workers share a campaign, checks her consent again (she may have unsubscribed
  since the freeze), renders her message, and records it sent in the transaction that holds her
  row; email goes out in two steps around that commit, SMS inside it (channels.py says why both
  are exactly once across a killed worker). The job stops when the campaign is paused or
  cancelled, waits out SMS quiet hours (every queued SMS gets `not_before`, the campaign
  `next_run_at`, and the sweeper queues the job again then), keeps the channel's rate, and marks
  the campaign sent when no recipient is left queued.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate
from html import unescape
from typing import Any

import aiosmtplib
from sqlalchemy import String, and_, case, exists, false, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers.public import Customer, timeline_entry
from domain.integrations import jobs
from domain.integrations.jobs import JobRun
from domain.integrations.mailer import TENANT_HEADER, SmtpConfig, message_id
from domain.kernel.events import Actor
from domain.kernel.recorder import Change, record, system_actor, system_ctx
from domain.marketing.campaign_queries import audience_ids, content_of, message_in, personal
from domain.marketing.campaign_states import SEND_KIND, CampaignStatus
from domain.marketing.channels import EmailChannel, Refused, SmsGateway
from domain.marketing.events import CAMPAIGN, CAMPAIGN_SENT, CAMPAIGN_STARTED
from domain.marketing.models import Campaign, CampaignLink, CampaignRecipient
from domain.marketing.report import pick_winner
from domain.marketing.settings import get_settings
from domain.marketing.templates import render, sms_text
from tenants.clock import utcnow
from tenants.company import tenant_language
from tenants.context import Ctx
from tenants.db import TenantScope, tenant_session
from tenants.ids import sql_uuid7
from tenants.links import sign
from tenants.scoping import of_tenant
from tenants.zones import tenant_zone

SCHEDULER = "campaign scheduler"
SENDER = "campaign sender"
# Consent sources that mean she said no herself (an unsubscribe link, a STOP reply).
UNSUBSCRIBE_LINK = "unsubscribe_link"
SMS_REPLY = "sms_reply"
WITHDRAWN = (UNSUBSCRIBE_LINK, SMS_REPLY)
UNSUBSCRIBE, OPEN, CLICK = "campaign.unsubscribe", "campaign.open", "campaign.click"
_HREF = re.compile(r'href="(https?://[^"]+)"', re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Delivery:
    """What sending needs from the process: where mail goes, the SMS gateway, the address the
    links point at, and the rate per channel (messages per second)."""

    smtp: SmtpConfig
    sms: SmsGateway
    public_base_url: str
    email_per_second: float = 50.0
    sms_per_second: float = 20.0


# ---- start ------------------------------------------------------------------------------------


async def start_due(session: AsyncSession, tenant_id: uuid.UUID, now: datetime) -> int:
    """The sweeper's job: start the campaigns whose time has come, and queue again the ones that
    waited for the SMS quiet hours to end. Returns how many it set going."""
    ctx = system_ctx(session, tenant_id, SCHEDULER)
    due = list(
        (
            await session.execute(
                select(Campaign)
                .where(
                    of_tenant(tenant_id, Campaign),
                    or_(
                        and_(Campaign.status == CampaignStatus.SCHEDULED.value, Campaign.scheduled_at <= now),
                        and_(Campaign.status == CampaignStatus.SENDING.value, Campaign.next_run_at <= now),
                    ),
                )
                .order_by(Campaign.scheduled_at, Campaign.id)
                .limit(5)
                .with_for_update(skip_locked=True)
            )
        ).scalars()
    )
    for campaign in due:
        if campaign.status == CampaignStatus.SCHEDULED.value:
            frozen = await freeze(ctx, campaign, now)
            campaign.status, campaign.started_at = CampaignStatus.SENDING.value, now
            counts = {
                "queued": frozen.get("queued", 0),
                "skipped": frozen.get("skipped", 0),
                "control": frozen.get("control", 0),
            }
            record(
                ctx,
                CAMPAIGN,
                campaign,
                "started",
                topic=CAMPAIGN_STARTED,
                from_status=CampaignStatus.SCHEDULED.value,
                data=frozen,
                event=counts,
                by=system_actor(SCHEDULER),
            )
        elif campaign.test_percent > 0 and campaign.winner is None:
            await _winner_due(ctx, campaign, now)
        else:
            campaign.next_run_at = None
        await jobs.enqueue(ctx, SEND_KIND, {"campaign_id": str(campaign.id)})
    return len(due)


async def _winner_due(ctx: Ctx, campaign: Campaign, now: datetime) -> None:
    """After the test period, the better variant goes to the rest of the audience; before it, the
    campaign waits for the period's end (the job sends only what is due: the test share)."""
    ends = (campaign.started_at or now) + timedelta(hours=campaign.test_hours)
    if now < ends:
        campaign.next_run_at = ends
        return
    campaign.winner = await pick_winner(ctx, campaign)
    campaign.next_run_at = None
    await ctx.session.execute(
        update(CampaignRecipient)
        .where(
            of_tenant(ctx.tenant_id, CampaignRecipient),
            CampaignRecipient.campaign_id == campaign.id,
            CampaignRecipient.state == "queued",
            CampaignRecipient.variant.is_(None),
        )
        .values(variant=campaign.winner)
    )
    record(ctx, CAMPAIGN, campaign, "winner_chosen", data={"winner": campaign.winner}, by=system_actor(SCHEDULER))


async def freeze(ctx: Ctx, campaign: Campaign, now: datetime) -> dict[str, int]:
    """Write the campaign's recipients, each in the state the send-time rules give her now, and
    its links; returns how many of each state."""
    settings = await get_settings(ctx)
    default_language = await tenant_language(ctx.session, ctx.tenant_id)
    email = campaign.channel == "email"
    address = func.coalesce(Customer.email if email else Customer.phone, "")
    consent = Customer.email_consent if email else Customer.sms_consent
    source = Customer.email_consent_source if email else Customer.sms_consent_source
    earlier = CampaignRecipient.__table__.alias("earlier")
    recent = (
        select(func.count())
        .where(
            earlier.c.tenant_id == ctx.tenant_id,
            earlier.c.customer_id == Customer.id,
            earlier.c.state == "sent",
            earlier.c.sent_at >= now - timedelta(days=settings.frequency_days),
        )
        .scalar_subquery()
    )
    capped = recent >= settings.frequency_cap if settings.frequency_cap > 0 else false()
    reason = case(
        (address == "", "no_address"),
        (and_(~consent, source.in_(WITHDRAWN)), "unsubscribed"),
        (~consent, "no_consent"),
        (capped, "frequency_cap"),
        else_="",
    )
    draw = _draw(campaign.id, "control")
    state = case((reason != "", "skipped"), (draw < campaign.control_percent, "control"), else_="queued")
    # A/B: the test share gets A or B at random (half each); the rest wait for the winner (no variant).
    in_test: Any = literal(False)
    if campaign.test_percent > 0:
        in_test = _draw(campaign.id, "test") < campaign.test_percent
        variant: Any = case((~in_test, None), (_draw(campaign.id, "variant") < 50, "a"), else_="b")
        campaign.next_run_at = now + timedelta(hours=campaign.test_hours)  # when the winner is chosen
    else:
        variant = literal("a")
    rows = select(
        literal(ctx.tenant_id),
        sql_uuid7(),
        literal(campaign.id),
        Customer.id,
        state,
        case((reason != "", reason), (state == "control", "control"), else_=""),
        func.coalesce(Customer.language, default_language),
        address,
        Customer.home_store_id,
        variant,
        in_test,
    ).where(Customer.id.in_(audience_ids(ctx.tenant_id, campaign)))
    columns = ["tenant_id", "id", "campaign_id", "customer_id", "state", "reason", "language", "address", "store_id"]
    columns += ["variant", "in_test"]
    await ctx.session.execute(insert(CampaignRecipient).from_select(columns, rows).on_conflict_do_nothing())
    await _store_links(ctx, campaign)
    counts = (
        await ctx.session.execute(
            select(CampaignRecipient.state, func.count())
            .where(of_tenant(ctx.tenant_id, CampaignRecipient), CampaignRecipient.campaign_id == campaign.id)
            .group_by(CampaignRecipient.state)
        )
    ).all()
    return {str(s): int(n) for s, n in counts}


def _draw(campaign_id: uuid.UUID, purpose: str) -> Any:
    """A number 0–99 per customer, fixed for the campaign and the purpose (control group, A/B test,
    which variant): random across customers, the same on every run."""
    salt = f"{campaign_id}:{purpose}:"
    return func.hashtextextended(func.concat(salt, Customer.id.cast(String)), 0).op("&")(0x7FFFFFFF) % 100


def link_targets(html: str) -> list[str]:
    """The http(s) links of an email's HTML, in order, each once (templated links stay as written)."""
    found: list[str] = []
    for match in _HREF.finditer(html):
        url = unescape(match.group(1))
        if "{{" not in url and "{%" not in url and url not in found:
            found.append(url)
    return found


async def _store_links(ctx: Ctx, campaign: Campaign) -> None:
    if campaign.channel != "email":
        return
    urls: list[str] = []
    for content in (content_of(campaign), content_of(campaign, "b")):
        for message in (content.zh_cn, content.en):
            for url in link_targets(message.html if message is not None else ""):
                if url not in urls:
                    urls.append(url)
    if urls:
        values = [
            {"tenant_id": ctx.tenant_id, "campaign_id": campaign.id, "position": n, "url": url}
            for n, url in enumerate(urls)
        ]
        await ctx.session.execute(insert(CampaignLink).values(values).on_conflict_do_nothing())


# ---- the job ----------------------------------------------------------------------------------


class _Pace:
    """At most `rate` messages a second."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next = time.monotonic()

    async def wait(self) -> None:
        self.next = max(self.next + self.interval, time.monotonic())
        delay = self.next - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)


def sending_job(delivery: Delivery) -> jobs.Handler:
    async def handle(run: JobRun) -> dict[str, Any]:
        return await send_campaign(run, delivery, uuid.UUID(str(run.params["campaign_id"])))

    return handle


SEND_LOOPS = 4  # recipients in flight at once per job, each loop with its own SMTP connection


@dataclass
class _Run:
    """What one run of the send job reads once: the campaign as it was when the run began (its
    status is checked again with every recipient claimed), its links, the stores' names."""

    job: JobRun
    delivery: Delivery
    campaign: Campaign
    links: dict[str, int]
    stores: dict[uuid.UUID, str]
    clock: Callable[[], datetime]
    pace: _Pace
    done: int = 0
    stopped: bool = False


async def send_campaign(
    run: JobRun, delivery: Delivery, campaign_id: uuid.UUID, clock: Callable[[], datetime] = utcnow
) -> dict[str, Any]:
    """Send to the campaign's queued recipients until none is due, the campaign stops, or the
    quiet hours begin; then mark it sent when nobody is left queued. `clock`: the time it is."""
    async with tenant_session(run.sessions, TenantScope(run.tenant_id)) as session:
        campaign = (
            await session.execute(
                select(Campaign).where(of_tenant(run.tenant_id, Campaign), Campaign.id == campaign_id)
            )
        ).scalar_one()
        links = (
            await session.execute(
                select(CampaignLink.url, CampaignLink.position).where(
                    of_tenant(run.tenant_id, CampaignLink), CampaignLink.campaign_id == campaign_id
                )
            )
        ).all()
    rate = delivery.email_per_second if campaign.channel == "email" else delivery.sms_per_second
    state = _Run(run, delivery, campaign, {url: n for url, n in links}, {}, clock, _Pace(rate))
    await asyncio.gather(*(_loop(state) for _ in range(SEND_LOOPS)))
    if not state.stopped:
        await _finish(run, campaign_id)
    await run.progress(state.done, state.done)
    return {"handled": state.done}


async def _loop(state: _Run) -> None:
    email = EmailChannel(state.delivery.smtp)
    try:
        while not state.stopped:
            outcome = await _send_next(state, email, state.clock())
            if outcome == "stop":
                state.stopped = True
            if outcome in ("none", "stop"):
                return
            state.done += 1
            await state.pace.wait()
            if state.done % 100 == 0:
                await state.job.progress(state.done)
    finally:
        await email.close()


async def _send_next(state: _Run, email: EmailChannel, now: datetime) -> str:
    """One recipient: "sent", "skipped", "failed", or "none" (nobody due) / "stop" (paused)."""
    run, campaign = state.job, state.campaign
    prepared: CampaignRecipient | None = None
    try:
        async with tenant_session(run.sessions, TenantScope(run.tenant_id)) as session:
            ctx = system_ctx(session, run.tenant_id, SENDER)
            sending = exists().where(
                of_tenant(run.tenant_id, Campaign),
                Campaign.id == campaign.id,
                Campaign.status == CampaignStatus.SENDING.value,
            )
            recipient = (
                await session.execute(
                    select(CampaignRecipient)
                    .where(
                        of_tenant(run.tenant_id, CampaignRecipient),
                        CampaignRecipient.campaign_id == campaign.id,
                        CampaignRecipient.state == "queued",
                        or_(CampaignRecipient.not_before.is_(None), CampaignRecipient.not_before <= now),
                        CampaignRecipient.variant.is_not(None),  # no variant: waiting for the A/B winner
                        sending,
                    )
                    .order_by(CampaignRecipient.id)
                    .limit(1)
                    .with_for_update(skip_locked=True)
                )
            ).scalar_one_or_none()
            if recipient is None:
                return "none" if (await session.execute(select(sending))).scalar_one() else "stop"
            if campaign.channel == "sms" and (until := await quiet_until(ctx, now)) is not None:
                await _wait_for(ctx, campaign.id, until)
                return "none"
            customer = (
                await session.execute(
                    select(Customer).where(
                        of_tenant(run.tenant_id, Customer),
                        Customer.id == recipient.customer_id,
                        Customer.deleted_at.is_(None),
                    )
                )
            ).scalar_one_or_none()
            skip = "no_address" if customer is None else _skip_now(campaign, customer)
            if skip is not None or customer is None:
                recipient.state, recipient.reason = "skipped", skip or "no_address"
                return "skipped"
            recipient.attempts += 1
            if campaign.channel == "email":
                message = await compose_email(ctx, state, recipient, customer)
                try:
                    await email.prepare(recipient.address, message)
                except (Refused, aiosmtplib.SMTPException, OSError) as error:
                    recipient.state = "bounced" if isinstance(error, Refused) and error.permanent else "failed"
                    recipient.error = str(error)[:500]
                    return "failed"
                prepared = recipient
            else:
                text = await compose_sms(ctx, state, recipient, customer)
                try:
                    await state.delivery.sms.send(run.tenant_id, recipient.address, text, str(recipient.id))
                except Refused as error:
                    recipient.state, recipient.error = "failed", str(error)[:500]
                    return "failed"
            recipient.state, recipient.sent_at = "sent", now
            session.add(touch(recipient, campaign, "sent", now))
        # Committed: the recipient is sent. The dot now.
        if prepared is not None:
            await email.finish()
        return "sent"
    except (Refused, aiosmtplib.SMTPException, OSError) as error:
        if prepared is None:
            raise
        await _failed_after_commit(run, prepared.id, error)
        return "failed"
    except BaseException:
        if prepared is not None:
            await email.abort()  # no dot: the server drops the unfinished message
        raise


def _skip_now(campaign: Campaign, customer: Customer) -> str | None:
    """Why she is not sent to after all (she withdrew consent since the freeze)."""
    consent = customer.email_consent if campaign.channel == "email" else customer.sms_consent
    source = customer.email_consent_source if campaign.channel == "email" else customer.sms_consent_source
    if not consent:
        return "unsubscribed" if source in WITHDRAWN else "no_consent"
    return None


async def _failed_after_commit(run: JobRun, recipient_id: uuid.UUID, error: BaseException) -> None:
    async with tenant_session(run.sessions, TenantScope(run.tenant_id)) as session:
        permanent = isinstance(error, Refused) and error.permanent
        await session.execute(
            update(CampaignRecipient)
            .where(of_tenant(run.tenant_id, CampaignRecipient), CampaignRecipient.id == recipient_id)
            .values(state="bounced" if permanent else "failed", sent_at=None, error=str(error)[:500])
        )


async def _finish(run: JobRun, campaign_id: uuid.UUID) -> None:
    """Sent when no recipient is left queued (and the campaign was not stopped meanwhile)."""
    async with tenant_session(run.sessions, TenantScope(run.tenant_id)) as session:
        ctx = system_ctx(session, run.tenant_id, SENDER)
        campaign = (
            await session.execute(
                select(Campaign).where(of_tenant(run.tenant_id, Campaign), Campaign.id == campaign_id).with_for_update()
            )
        ).scalar_one()
        left = (
            await session.execute(
                select(func.count()).where(
                    of_tenant(run.tenant_id, CampaignRecipient),
                    CampaignRecipient.campaign_id == campaign_id,
                    CampaignRecipient.state == "queued",
                )
            )
        ).scalar_one()
        if campaign.status != CampaignStatus.SENDING.value or left or campaign.next_run_at is not None:
            return
        campaign.status, campaign.finished_at = CampaignStatus.SENT.value, utcnow()
        record(
            ctx,
            CAMPAIGN,
            campaign,
            "sent",
            topic=CAMPAIGN_SENT,
            from_status=CampaignStatus.SENDING.value,
            by=system_actor(SENDER),
        )


# ---- quiet hours ------------------------------------------------------------------------------


async def quiet_until(ctx: Ctx, now: datetime) -> datetime | None:
    """When the tenant's SMS quiet hours end, if `now` is inside them (None: SMS may go now)."""
    settings = await get_settings(ctx)
    start, end = settings.quiet_start_minute, settings.quiet_end_minute
    if start == end:
        return None
    local = now.astimezone(await tenant_zone(ctx.session, ctx.tenant_id))
    minute = local.hour * 60 + local.minute
    inside = start <= minute or minute < end if start > end else start <= minute < end
    if not inside:
        return None
    day = local.date() if minute < end else local.date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, end // 60, end % 60, tzinfo=local.tzinfo)


async def _wait_for(ctx: Ctx, campaign_id: uuid.UUID, until: datetime) -> None:
    await ctx.session.execute(
        update(CampaignRecipient)
        .where(
            of_tenant(ctx.tenant_id, CampaignRecipient),
            CampaignRecipient.campaign_id == campaign_id,
            CampaignRecipient.state == "queued",
        )
        .values(not_before=until)
    )
    await ctx.session.execute(
        update(Campaign).where(of_tenant(ctx.tenant_id, Campaign), Campaign.id == campaign_id).values(next_run_at=until)
    )


# ---- composing --------------------------------------------------------------------------------


def link(base: str, path: str, token: str) -> str:
    return f"{base.rstrip('/')}/api/v1/public/{path}/{token}"


async def compose_email(ctx: Ctx, state: _Run, recipient: CampaignRecipient, customer: Customer) -> EmailMessage:
    campaign, delivery = state.campaign, state.delivery
    language, message = message_in(content_of(campaign, recipient.variant), recipient.language)
    values = await personal(ctx, customer, campaign.coupon_code, language, state.stores)
    base = delivery.public_base_url
    unsubscribe_token = sign(UNSUBSCRIBE, ctx.tenant_id, recipient.id)
    one_click = link(base, "unsubscribe", unsubscribe_token)
    page = f"{base.rstrip('/')}/unsubscribe/{unsubscribe_token}"
    html = render(message.html, values, html=True)
    html = _tracked_links(ctx, state.links, recipient, html, base)
    footer = (
        f'<p style="font-size:12px;color:#888"><a href="{page}">'
        + ("退订" if language == "zh-CN" else "Unsubscribe")
        + "</a></p>"
    )
    pixel = f'<img src="{link(base, "o", sign(OPEN, ctx.tenant_id, recipient.id))}" width="1" height="1" alt="">'
    text = render(message.text, values) or plain_text(html)
    text += ("\n\n退订：" if language == "zh-CN" else "\n\nUnsubscribe: ") + page
    email = EmailMessage()
    email["From"] = delivery.smtp.sender
    email["To"] = recipient.address
    email["Subject"] = render(message.subject, values)
    email["Date"] = formatdate(usegmt=True)
    email["Message-ID"] = message_id(recipient.id)
    email[TENANT_HEADER] = str(ctx.tenant_id)
    email["List-Unsubscribe"] = f"<{one_click}>"
    email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    email.set_content(text)
    email.add_alternative(f"{html}{footer}{pixel}", subtype="html")
    return email


def plain_text(html: str) -> str:
    """The plain part of an email written only in HTML: its text, each link as "label (URL)" so
    readers without HTML (and the dev mailbox) can follow it."""
    linked = re.sub(r'<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>', r"\2 (\1)", html, flags=re.IGNORECASE | re.DOTALL)
    return unescape(re.sub(r"<[^>]+>", "", linked)).strip()


def _tracked_links(ctx: Ctx, positions: dict[str, int], recipient: CampaignRecipient, html: str, base: str) -> str:
    def rewrite(match: re.Match[str]) -> str:
        position = positions.get(unescape(match.group(1)))
        if position is None:
            return match.group(0)
        return f'href="{link(base, "c", sign(CLICK, ctx.tenant_id, recipient.id, position))}"'

    return _HREF.sub(rewrite, html)


async def compose_sms(ctx: Ctx, state: _Run, recipient: CampaignRecipient, customer: Customer) -> str:
    language, message = message_in(content_of(state.campaign, recipient.variant), recipient.language)
    values = await personal(ctx, customer, state.campaign.coupon_code, language, state.stores)
    return sms_text(render(message.text, values), language)


CUSTOMER_LINK = "customer (campaign link)"  # who opened, clicked or unsubscribed: she did


def touch(recipient: CampaignRecipient, campaign: Campaign, kind: str, at: datetime) -> Any:
    """The touch on her timeline (`campaign.sent` by the sender; `.opened`, `.clicked`,
    `.unsubscribed` by her, through the message's links)."""
    actor = (
        system_actor(SENDER)
        if kind == "sent"
        else Actor(type="customer", id=recipient.customer_id, label=CUSTOMER_LINK)
    )
    change = Change(kind, "", "", actor, "", {"channel": campaign.channel}, at)
    return timeline_entry(
        recipient.tenant_id, recipient.customer_id, "campaign", campaign.id, change, label=campaign.name
    )
