"""The permission catalogue and the default roles: permissions are data, `resource:action`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Permission:
    key: str
    description: str

    @property
    def resource(self) -> str:
        return self.key.split(":", 1)[0]

    @property
    def action(self) -> str:
        return self.key.split(":", 1)[1]


CATALOGUE: tuple[Permission, ...] = (
    Permission("tenant:read", "View the tenant's settings"),
    Permission("tenant:manage", "Change the tenant's settings"),
    Permission("stores:read", "View stores and regions"),
    Permission("stores:manage", "Create and change stores and regions"),
    Permission("users:read", "View staff accounts"),
    Permission("users:manage", "Create, change and deactivate staff accounts"),
    Permission("roles:read", "View roles and their permissions"),
    Permission("roles:manage", "Create and change custom roles"),
    Permission("api_keys:read", "View API keys"),
    Permission("api_keys:manage", "Create and revoke API keys"),
    Permission("audit:read", "Read the audit log"),
    Permission("customers:read", "View customers"),
    Permission("customers:create", "Create customers"),
    Permission("customers:update", "Change customers"),
    Permission("customers:delete", "Delete customers"),
)
ALL_PERMISSIONS: frozenset[str] = frozenset(p.key for p in CATALOGUE)

_CUSTOMER_WORK = {"customers:read", "customers:create", "customers:update"}

# Default roles created for every tenant. `key` is stable; names are editable display labels.
DEFAULT_ROLES: dict[str, tuple[str, str, frozenset[str]]] = {
    "owner": ("Owner", "Full control of the tenant", ALL_PERMISSIONS),
    "admin": ("Administrator", "Manages staff, stores, roles and integrations", ALL_PERMISSIONS),
    "regional_manager": (
        "Regional manager",
        "Oversees the stores of a region",
        frozenset({"stores:read", "users:read", "roles:read", "audit:read", "customers:delete"} | _CUSTOMER_WORK),
    ),
    "store_manager": (
        "Store manager",
        "Runs one store: staff, customers, approvals",
        frozenset({"stores:read", "users:read", "roles:read", "customers:delete"} | _CUSTOMER_WORK),
    ),
    "sales": ("Sales", "Cashiers and sales staff", frozenset({"stores:read"} | _CUSTOMER_WORK)),
    "support": (
        "Support",
        "Works service tickets",
        frozenset({"stores:read", "customers:read", "customers:update"}),
    ),
    "marketing": ("Marketing", "Runs segments and campaigns", frozenset({"stores:read", "customers:read"})),
    "analyst": (
        "Analyst",
        "Reads reports across the chain",
        frozenset({"stores:read", "customers:read", "audit:read"}),
    ),
}


def unknown_permissions(keys: list[str] | set[str] | frozenset[str]) -> list[str]:
    return sorted(set(keys) - ALL_PERMISSIONS)
