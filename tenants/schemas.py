"""msgspec schemas of the identity resources (requests reject unknown fields)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

import msgspec

from tenants.input import cleaned

# An address given to look someone up (login, reset): any text; one that is wrong finds no one.
Email = Annotated[str, msgspec.Meta(min_length=3, max_length=254)]
# An address being stored: checked by tenants.validation.normalise_email, stored lower-case.
NewEmail = Annotated[
    str,
    msgspec.Meta(
        min_length=3,
        max_length=254,
        extra_json_schema={"examples": ["li.na@example.com"], "extra": {"format": "email"}},
    ),
]
# A customer's phone as dialled: mainland China unless it starts with + and a country code.
PhoneNumber = Annotated[
    str,
    msgspec.Meta(
        min_length=3,
        max_length=32,
        extra_json_schema={
            "description": "A valid phone number as dialled (mainland China unless it starts with `+` and a "
            "country code); stored and answered in E.164",
            "examples": ["13800138000", "+85291234567"],
        },
    ),
]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
# A password being set. Its rules (tenants.passwords) answer with their own messages; the contract
# states the length they require.
NewPassword = Annotated[
    str,
    msgspec.Meta(
        max_length=128,
        extra_json_schema={"description": "At least 10 characters, not a common password", "extra": {"minLength": 10}},
    ),
]
Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
# A new tenant's slug, as tenants.registry.slug_problem checks it (reserved words aside).
NewSlug = Annotated[
    str,
    msgspec.Meta(
        max_length=60,
        extra_json_schema={
            "description": "3–40 lowercase letters, digits or single hyphens inside",
            "extra": {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "minLength": 3, "maxLength": 40},
        },
    ),
]
Locale = Literal["zh-CN", "en"]
ScopeKind = Literal["all", "region", "store", "own"]
UserStatus = Literal["active", "invited", "inactive"]
TenantStatus = Literal["active", "suspended"]
PermissionKey = Annotated[str, msgspec.Meta(min_length=3, max_length=64)]
# A moment in time, as clients send it: RFC 3339 with its offset (`Z` or `+08:00`). A time without
# an offset names no moment (whose clock?), so it is refused rather than guessed.
Instant = Annotated[datetime, msgspec.Meta(tz=True, description="RFC 3339 date-time with an offset")]


def example(value: object) -> msgspec.Meta:
    """A field's example in the contract: API docs show it, and contract fuzzing sends the main
    operations' examples before any generated input."""
    return msgspec.Meta(extra_json_schema={"examples": [value]})


class Input(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of every request body: unknown fields are an error, never silently dropped; every
    field passes `tenants.input.cleaned` (numbers that cannot be held are a 422, not a 500).

    `json_schema_rules`: what the body's JSON schema adds to its fields' own, for a rule the
    server enforces across fields (e.g. `anyOf` for "a Chinese or an English name")."""

    json_schema_rules: ClassVar[dict[str, Any]] = {}

    def __post_init__(self) -> None:
        for name in self.__struct_fields__:
            value = getattr(self, name)
            clean = cleaned(name, value)
            if clean is not value:
                setattr(self, name, clean)


# ---- tenant, auth ----


class TenantOut(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    slug: str
    name: str
    status: TenantStatus
    currency: str
    locale: Locale
    timezone: str
    created_at: datetime
    # Where the company logo is served (public, versioned by its content); None without a logo.
    logo_url: str | None = None


class CompanySettings(msgspec.Struct, kw_only=True):
    """The company as its documents and staff see it."""

    name: str
    timezone: str
    currency: str
    locale: Locale
    logo_url: str | None
    # False once the tenant has orders: their amounts are in the current currency.
    currency_changeable: bool


class CompanySettingsUpdate(Input):
    """Only the fields sent change. `logo` is the PNG or JPEG file, base64-encoded (at most 256 KB
    decoded); null removes the logo."""

    name: Name | msgspec.UnsetType = msgspec.UNSET
    timezone: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] | msgspec.UnsetType = msgspec.UNSET
    currency: Annotated[str, msgspec.Meta(min_length=3, max_length=3)] | msgspec.UnsetType = msgspec.UNSET
    locale: Locale | msgspec.UnsetType = msgspec.UNSET
    logo: Annotated[str, msgspec.Meta(max_length=360000)] | msgspec.UnsetType | None = msgspec.UNSET


class SignupIn(Input):
    tenant_name: Annotated[Name, example("华美零售")]
    tenant_slug: Annotated[NewSlug, example("huamei-retail")]
    owner_email: Annotated[NewEmail, example("wang.fang@example.com")]
    owner_password: Annotated[NewPassword, example("Jade-Lantern-2026")]
    owner_name: Annotated[Name, example("王芳")]


class LoginIn(Input):
    tenant_slug: Annotated[Slug, example("huamei-retail")]
    email: Annotated[Email, example("wang.fang@example.com")]
    password: Annotated[Password, example("Jade-Lantern-2026")]


class RefreshIn(Input):
    refresh_token: str | None = None


class TokenPair(msgspec.Struct, kw_only=True):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int


# ---- users ----


class StoreScope(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    kind: ScopeKind = "all"
    region_ids: list[uuid.UUID] = msgspec.field(default_factory=list)
    store_ids: list[uuid.UUID] = msgspec.field(default_factory=list)


class UserOut(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    email: str
    name: str
    role_id: uuid.UUID
    role_name: str
    role_name_zh: str  # a default role's name in each language until the tenant renames it
    role_name_en: str
    status: UserStatus
    locale: Locale
    scope: StoreScope
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime


class SlugCheck(msgspec.Struct, kw_only=True):
    """A slug for the sign-up form: suggested from a company name, or the one typed, checked."""

    slug: str
    available: bool
    # Why it cannot be used (the rules, reserved or taken); None when available.
    problem: str | None


class SignupOut(msgspec.Struct, kw_only=True):
    tenant: TenantOut
    user: UserOut
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int


class UserCreate(Input):
    email: NewEmail
    name: Name
    role_id: uuid.UUID
    password: NewPassword | None = None
    scope: StoreScope = msgspec.field(default_factory=StoreScope)
    # Left out: the company's default language (settings/company).
    locale: Locale | msgspec.UnsetType = msgspec.UNSET


class UserCreated(msgspec.Struct, kw_only=True):
    user: UserOut
    invite_token: str | None


class UserUpdate(Input):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    role_id: uuid.UUID | msgspec.UnsetType = msgspec.UNSET
    scope: StoreScope | msgspec.UnsetType = msgspec.UNSET
    locale: Locale | msgspec.UnsetType = msgspec.UNSET


class MeUpdate(Input):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    locale: Locale | msgspec.UnsetType = msgspec.UNSET


class PasswordChange(Input):
    current_password: Password
    new_password: NewPassword


class AcceptInvite(Input):
    tenant_slug: Slug
    email: Email
    invite_token: str
    password: NewPassword


class PasswordResetIn(Input):
    tenant_slug: Slug
    email: Email


class PasswordResetRequested(msgspec.Struct, kw_only=True):
    """The same answer whether or not the account exists."""

    status: Literal["accepted"] = "accepted"
    expires_in_minutes: int  # how long an emailed link stays valid


class PasswordResetConfirm(Input):
    token: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    password: NewPassword


class MeOut(msgspec.Struct, kw_only=True):
    user: UserOut
    tenant: TenantOut
    permissions: list[str]
    scope: StoreScope


# ---- roles, permissions ----


class PermissionOut(msgspec.Struct, kw_only=True):
    key: str
    resource: str
    action: str
    description: str


class PermissionList(msgspec.Struct, kw_only=True):
    items: list[PermissionOut]


class RoleOut(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    key: str | None
    name: str  # as stored (a default role: created in the tenant's language)
    description: str
    # For each language: a default role's name/description the tenant has not edited comes in
    # that language; an edited (or custom) role's text is the same in both (products' convention).
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str
    permissions: list[str]
    is_system: bool


# roles.name is varchar(100).
RoleName = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class RoleCreate(Input):
    name: RoleName
    description: Annotated[str, msgspec.Meta(max_length=1000)] = ""
    permissions: list[PermissionKey] = msgspec.field(default_factory=list)


class RoleUpdate(Input):
    name: RoleName | msgspec.UnsetType = msgspec.UNSET
    description: Annotated[str, msgspec.Meta(max_length=1000)] | msgspec.UnsetType = msgspec.UNSET
    permissions: list[PermissionKey] | msgspec.UnsetType = msgspec.UNSET


# ---- regions, stores ----


class RegionOut(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    name: str
    created_at: datetime


class RegionIn(Input):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


StoreCode = Annotated[str, msgspec.Meta(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_-]+$")]
StoreStatus = Literal["active", "closed"]


class StoreOut(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    code: str
    name: str
    region_id: uuid.UUID | None
    address: str
    phone: str
    status: StoreStatus
    created_at: datetime
    updated_at: datetime


class StoreCreate(Input):
    code: StoreCode
    name: Name
    region_id: uuid.UUID | None = None
    address: Annotated[str, msgspec.Meta(max_length=500)] = ""
    phone: Annotated[str, msgspec.Meta(max_length=32)] = ""


class StoreUpdate(Input):
    code: StoreCode | msgspec.UnsetType = msgspec.UNSET
    name: Name | msgspec.UnsetType = msgspec.UNSET
    region_id: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET
    address: Annotated[str, msgspec.Meta(max_length=500)] | msgspec.UnsetType = msgspec.UNSET
    phone: Annotated[str, msgspec.Meta(max_length=32)] | msgspec.UnsetType = msgspec.UNSET
    status: StoreStatus | msgspec.UnsetType = msgspec.UNSET


# ---- API keys ----


class ApiKeyOut(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    key_id: str
    name: str
    scopes: list[str]
    store_ids: list[uuid.UUID] | None
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime
    created_by: uuid.UUID


class ApiKeyCreate(Input):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    # At least one: the service refuses an empty list with its own message; the contract says so.
    scopes: Annotated[list[PermissionKey], msgspec.Meta(extra_json_schema={"extra": {"min_items": 1}})]
    store_ids: list[uuid.UUID] | None = None
    expires_at: Instant | None = None


class ApiKeyCreated(msgspec.Struct, kw_only=True):
    api_key: ApiKeyOut
    key: str


# ---- audit ----


class AuditEntryOut(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    at: datetime
    actor_type: str
    actor_id: uuid.UUID | None
    actor_label: str  # as recorded at the time (an e-mail, a key's name)
    actor_name: str | None = None  # the user's (or API key's) current name
    actor_email: str | None = None
    action: str
    target_type: str
    target_id: str
    target_label: str | None = None  # order number, customer name, ticket number, …
    target_label_en: str | None = None  # the English label where the record has one
    target_masked: bool = False  # a record the reader may not see (or one that is gone)
    changes: dict[str, object] | None
    request_id: str
    ip: str
