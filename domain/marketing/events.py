"""How the change recorder sees a segment and a campaign: their audit entries (`segment.created`,
`campaign.scheduled` …) carry their name and kind. They emit no catalogue topic yet."""

from __future__ import annotations

from typing import Any

from domain.kernel.recorder import AggregateKind
from domain.marketing.models import Campaign, Segment


def _snapshot(segment: Segment) -> dict[str, Any]:
    return {"name": segment.name, "kind": segment.kind}


SEGMENT: AggregateKind[Segment] = AggregateKind("segment", _snapshot, lambda segment: None)

CAMPAIGN: AggregateKind[Campaign] = AggregateKind(
    "campaign", lambda c: {"name": c.name, "channel": c.channel, "status": c.status}, lambda campaign: None
)
