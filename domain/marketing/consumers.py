"""What marketing does when events are delivered: keep stored segment membership current (a change
of a customer, one of her orders or returns, tickets or loyalty account re-evaluates, for her
alone, the dynamic segments whose rules read that context: membership.reconcile), and ask the
managers who may approve a campaign in the bell."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from domain.integrations.events import Event
from domain.integrations.notifications import Notice, lang_of, notify_once
from domain.kernel.events import CATALOGUE, names
from domain.kernel.recorder import system_ctx
from domain.marketing.catalogue import Source
from domain.marketing.events import CAMPAIGN_AWAITING_APPROVAL
from domain.marketing.membership import reconcile
from tenants.staff import users_who_can

MEMBERSHIP = "segment membership"
# The topics (by prefix) that change what each source reads.
SOURCES_BY_PREFIX = {
    "customer.": Source.CUSTOMER,
    "order.": Source.ORDERS,
    "return.": Source.ORDERS,
    "ticket.": Source.TICKETS,
    "loyalty.": Source.LOYALTY,
}


def source_of(topic: str) -> Source | None:
    return next((s for prefix, s in SOURCES_BY_PREFIX.items() if topic.startswith(prefix)), None)


def customer_of(event: Event) -> uuid.UUID | None:
    """Whom the event is about: the customer herself, or the customer of the order, return,
    ticket or loyalty account (None: a walk-in sale)."""
    if event.aggregate_type == "customer":
        return event.aggregate_id
    raw = event.data.get("customer_id")
    return uuid.UUID(str(raw)) if raw else None


class SegmentMembership:
    """Idempotent: it computes her membership from the rows as they are now, whatever ran before."""

    name = "segments"

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(t.name for t in CATALOGUE.topics() if source_of(t.name) is not None)

    async def handle(self, session: AsyncSession, event: Event) -> None:
        source, customer_id = source_of(event.topic), customer_of(event)
        if source is None or customer_id is None:
            return
        await reconcile(system_ctx(session, event.tenant_id, MEMBERSHIP), customer_id, {source})


APPROVE = "campaigns:approve"
AWAITING_APPROVAL = "campaign.awaiting_approval"
_TITLES = {"zh": "营销活动「{name}」待审批", "en": "Campaign “{name}” awaits approval"}
_BODIES = {"zh": "请在发送前审批或退回。", "en": "Approve it or send it back before it goes out."}


class CampaignApprovalRequests:
    """On `campaign.awaiting_approval`, notify every active user who may approve campaigns and can
    see this one: all-store approvers for a chain-wide campaign, else those whose scope covers each
    of its stores. Idempotent by (event id, user id)."""

    name = "campaign_approvals"
    topics = names(CAMPAIGN_AWAITING_APPROVAL)

    async def handle(self, session: AsyncSession, event: Event) -> None:
        campaign = CAMPAIGN_AWAITING_APPROVAL.decode(event.data)
        if campaign.store_ids is None:
            everyone = await users_who_can(session, event.tenant_id, APPROVE, None)
            scoped = {u for u, _ in await users_who_can(session, event.tenant_id, APPROVE, None, chain_wide=False)}
            approvers = [(u, locale) for u, locale in everyone if u not in scoped]
        else:
            found = [await users_who_can(session, event.tenant_id, APPROVE, s) for s in campaign.store_ids]
            common = set.intersection(*({u for u, _ in people} for people in found)) if found else set()
            approvers = [(u, locale) for u, locale in found[0] if u in common] if found else []
        notices = []
        for user_id, locale in approvers:
            lang = lang_of(locale)
            notices.append(Notice(user_id, _TITLES[lang].format(name=campaign.name), _BODIES[lang]))
        await notify_once(session, event, AWAITING_APPROVAL, f"/campaigns/{event.aggregate_id}", notices)
