"""The campaign lifecycle: draft → (pending approval →) scheduled → sending → sent, with pause,
resume and cancel. Sending starts by itself at `scheduled_at` (the sweeper) and ends when every
recipient is done; the actions people take are the table's rows."""

from __future__ import annotations

from enum import StrEnum

from domain.kernel.lifecycle import Lifecycle, step


class CampaignStatus(StrEnum):
    DRAFT = "draft"  # being written: content, audience and schedule editable
    PENDING_APPROVAL = "pending_approval"  # the tenant asks a manager to approve campaigns
    SCHEDULED = "scheduled"  # waits for scheduled_at (or the next minute)
    SENDING = "sending"  # the audience is frozen; recipients are being sent to
    PAUSED = "paused"  # stopped by hand; resume goes on where it stopped
    SENT = "sent"  # every recipient done
    CANCELLED = "cancelled"  # stopped for good; whoever was sent to stays sent


class CampaignAction(StrEnum):
    EDIT = "edit"
    SCHEDULE = "schedule"
    APPROVE = "approve"
    REJECT = "reject"
    PAUSE = "pause"
    RESUME = "resume"
    CANCEL = "cancel"


S = CampaignStatus
SEND = "campaigns:send"
SEND_KIND = "campaigns.send"  # the long job that sends a campaign's queued recipients

LIFECYCLE: Lifecycle[CampaignStatus, CampaignAction] = Lifecycle(
    "campaign",
    CampaignStatus,
    {
        CampaignAction.EDIT: step([S.DRAFT], "campaigns:manage"),
        # Where scheduling leads depends on the tenant's approval setting (actions.schedule).
        CampaignAction.SCHEDULE: step([S.DRAFT], SEND),
        CampaignAction.APPROVE: step([S.PENDING_APPROVAL], "campaigns:approve", S.SCHEDULED),
        CampaignAction.REJECT: step([S.PENDING_APPROVAL], "campaigns:approve", S.DRAFT),
        CampaignAction.PAUSE: step([S.SCHEDULED, S.SENDING], SEND, S.PAUSED),
        # Back to sending when it had started, else to its schedule (actions.resume).
        CampaignAction.RESUME: step([S.PAUSED], SEND),
        CampaignAction.CANCEL: step([S.DRAFT, S.PENDING_APPROVAL, S.SCHEDULED, S.SENDING, S.PAUSED], SEND, S.CANCELLED),
    },
)
