"""Rows → segment responses."""

from __future__ import annotations

from typing import Any

from domain.marketing.membership import rules_of
from domain.marketing.models import Segment as SegmentRow
from domain.marketing.schemas import MemberSample, Segment


def mask_phone(phone: str | None) -> str | None:
    """138****8000: enough to tell two members apart on a list, not to call them."""
    if not phone:
        return None
    digits = phone.removeprefix("+86")
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


def segment_out(row: SegmentRow) -> Segment:
    return Segment(
        id=row.id,
        name=row.name,
        description=row.description,
        kind=row.kind,  # type: ignore[arg-type]
        rules=rules_of(row) if row.rules is not None else None,
        store_ids=list(row.store_ids) if row.store_ids is not None else None,
        member_count=row.member_count,
        state=row.state,  # type: ignore[arg-type]
        built_at=row.built_at,
        time_relative=row.time_relative,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def sample_out(row: Any) -> MemberSample:
    return MemberSample(
        id=row.id,
        name=row.name,
        phone=mask_phone(row.phone),
        home_store_id=row.home_store_id,
        lifecycle_stage=row.lifecycle_stage,
    )
