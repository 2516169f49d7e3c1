"""The sign-up form's slug: suggested from the company name in pinyin, trimmed to the slug rules,
made free by a suffix when taken; a typed slug is checked against the rules and the registry."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tenants.registry import slug_problem
from tenants.slugs import suggest_slug
from tests.factories import Api, expect

URL = "/api/v1/signup/slug"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("杭州鲜果连锁", "hangzhou-xianguo-liansuo"),
        ("百联便利店", "bailian-bianli-dian"),
        ("绿色生活", "lvse-shenghuo"),
        ("ABC 超市", "abc-chaoshi"),
        ("7-Eleven 便利店", "7-eleven-bianli-dian"),
        ("Café Müller", "cafe-muller"),
        ("店", "dian"),
        ("A", "a-shop"),
        ("!!!", "shop"),
        # Trimmed at a word to at most 40 characters.
        ("北京市海淀区中关村大街甲一号科技园区新零售连锁超市有限公司", "beijing-shihai-dianqu-zhongguan-cunda"),
    ],
)
def test_suggestions_follow_the_slug_rules(name: str, slug: str) -> None:
    assert suggest_slug(name) == slug
    assert slug_problem(slug) is None


async def _check(api: Api, **params: str) -> dict[str, Any]:
    return dict(expect(await api.client.get(URL, params=params), 200))


async def test_a_name_gets_a_free_suggestion_without_credentials(api: Api) -> None:
    tag = uuid.uuid4().hex[:8]
    name, slug = f"杭州鲜果连锁 {tag}", f"hangzhou-xianguo-liansuo-{tag}"
    assert await _check(api, tenant_name=name) == {"slug": slug, "available": True, "problem": None}
    # Taken by a sign-up, the next suggestion carries a suffix, and it is free.
    await api.signup(slug=slug)
    assert await _check(api, tenant_name=name) == {"slug": f"{slug}-2", "available": True, "problem": None}
    await api.signup(slug=f"{slug}-2")
    assert (await _check(api, tenant_name=name))["slug"] == f"{slug}-3"
    assert (await _check(api, tenant_slug=f"{slug}-2"))["available"] is False


async def test_a_reserved_name_is_suffixed(api: Api) -> None:
    assert (await _check(api, tenant_name="Support"))["slug"].startswith("support-")


async def test_a_typed_slug_is_checked(api: Api) -> None:
    tenant = await api.signup()
    assert await _check(api, tenant_slug=tenant.slug) == {
        "slug": tenant.slug,
        "available": False,
        "problem": "is already taken",
    }
    assert await _check(api, tenant_slug="admin") == {"slug": "admin", "available": False, "problem": "is reserved"}
    rules = "must be 3–40 lowercase letters, digits or single hyphens, not starting or ending with a hyphen"
    for bad in ("ab", "Upper", "-dash", "dash-", "two--dashes", "中文"):
        assert await _check(api, tenant_slug=bad) == {"slug": bad, "available": False, "problem": rules}
    free = f"free-{tenant.slug}"
    assert await _check(api, tenant_slug=free) == {"slug": free, "available": True, "problem": None}


async def test_exactly_one_of_name_or_slug(api: Api) -> None:
    for params in ({}, {"tenant_name": "甲", "tenant_slug": "abc"}, {"tenant_name": "  "}):
        problem = expect(await api.client.get(URL, params=params), 422)
        assert [e["field"] for e in problem["errors"]] == ["tenant_name"], params
    too_long = expect(await api.client.get(URL, params={"tenant_slug": "a" * 61}), 422)
    assert "tenant_slug" in str(too_long)
