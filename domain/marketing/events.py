"""How the change recorder sees a segment: its audit entries (`segment.created`, `.updated`,
`.deleted`, `.members_added` …) carry its name and kind. Segments emit no catalogue topic yet."""

from __future__ import annotations

from typing import Any

from domain.kernel.recorder import AggregateKind
from domain.marketing.models import Segment


def _snapshot(segment: Segment) -> dict[str, Any]:
    return {"name": segment.name, "kind": segment.kind}


SEGMENT: AggregateKind[Segment] = AggregateKind("segment", _snapshot, lambda segment: None)
