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
    Permission("custom_fields:manage", "Add and change the custom fields of customers and products"),
    Permission("customers:read", "View customers"),
    Permission("customers:create", "Create customers"),
    Permission("customers:update", "Change customers"),
    Permission("customers:delete", "Delete customers"),
    Permission("customers:merge", "Merge two records of the same customer"),
    Permission("customers:export", "Export customer lists (personal data: every export is audited)"),
    Permission("loyalty:adjust", "Add or take away members' loyalty points by hand, with a reason"),
    Permission("loyalty:manage", "Change the loyalty program: earning, expiry, redemption, tiers"),
    Permission("customers:import", "Import customers from CSV or Excel files (every import is audited)"),
    Permission("segments:read", "View customer segments, their members and the RFM overview"),
    Permission("segments:manage", "Create, change and delete customer segments"),
    Permission("campaigns:read", "View campaigns, their audience and results"),
    Permission("campaigns:manage", "Create and change campaigns and the marketing settings"),
    Permission("campaigns:send", "Schedule, pause, resume and cancel campaigns"),
    Permission("campaigns:approve", "Approve or reject campaigns before they are sent"),
    Permission("products:read", "View the catalog"),
    Permission("products:manage", "Create and change products and categories"),
    Permission("inventory:read", "View stock levels and movements"),
    Permission("inventory:adjust", "Receive stock and adjust it with a reason"),
    Permission("inventory:transfer", "Request, ship and receive transfers between stores"),
    Permission("orders:read", "View orders"),
    Permission("orders:export", "Export order lists (with customer names: every export is audited)"),
    Permission("orders:create", "Capture orders and edit drafts"),
    Permission("orders:update", "Edit approved orders before shipment"),
    Permission("orders:approve", "Approve or reject orders that need approval"),
    Permission("orders:fulfil", "Pick, pack, ship, deliver and complete orders"),
    Permission("orders:cancel", "Cancel orders"),
    Permission("orders:return", "Request, approve and receive returns"),
    Permission("orders:refund", "Refund returned goods"),
    Permission("payments:record", "Record payments reported by the POS or provider"),
    Permission("kb:read", "Read knowledge-base articles, drafts included"),
    Permission("kb:manage", "Write, publish, unpublish and archive knowledge-base articles"),
    Permission("tickets:read", "View service tickets and their conversation"),
    Permission("tickets:create", "Open service tickets for customers"),
    Permission("tickets:update", "Work tickets: reply, add notes, edit, change status"),
    Permission("tickets:assign", "Assign tickets to staff"),
    Permission("service:manage", "Change SLA targets, business hours, ticket categories and assignment"),
)
ALL_PERMISSIONS: frozenset[str] = frozenset(p.key for p in CATALOGUE)

_CUSTOMER_WORK = {"customers:read", "customers:create", "customers:update"}
_STORE_STOCK = {"products:read", "inventory:read", "inventory:adjust", "inventory:transfer"}
_ORDER_DESK = {"orders:read", "orders:create", "orders:fulfil", "payments:record"}
_ORDER_MANAGEMENT = _ORDER_DESK | {"orders:update", "orders:approve", "orders:cancel", "orders:return", "orders:refund"}
_KB = {"kb:read", "kb:manage"}
_SERVICE_WORK = {"tickets:read", "tickets:create", "tickets:update", "tickets:assign"}

# Default roles created for every tenant. `key` is stable; names are editable data, created in the
# tenant's language: (permissions, {locale: (name, description)}).
DEFAULT_ROLES: dict[str, tuple[frozenset[str], dict[str, tuple[str, str]]]] = {
    "owner": (ALL_PERMISSIONS, {"en": ("Owner", "Full control of the tenant"), "zh-CN": ("店主", "拥有全部权限")}),
    "admin": (
        ALL_PERMISSIONS,
        {
            "en": ("Administrator", "Manages staff, stores, roles and integrations"),
            "zh-CN": ("管理员", "管理员工、门店、角色与集成"),
        },
    ),
    "regional_manager": (
        frozenset(
            {
                "stores:read",
                "users:read",
                "roles:read",
                "audit:read",
                "customers:delete",
                "customers:export",
                "customers:import",
                "orders:export",
                "loyalty:adjust",
                "segments:read",
                "campaigns:read",
                "campaigns:approve",
            }
            | _CUSTOMER_WORK
            | _STORE_STOCK
            | _ORDER_MANAGEMENT
            | _KB
            | _SERVICE_WORK
        ),
        {"en": ("Regional manager", "Oversees the stores of a region"), "zh-CN": ("区域经理", "管理所辖区域的门店")},
    ),
    "store_manager": (
        frozenset(
            {
                "stores:read",
                "users:read",
                "roles:read",
                "customers:delete",
                "customers:merge",
                "customers:export",
                "customers:import",
                "orders:export",
                "loyalty:adjust",
                "segments:read",
                "campaigns:read",
            }
            | _CUSTOMER_WORK
            | _STORE_STOCK
            | _ORDER_MANAGEMENT
            | _KB
            | _SERVICE_WORK
        ),
        {
            "en": ("Store manager", "Runs one store: staff, customers, approvals"),
            "zh-CN": ("店长", "负责门店的员工、客户与审批"),
        },
    ),
    "sales": (
        frozenset(
            {"stores:read", "products:read", "inventory:read", "tickets:read", "tickets:create"}
            | _CUSTOMER_WORK
            | _ORDER_DESK
        ),
        {"en": ("Sales", "Cashiers and sales staff"), "zh-CN": ("销售", "收银与销售人员")},
    ),
    "support": (
        frozenset(
            {"stores:read", "customers:read", "customers:update", "products:read", "orders:read", "orders:return"}
            | _KB
            | _SERVICE_WORK
        ),
        {"en": ("Support", "Works service tickets"), "zh-CN": ("客服", "处理服务工单")},
    ),
    "marketing": (
        frozenset(
            {"stores:read", "customers:read", "products:read", "orders:read", "segments:read", "segments:manage"}
            | {"campaigns:read", "campaigns:manage", "campaigns:send"}
        ),
        {"en": ("Marketing", "Runs segments and campaigns"), "zh-CN": ("市场", "管理客户分群与营销活动")},
    ),
    "analyst": (
        frozenset(
            {"stores:read", "customers:read", "audit:read", "products:read", "inventory:read", "orders:read"}
            | {"tickets:read", "segments:read", "campaigns:read"}
        ),
        {"en": ("Analyst", "Reads reports across the chain"), "zh-CN": ("数据分析", "查看全连锁的报表")},
    ),
}


def default_role_texts(key: str | None, name: str, description: str) -> tuple[dict[str, str], dict[str, str]]:
    """({lang: name}, {lang: description}) of a role in zh-CN and en: a default role's text that
    still reads as created (in either language) is given in each language; edited text is the
    tenant's own, the same in both."""
    langs = ("zh-CN", "en")
    texts = DEFAULT_ROLES[key][1] if key in DEFAULT_ROLES else {}
    defaults = [texts[lang] for lang in langs if lang in texts]
    names = {lang: texts[lang][0] for lang in langs} if name in {d[0] for d in defaults} else dict.fromkeys(langs, name)
    untouched = description in {d[1] for d in defaults}
    descriptions = {lang: texts[lang][1] for lang in langs} if untouched else dict.fromkeys(langs, description)
    return names, descriptions


def default_role_text(key: str, locale: str) -> tuple[str, str]:
    """Display name and description of a default role in the tenant's language (English fallback)."""
    texts = DEFAULT_ROLES[key][1]
    return texts.get(locale, texts["en"])


def unknown_permissions(keys: list[str] | set[str] | frozenset[str]) -> list[str]:
    return sorted(set(keys) - ALL_PERMISSIONS)
