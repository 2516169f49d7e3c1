"""Customer request and response schemas."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from tenants.schemas import Input, Locale, example

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
    created_by: uuid.UUID | None
    updated_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int


Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Phone = Annotated[str, msgspec.Meta(min_length=3, max_length=32)]
EmailText = Annotated[str, msgspec.Meta(min_length=3, max_length=254)]
Notes = Annotated[str, msgspec.Meta(max_length=5000)]
ExternalId = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class CustomerCreate(Input):
    name: Annotated[Name, example("李四")]
    gender: Annotated[Gender, example("female")] = "unknown"
    birthday: Annotated[date, example("1990-05-20")] | None = None
    phone: Annotated[Phone, example("13812345678")] | None = None
    email: Annotated[EmailText, example("li.si@example.com")] | None = None
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


class CustomerUpdate(Input):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    gender: Gender | msgspec.UnsetType = msgspec.UNSET
    birthday: date | msgspec.UnsetType | None = msgspec.UNSET
    phone: Phone | msgspec.UnsetType | None = msgspec.UNSET
    email: EmailText | msgspec.UnsetType | None = msgspec.UNSET
    address: Address | msgspec.UnsetType = msgspec.UNSET
    tags: Annotated[list[Tag], msgspec.Meta(max_length=50)] | msgspec.UnsetType = msgspec.UNSET
    lifecycle_stage: Stage | msgspec.UnsetType = msgspec.UNSET
    home_store_id: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET
    assigned_to: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET
    consent: ConsentChanges | msgspec.UnsetType = msgspec.UNSET
    notes: Notes | msgspec.UnsetType = msgspec.UNSET
    external_id: ExternalId | msgspec.UnsetType | None = msgspec.UNSET
    language: Locale | msgspec.UnsetType | None = msgspec.UNSET


class CustomerFilters(msgspec.Struct, kw_only=True):
    q: str | None = None
    tag: str | None = None
    stage: Stage | None = None
    home_store_id: uuid.UUID | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    sort: Sort = "-created_at"


Visibility = Literal["chain", "home_store"]


class CustomerSettings(msgspec.Struct, kw_only=True):
    """`visibility`: "chain" — every store of the chain sees and serves every member (the
    default); "home_store" — store-scoped staff see only customers of their stores (and those
    without a home store). `own` scope narrows to assigned/created customers in both."""

    visibility: Visibility


class CustomerSettingsUpdate(Input):
    visibility: Visibility
