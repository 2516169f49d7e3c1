"""ORM rows → response schemas, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from tenants.audit_targets import Resolved
from tenants.models import ApiKey, AuditEntry, Region, Role, Store, Tenant, User
from tenants.permissions import default_role_texts
from tenants.schemas import (
    ApiKeyOut,
    AuditEntryOut,
    Locale,
    RegionOut,
    RoleOut,
    ScopeKind,
    StoreOut,
    StoreScope,
    StoreStatus,
    TenantOut,
    TenantStatus,
    UserOut,
    UserStatus,
)


def tenant_out(t: Tenant) -> TenantOut:
    return TenantOut(
        id=t.id,
        slug=t.slug,
        name=t.name,
        status=cast(TenantStatus, t.status),
        currency=t.currency,
        locale=cast(Locale, t.locale),
        timezone=t.timezone,
        created_at=t.created_at,
    )


def user_scope(u: User) -> StoreScope:
    return StoreScope(
        kind=cast(ScopeKind, u.scope_kind),
        region_ids=list(u.scope_region_ids or []),
        store_ids=list(u.scope_store_ids or []),
    )


def user_out(u: User, role_name: str, role_key: str | None) -> UserOut:
    names, _ = default_role_texts(role_key, role_name, "")
    return UserOut(
        id=u.id,
        email=u.email,
        name=u.name,
        role_id=u.role_id,
        role_name=role_name,
        role_name_zh=names["zh-CN"],
        role_name_en=names["en"],
        status=cast(UserStatus, u.status),
        locale=cast(Locale, u.locale),
        scope=user_scope(u),
        last_login_at=u.last_login_at,
        created_at=u.created_at,
        updated_at=u.updated_at,
    )


def role_out(r: Role) -> RoleOut:
    names, descriptions = default_role_texts(r.key, r.name, r.description)
    return RoleOut(
        id=r.id,
        key=r.key,
        name=r.name,
        description=r.description,
        name_zh=names["zh-CN"],
        name_en=names["en"],
        description_zh=descriptions["zh-CN"],
        description_en=descriptions["en"],
        permissions=sorted(r.permissions),
        is_system=r.is_system,
    )


def region_out(r: Region) -> RegionOut:
    return RegionOut(id=r.id, name=r.name, created_at=r.created_at)


def store_out(s: Store) -> StoreOut:
    return StoreOut(
        id=s.id,
        code=s.code,
        name=s.name,
        region_id=s.region_id,
        address=s.address,
        phone=s.phone,
        status=cast(StoreStatus, s.status),
        created_at=s.created_at,
        updated_at=s.updated_at,
    )


def api_key_out(k: ApiKey) -> ApiKeyOut:
    return ApiKeyOut(
        id=k.id,
        key_id=k.key_id,
        name=k.name,
        scopes=sorted(k.scopes),
        store_ids=list(k.store_ids) if k.store_ids is not None else None,
        expires_at=k.expires_at,
        last_used_at=k.last_used_at,
        revoked_at=k.revoked_at,
        created_at=k.created_at,
        created_by=k.created_by,
    )


def audit_out(
    a: AuditEntry, actor: Resolved | None = None, target: Resolved | None = None, *, named: bool = False
) -> AuditEntryOut:
    """`actor`/`target`: what resolving the page found; `named`: the record type has labels (so a
    record that did not resolve is one the reader may not see)."""
    named = named and bool(a.target_id)
    return AuditEntryOut(
        id=a.id,
        at=a.at,
        actor_type=a.actor_type,
        actor_id=a.actor_id,
        actor_label=a.actor_label,
        actor_name=actor.label if actor else None,
        actor_email=actor.email if actor else None,
        action=a.action,
        target_type=a.target_type,
        target_id=a.target_id,
        target_label=target.label if target else None,
        target_label_en=target.label_en if target else None,
        target_masked=named and (target is None or target.label is None),
        changes=a.changes,
        request_id=a.request_id,
        ip=a.ip,
    )
