"""Customer request and response schemas."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

from domain.custom_fields.public import CustomValues
from domain.custom_fields.public import Key as CustomKey
from tenants.schemas import Input, Instant, Locale, NewEmail, PhoneNumber, example

Gender = Literal["male", "female", "unknown"]
Stage = Literal["lead", "prospect", "customer", "vip", "churned"]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=50)]
Short = Annotated[str, msgspec.Meta(max_length=50)]
SORTS = ("created_at", "-created_at", "name", "-name", "updated_at", "-updated_at")
Sort = Literal["created_at", "-created_at", "name", "-name", "updated_at", "-updated_at"]


class Address(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    province: Short = ""
    city: Short = ""
    district: Short = ""
    detail: Annotated[str, msgspec.Meta(max_length=300)] = ""


class ConsentState(msgspec.Struct, kw_only=True):
    granted: bool
    at: datetime | None
    source: str


class Consent(msgspec.Struct, kw_only=True):
    email: ConsentState
    sms: ConsentState


class ConsentChange(Input):
    granted: bool
    source: Annotated[str, msgspec.Meta(min_length=1, max_length=50)] = "staff"


class ConsentChanges(Input):
    email: ConsentChange | None = None
    sms: ConsentChange | None = None


class Customer(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    name: str
    gender: Gender
    birthday: date | None
    phone: str | None
    email: str | None
    address: Address
    tags: list[str]
    lifecycle_stage: Stage
    home_store_id: uuid.UUID | None
    assigned_to: uuid.UUID | None
    consent: Consent
    notes: str
    external_id: str | None
    language: Locale | None  # the language of the messages she receives; null: the tenant's
    custom: dict[str, Any]  # the tenant's custom fields, by key (GET /custom-fields?entity=customer)
    created_by: uuid.UUID | None
    updated_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int


Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Notes = Annotated[str, msgspec.Meta(max_length=5000)]
ExternalId = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class CustomerCreate(Input):
    name: Annotated[Name, example("李四")]
    gender: Annotated[Gender, example("female")] = "unknown"
    birthday: Annotated[date, example("1990-05-20")] | None = None
    phone: PhoneNumber | None = None  # its examples come with the type
    email: Annotated[NewEmail, example("li.si@example.com")] | None = None
    address: Address = msgspec.field(default_factory=Address)
    tags: Annotated[list[Tag], msgspec.Meta(max_length=50), example(["green-tea"])] = msgspec.field(
        default_factory=list
    )
    lifecycle_stage: Annotated[Stage, example("customer")] = "lead"
    home_store_id: uuid.UUID | None = None
    assigned_to: uuid.UUID | None = None
    consent: ConsentChanges | None = None
    notes: Notes = ""
    external_id: ExternalId | None = None
    language: Locale | None = None
    custom: CustomValues = msgspec.field(default_factory=dict)


class CustomerUpdate(Input):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    gender: Gender | msgspec.UnsetType = msgspec.UNSET
    birthday: date | msgspec.UnsetType | None = msgspec.UNSET
    phone: PhoneNumber | msgspec.UnsetType | None = msgspec.UNSET
    email: NewEmail | msgspec.UnsetType | None = msgspec.UNSET
    address: Address | msgspec.UnsetType = msgspec.UNSET
    tags: Annotated[list[Tag], msgspec.Meta(max_length=50)] | msgspec.UnsetType = msgspec.UNSET
    lifecycle_stage: Stage | msgspec.UnsetType = msgspec.UNSET
    home_store_id: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET
    assigned_to: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET
    consent: ConsentChanges | msgspec.UnsetType = msgspec.UNSET
    notes: Notes | msgspec.UnsetType = msgspec.UNSET
    external_id: ExternalId | msgspec.UnsetType | None = msgspec.UNSET
    language: Locale | msgspec.UnsetType | None = msgspec.UNSET
    custom: CustomValues | msgspec.UnsetType = msgspec.UNSET


class CustomerFilters(msgspec.Struct, kw_only=True):
    q: str | None = None
    tag: str | None = None
    stage: Stage | None = None
    home_store_id: uuid.UUID | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    sort: Sort = "-created_at"
    custom: dict[str, list[str]] = msgspec.field(default_factory=dict)  # ?cf.<key>=<value>


Visibility = Literal["chain", "home_store"]


class CustomerSettings(msgspec.Struct, kw_only=True):
    """`visibility`: "chain" — every store of the chain sees and serves every member (the
    default); "home_store" — store-scoped staff see only customers of their stores (and those
    without a home store). `own` scope narrows to assigned/created customers in both."""

    visibility: Visibility


class CustomerSettingsUpdate(Input):
    visibility: Visibility


# ---- the timeline and activities ----

ActivityKind = Literal["note", "call", "visit", "message"]
ActivityBody = Annotated[str, msgspec.Meta(min_length=1, max_length=5000)]


# What a moment of the timeline can be about (the feed's `kind` filter).
TimelineSubject = Literal["order", "ticket", "activity", "customer", "loyalty", "campaign"]


class TimelineItem(msgspec.Struct, kw_only=True):
    """One moment of a customer's timeline. `kind` is `<subject>.<change>`: `order.created`,
    `order.payment_recorded`, `ticket.replied`, `activity.call`, `customer.updated` …"""

    id: uuid.UUID
    kind: str
    occurred_at: datetime
    store_id: uuid.UUID | None  # the store of the order or ticket; null: the customer's own
    subject_type: TimelineSubject
    subject_id: uuid.UUID  # the order, ticket, activity or customer it is about
    subject_label: str  # the order's or ticket's number
    from_status: str
    to_status: str
    actor_type: str
    actor_id: uuid.UUID | None
    actor_label: str
    actor_name: str | None = None  # the acting user's current name
    note: str
    data: dict[str, Any] | None


class ActivityCreate(Input):
    kind: ActivityKind
    body: ActivityBody
    occurred_at: Instant | None = None  # default: now; a call logged afterwards says when it was


class ActivityUpdate(Input):
    kind: ActivityKind | msgspec.UnsetType = msgspec.UNSET
    body: ActivityBody | msgspec.UnsetType = msgspec.UNSET
    occurred_at: Instant | msgspec.UnsetType = msgspec.UNSET


class Activity(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    customer_id: uuid.UUID
    kind: ActivityKind
    body: str
    occurred_at: datetime
    author_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int
    editable_until: datetime  # its author may change or remove it until then


class MemberTier(msgspec.Struct, kw_only=True):
    code: str
    name_zh: str
    name_en: str
    threshold: Decimal
    discount_percent: Decimal


class MemberPoints(msgspec.Struct, kw_only=True):
    """Her loyalty points as the 360 header shows them (chain-wide, whatever the caller's stores)."""

    member_number: str | None  # None: not a member yet
    balance: int
    tier: MemberTier | None


class CustomerSummary(msgspec.Struct, kw_only=True):
    """The figures a store manager looks at first, as the caller may see them: purchases are the
    orders of her stores (accepted and not stopped), net of refunds, in the tenant's currency."""

    customer_id: uuid.UUID
    currency: str
    lifetime_spend: Decimal
    orders: int
    average_basket: Decimal | None  # none before her first purchase
    first_purchase_at: datetime | None
    last_purchase_at: datetime | None
    open_tickets: int
    consent: Consent
    loyalty: MemberPoints


# ---- export ----

ExportColumn = Literal[
    "name", "phone", "email", "gender", "birthday", "tags", "lifecycle_stage", "home_store", "email_consent",
    "sms_consent", "created_at",
]  # fmt: skip


class CustomerExportFilters(Input):
    """The customer list's filters (GET /customers), as the list view has them."""

    q: Annotated[str, msgspec.Meta(max_length=100)] | None = None
    tag: Annotated[str, msgspec.Meta(max_length=50)] | None = None
    stage: Stage | None = None
    home_store_id: uuid.UUID | None = None
    created_from: Instant | None = None
    created_to: Instant | None = None
    # The list's `?cf.<key>=<value>` filters, as key → value.
    custom: Annotated[
        dict[Annotated[str, msgspec.Meta(max_length=40)], Annotated[str, msgspec.Meta(max_length=500)]],
        msgspec.Meta(max_length=20),
    ] = msgspec.field(default_factory=dict)


class CustomerExport(Input, tag_field="resource", tag="customers"):
    """Export the customer list as filtered. Omit `columns` and `custom_columns` for every column
    (the custom fields forms show after the others, in form order); otherwise the columns named,
    in order, then the custom fields named by key (none when `custom_columns` is omitted)."""

    filters: CustomerExportFilters = msgspec.field(default_factory=CustomerExportFilters)
    columns: Annotated[list[ExportColumn], msgspec.Meta(max_length=11)] | None = None
    custom_columns: Annotated[list[CustomKey], msgspec.Meta(max_length=100)] | None = None
    format: Literal["csv", "xlsx"] = "xlsx"
    excel_bom: bool = True  # CSV only: a UTF-8 BOM, so Chinese Excel opens it in the right encoding


# ---- duplicates and merge ----

Likeness = Literal["same_email", "same_name_and_birthday", "same_pinyin_and_last4"]


class DuplicateCheck(Input):
    """A customer being entered, as far as the form has her."""

    name: Name
    phone: Annotated[str, msgspec.Meta(max_length=32)] | None = None
    email: Annotated[str, msgspec.Meta(max_length=254)] | None = None
    birthday: date | None = None


class DuplicateCandidate(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    name: str
    reasons: list[Likeness]
    score: float  # 0–1: how likely the same person (more shared keys, higher)


class CustomerBrief(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    name: str


class DuplicatePair(msgspec.Struct, kw_only=True):
    first: CustomerBrief
    second: CustomerBrief
    reasons: list[Likeness]
    score: float


MergeField = Literal[
    "name", "gender", "birthday", "phone", "email", "address", "lifecycle_stage", "home_store_id", "assigned_to",
    "notes", "external_id", "language",
]  # fmt: skip


class MergeIn(Input):
    """Merge `other_id` into this customer. Each field in `keep` says whose value survives
    (default: this customer's); tags are united, consent takes the more restrictive answer."""

    other_id: uuid.UUID
    keep: dict[MergeField, Literal["this", "other"]] = msgspec.field(default_factory=dict)  # keys: in the contract
