"""Custom field definitions: request and response schemas.

`Entity` lists the records that carry custom fields; a context that wants them (leads, next)
adds its name here and registers its table (`public.register_entity`), nothing else."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

import msgspec

from tenants.schemas import Input, example

Entity = Literal["customer", "product"]
FieldType = Literal["text", "number", "decimal", "date", "boolean", "select", "multiselect"]
FilterState = Literal["off", "preparing", "ready"]
CHOICE_TYPES: frozenset[str] = frozenset({"select", "multiselect"})

KEY_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
Key = Annotated[
    str,
    msgspec.Meta(
        pattern=KEY_PATTERN,
        description="Lowercase letters, digits and underscores, starting with a letter (at most 40)",
    ),
]
Label = Annotated[str, msgspec.Meta(max_length=100)]
# No space at either end. The class is written out because `\S` differs between the engines that
# read it: Python's counts \x1c–\x1f and \x85 as space, the contract's (ECMAScript) does not, so
# `\S` let the contract promise values the server refused.
_EDGE = r"[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
OptionValue = Annotated[str, msgspec.Meta(min_length=1, max_length=60, pattern=f"^{_EDGE}(.*{_EDGE})?$")]
MAX_OPTIONS = 100


class CustomFieldOption(Input):
    """One choice of a select or multiselect field: the stored `value` and its labels."""

    value: Annotated[OptionValue, example("gold")]
    label_zh: Annotated[Label, example("金卡")] = ""
    label_en: Annotated[Label, example("Gold")] = ""


class CustomField(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    entity: Entity
    key: str
    label_zh: str
    label_en: str
    type: FieldType
    options: list[CustomFieldOption]
    required: bool  # a new record must have a value
    filterable: bool  # lists filter by it: `?cf.<key>=<value>`
    # off: not filterable; preparing: a job is writing the terms of the values records hold (the
    # filter is a 409 custom_field_filter_preparing until then); ready: lists filter by it.
    filter_state: FilterState
    archived: bool  # hidden from forms and lists; values stay on the records
    position: int  # the order forms and lists show the fields in
    created_at: datetime
    updated_at: datetime
    version: int


class CustomFieldList(msgspec.Struct, kw_only=True):
    items: list[CustomField]


_LABEL_RULE: dict[str, Any] = {
    "anyOf": [
        {"required": ["label_zh"], "properties": {"label_zh": {"type": "string", "minLength": 1}}},
        {"required": ["label_en"], "properties": {"label_en": {"type": "string", "minLength": 1}}},
    ],
    "description": "A field needs a Chinese or an English label; select and multiselect fields need options.",
}


class CustomFieldCreate(Input):
    json_schema_rules: ClassVar[dict[str, Any]] = _LABEL_RULE

    entity: Annotated[Entity, example("customer")]
    key: Annotated[Key, example("member_tier")]
    type: Annotated[FieldType, example("select")]
    label_zh: Annotated[Label, example("会员等级")] = ""
    label_en: Annotated[Label, example("Member tier")] = ""
    options: Annotated[list[CustomFieldOption], msgspec.Meta(max_length=MAX_OPTIONS)] = msgspec.field(
        default_factory=list
    )
    required: bool = False
    filterable: bool = False
    # Omitted: after the others (UNSET, not None: a position is a number or absent).
    position: Annotated[int, msgspec.Meta(ge=0, le=10_000)] | msgspec.UnsetType = msgspec.UNSET


class CustomFieldUpdate(Input):
    """Change the fields sent. `type` changes only while no record has a value (409
    `custom_field_in_use`); `entity` and `key` never change (archive and create another)."""

    type: FieldType | msgspec.UnsetType = msgspec.UNSET
    label_zh: Label | msgspec.UnsetType = msgspec.UNSET
    label_en: Label | msgspec.UnsetType = msgspec.UNSET
    options: Annotated[list[CustomFieldOption], msgspec.Meta(max_length=MAX_OPTIONS)] | msgspec.UnsetType = (
        msgspec.UNSET
    )
    required: bool | msgspec.UnsetType = msgspec.UNSET
    filterable: bool | msgspec.UnsetType = msgspec.UNSET
    archived: bool | msgspec.UnsetType = msgspec.UNSET
    position: Annotated[int, msgspec.Meta(ge=0, le=10_000)] | msgspec.UnsetType = msgspec.UNSET


class CustomFieldPlace(Input):
    """One field of an order: its id and the version the page showed (a field changed since,
    by someone else, is a 412 for the whole order, as If-Match is for one field)."""

    id: uuid.UUID
    version: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]


class CustomFieldOrder(Input):
    """The order of an entity's fields: every one of its definitions (archived ones too), each
    once, first to last. A list that misses one (someone added a field meanwhile) is a 422."""

    entity: Annotated[Entity, example("customer")]
    fields: Annotated[list[CustomFieldPlace], msgspec.Meta(max_length=MAX_OPTIONS)]


# A record's custom values as clients send them: key → value (null removes the key on PATCH).
CustomValues = Annotated[
    dict[str, Any],
    msgspec.Meta(
        max_length=MAX_OPTIONS,
        description="Values of the tenant's custom fields (GET /custom-fields), by key; checked against "
        "their definitions. On PATCH the keys sent are merged and null removes a key.",
        extra_json_schema={"examples": [{"member_tier": "gold"}]},
    ),
]
