"""How the change recorder sees a segment and a campaign (their audit entries carry their name and
kind), and the topics a campaign emits when it starts and when it has been sent."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from domain.kernel.events import Timestamp, topic
from domain.kernel.recorder import AggregateKind
from domain.marketing.models import Campaign, Segment


def _snapshot(segment: Segment) -> dict[str, Any]:
    return {"name": segment.name, "kind": segment.kind}


SEGMENT: AggregateKind[Segment] = AggregateKind("segment", _snapshot, lambda segment: None)

CAMPAIGN: AggregateKind[Campaign] = AggregateKind(
    "campaign", lambda c: {"name": c.name, "channel": c.channel, "status": c.status}, lambda campaign: None
)


class CampaignData(msgspec.Struct, kw_only=True):
    """What every campaign event carries."""

    name: str
    channel: str  # email | sms
    status: str


class CampaignStarted(CampaignData, kw_only=True):
    queued: int  # recipients to send to
    skipped: int  # skipped by the send-time rules
    control: int  # held out


class CampaignAwaitingApproval(CampaignData, kw_only=True):
    store_ids: list[uuid.UUID] | None  # the campaign's stores (None: the chain): who may approve it
    scheduled_at: Timestamp | None


CAMPAIGN_AWAITING_APPROVAL = topic(
    "campaign.awaiting_approval",
    CampaignAwaitingApproval,
    "A campaign was scheduled and waits for a manager's approval (the tenant asks for one).",
)
CAMPAIGN_STARTED = topic(
    "campaign.started", CampaignStarted, "A campaign's audience was frozen and its messages began to go out."
)
CAMPAIGN_SENT = topic("campaign.sent", CampaignData, "Every recipient of a campaign has been sent to (or skipped).")
