"""Marketing's problems."""

from __future__ import annotations

from tenants.errors import Conflict


class SegmentNameTaken(Conflict):
    """409: another segment of the tenant has this name."""

    code = "segment_name_taken"


class SegmentKindMismatch(Conflict):
    """409: the action belongs to the other kind of segment (members of a dynamic segment follow
    its rules; a static segment has no rules to rebuild from)."""

    code = "segment_kind_mismatch"


class CampaignNameTaken(Conflict):
    """409: another campaign of the tenant has this name."""

    code = "campaign_name_taken"
