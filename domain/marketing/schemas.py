"""Segment request and response schemas. Rules are a tree of groups (`all` / `any` of their
conditions) and conditions (a catalogue field, an operator, a value, and `days` for the fields
measured over a window); rules.py checks them against the tenant's field catalogue."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from domain.marketing.catalogue import Group, Kind, Op
from tenants.schemas import Input, example

SegmentKind = Literal["dynamic", "static"]
SegmentState = Literal["building", "ready"]
Match = Literal["all", "any"]
# Strings (codes, ids, dates, decimal amounts), whole numbers, true/false, or a list of them.
Value = str | int | bool | list[str | int] | None
Days = Annotated[int, msgspec.Meta(ge=1, le=3650, description="The window: the last N days (absent: ever)")]
SegmentName = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
Description = Annotated[str, msgspec.Meta(max_length=2000)]
StoreIds = Annotated[list[uuid.UUID], msgspec.Meta(min_length=1, max_length=200)]
MAX_CONDITIONS = 50
MAX_DEPTH = 4


class Condition(Input, tag="condition", tag_field="type"):
    """`field` from GET /segments/fields, one of its `operators`, and the value that operator
    takes: a list for in / not_in / any_of / all_of / none_of, [low, high] for between, a date
    YYYY-MM-DD for before / after, N for in_last_days / not_in_last_days, nothing for is_set /
    is_not_set / in_current_month, else one value of the field's kind."""

    field: Annotated[str, msgspec.Meta(min_length=1, max_length=80, examples=["spend"])]
    operator: Annotated[Op, example("gte")]
    value: Annotated[Value, example("1000")] = None
    days: Days | None = None


class RuleGroup(Input, tag="group", tag_field="type"):
    """Every (`all`) or at least one (`any`) of the conditions and nested groups holds."""

    match: Annotated[Match, example("all")]
    conditions: Annotated[list[Condition | RuleGroup], msgspec.Meta(min_length=1, max_length=MAX_CONDITIONS)]


class SegmentCreate(Input):
    name: Annotated[SegmentName, example("近90天高消费会员")]
    kind: Annotated[SegmentKind, example("dynamic")] = "dynamic"
    rules: RuleGroup | None = None  # required for a dynamic segment, absent for a static one
    store_ids: StoreIds | None = None  # only customers of these home stores (absent: the chain)
    description: Description = ""


class SegmentUpdate(Input):
    name: SegmentName | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    rules: RuleGroup | msgspec.UnsetType = msgspec.UNSET  # a dynamic segment's only
    store_ids: StoreIds | msgspec.UnsetType | None = msgspec.UNSET


class PreviewRequest(Input):
    rules: RuleGroup
    store_ids: StoreIds | None = None


class SnapshotRequest(Input):
    name: SegmentName


class MembersChange(Input):
    customer_ids: Annotated[list[uuid.UUID], msgspec.Meta(min_length=1, max_length=1000)]


class MemberSample(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    name: str
    phone: str | None  # masked: 138****8000
    home_store_id: uuid.UUID | None
    lifecycle_stage: str


class Preview(msgspec.Struct, kw_only=True):
    count: int  # the customers the caller may see who match
    sample: list[MemberSample]  # up to 20 of them, newest first
    computed_at: datetime


class Segment(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    name: str
    description: str
    kind: SegmentKind
    rules: RuleGroup | None
    store_ids: list[uuid.UUID] | None
    member_count: int  # stored members (the chain's count inside the segment's stores)
    state: SegmentState  # building: the stored members are being computed
    built_at: datetime | None
    time_relative: bool  # some rule moves with the calendar: swept once a day
    created_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int


class SegmentMember(msgspec.Struct, kw_only=True):
    customer_id: uuid.UUID
    name: str
    phone: str | None  # masked
    home_store_id: uuid.UUID | None
    joined_at: datetime


class SizePoint(msgspec.Struct, kw_only=True):
    day: date  # the tenant's calendar day
    size: int  # members at the end of the day
    joined: int
    left: int


class SizeHistory(msgspec.Struct, kw_only=True):
    items: list[SizePoint]


class MembersChanged(msgspec.Struct, kw_only=True):
    added: int
    removed: int
    member_count: int


class FieldOption(msgspec.Struct, kw_only=True):
    value: str
    label_zh: str
    label_en: str


class SegmentField(msgspec.Struct, kw_only=True):
    key: str
    group: Group
    kind: Kind
    label_zh: str
    label_en: str
    operators: list[Op]
    options: list[FieldOption]  # enum and tag fields with fixed choices
    ref: str | None  # ref fields: store, region, product or category ids
    windowed: bool  # takes `days`
    minimum: int | None
    maximum: int | None


class FieldCatalogue(msgspec.Struct, kw_only=True):
    items: list[SegmentField]
    currency: str


class RfmCell(msgspec.Struct, kw_only=True):
    segment: str
    label_zh: str
    label_en: str
    customers: int
    revenue: Decimal
    revenue_share: Decimal  # of the scored customers' revenue, 0–1


class RfmOverview(msgspec.Struct, kw_only=True):
    items: list[RfmCell]
    scored: int  # customers with a purchase, scored
    computed_at: datetime | None
