"""What other contexts may use of marketing: a segment's stored members, for the campaigns and
reports that target or count them (campaigns come next)."""

from __future__ import annotations

from domain.marketing.membership import matching, rebuild, reconcile
from domain.marketing.models import Segment, SegmentMember

__all__ = ["Segment", "SegmentMember", "matching", "rebuild", "reconcile"]
