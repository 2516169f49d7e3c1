"""The permission catalogue and the default roles are consistent data."""

from __future__ import annotations

import re

from tenants.permissions import ALL_PERMISSIONS, CATALOGUE, DEFAULT_ROLES, default_role_text, unknown_permissions

_KEY = re.compile(r"^[a-z_]+:[a-z_]+$")


def test_catalogue_keys_are_resource_action_and_unique() -> None:
    keys = [p.key for p in CATALOGUE]
    assert [k for k in keys if not _KEY.match(k)] == []
    assert len(keys) == len(set(keys))
    assert frozenset(keys) == ALL_PERMISSIONS
    first = CATALOGUE[0]
    assert (first.resource, first.action) == tuple(first.key.split(":"))


def test_every_permission_has_a_description() -> None:
    assert [p.key for p in CATALOGUE if not p.description.strip()] == []


def test_the_eight_default_roles_exist() -> None:
    assert set(DEFAULT_ROLES) == {
        "owner",
        "admin",
        "regional_manager",
        "store_manager",
        "sales",
        "support",
        "marketing",
        "analyst",
    }


def test_default_role_permissions_are_all_in_the_catalogue() -> None:
    for key, (permissions, _texts) in DEFAULT_ROLES.items():
        assert unknown_permissions(permissions) == [], key
        assert permissions, key


def test_owner_and_admin_hold_every_permission() -> None:
    assert DEFAULT_ROLES["owner"][0] == ALL_PERMISSIONS
    assert DEFAULT_ROLES["admin"][0] == ALL_PERMISSIONS


def test_sales_cannot_manage_users_roles_or_keys() -> None:
    sales = DEFAULT_ROLES["sales"][0]
    assert "users:manage" not in sales
    assert "roles:manage" not in sales
    assert "api_keys:manage" not in sales
    assert {"customers:read", "customers:create", "customers:update"} <= sales


def test_analyst_reads_but_cannot_create_customers() -> None:
    analyst = DEFAULT_ROLES["analyst"][0]
    assert "customers:read" in analyst
    assert "customers:create" not in analyst
    assert "customers:update" not in analyst
    assert "customers:delete" not in analyst


def test_store_manager_reads_users_but_cannot_manage_them() -> None:
    manager = DEFAULT_ROLES["store_manager"][0]
    assert "users:read" in manager
    assert "users:manage" not in manager


def test_every_default_role_is_named_in_english_and_chinese() -> None:
    for key, (_permissions, texts) in DEFAULT_ROLES.items():
        assert set(texts) == {"en", "zh-CN"}, key
        assert all(name.strip() and description.strip() for name, description in texts.values()), key
    assert default_role_text("sales", "zh-CN") == ("销售", "收银与销售人员")
    assert default_role_text("sales", "en") == ("Sales", "Cashiers and sales staff")
    assert default_role_text("owner", "fr") == default_role_text("owner", "en")


def test_unknown_permissions_are_reported_sorted() -> None:
    assert unknown_permissions(["customers:read", "orders:fly", "a:b"]) == ["a:b", "orders:fly"]
    assert unknown_permissions([]) == []
