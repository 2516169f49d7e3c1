"""Definition row → response schema."""

from __future__ import annotations

from typing import cast

import msgspec

from domain.custom_fields.models import CustomField as FieldRow
from domain.custom_fields.schemas import CustomField, CustomFieldOption, Entity, FieldType


def field_out(row: FieldRow) -> CustomField:
    return CustomField(
        id=row.id,
        entity=cast(Entity, row.entity),
        key=row.key,
        label_zh=row.label_zh,
        label_en=row.label_en,
        type=cast(FieldType, row.type),
        options=[msgspec.convert(o, CustomFieldOption) for o in row.options or []],
        required=row.required,
        filterable=row.filterable,
        filter_state="off" if not row.filterable else "ready" if row.filter_ready else "preparing",
        archived=row.archived,
        position=row.position,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )
