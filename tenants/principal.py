"""Who is acting: a staff user or an API key, with permissions and a resolved store scope."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from tenants.db import TenantScope

SCOPE_KINDS = ("all", "region", "store", "own")


@dataclass(frozen=True, slots=True)
class Principal:
    """The verified caller. `store_ids=None` means every store; `own` also narrows to own rows."""

    kind: str  # "user" or "api_key"
    tenant_id: uuid.UUID
    actor_id: uuid.UUID
    label: str
    permissions: frozenset[str]
    scope_kind: str = "all"
    store_ids: tuple[uuid.UUID, ...] | None = None
    user_id: uuid.UUID | None = None
    access_epoch: int = 0  # the tenant's access epoch when this was loaded (tenants.principal_cache)

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    @property
    def scope(self) -> TenantScope:
        return TenantScope(self.tenant_id, self.store_ids)

    def covers_store(self, store_id: uuid.UUID | None) -> bool:
        return store_id is None or self.store_ids is None or store_id in self.store_ids

    @property
    def own_rows_only(self) -> bool:
        return self.scope_kind == "own"


@dataclass(frozen=True, slots=True)
class RequestMeta:
    """Where a request came from, for the audit log, and the language its reader reads."""

    request_id: str = ""
    ip: str = ""
    lang: str = "en"  # tenants.messages.negotiate of the request's Accept-Language


SYSTEM_META = RequestMeta(request_id="system")
