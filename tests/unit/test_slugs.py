"""Tenant slug rules: 3–40 lowercase letters, digits and single inner hyphens; reserved words refused."""

from __future__ import annotations

import pytest

from tenants.errors import Invalid
from tenants.registry import RESERVED_SLUGS, require_slug, slug_problem

SHAPE = "must be 3–40 lowercase letters, digits or single hyphens, not starting or ending with a hyphen"


@pytest.mark.parametrize("slug", ["abc", "acme", "acme-retail", "a1-b2-c3", "123", "a" * 40, "x-y"])
def test_valid_slugs(slug: str) -> None:
    assert slug_problem(slug) is None


@pytest.mark.parametrize(
    "slug",
    [
        "ab",
        "a",
        "",
        "a" * 41,
        "Acme",
        "acme_retail",
        "acme retail",
        "-acme",
        "acme-",
        "ac--me",
        "acmé",
        "张三",
        "acme.cn",
    ],
)
def test_malformed_slugs(slug: str) -> None:
    assert slug_problem(slug) == SHAPE


@pytest.mark.parametrize("slug", ["admin", "api", "www", "signup", "schema", "health"])
def test_reserved_slugs(slug: str) -> None:
    assert slug in RESERVED_SLUGS
    assert slug_problem(slug) == "is reserved"


def test_require_slug_raises_a_field_error() -> None:
    with pytest.raises(Invalid) as raised:
        require_slug("-bad")
    assert [(e.field, e.message) for e in raised.value.errors] == [("tenant_slug", SHAPE)]
    require_slug("good-slug")
