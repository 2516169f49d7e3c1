"""Knowledge-base rules without a database: the lifecycle table, search terms and plans, input
normalisation, and the migration granting the same permissions as the default roles."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from domain.kb.actions import normalise
from domain.kb.search import MAX_BODY_TERMS, article_terms, body_terms, plan_article_search, tag_key
from domain.kb.states import LIFECYCLE, ArticleAction
from domain.kernel.errors import InvalidTransition
from tenants.errors import Invalid
from tenants.permissions import DEFAULT_ROLES


def allowed_actions(status: str, permissions: frozenset[str] | None = None) -> list[ArticleAction]:
    return LIFECYCLE.allowed_actions(status, permissions=permissions)


ensure_allowed = LIFECYCLE.ensure_allowed


def test_allowed_actions_follow_the_table_and_the_permission() -> None:
    assert allowed_actions("draft") == ["edit", "publish", "archive"]
    assert allowed_actions("published") == ["edit", "unpublish", "archive"]
    assert allowed_actions("archived") == ["restore"]
    assert allowed_actions("draft", frozenset({"kb:read"})) == []
    assert allowed_actions("draft", frozenset({"kb:read", "kb:manage"})) == ["edit", "publish", "archive"]


def test_illegal_transitions_raise_a_stable_code() -> None:
    ensure_allowed(ArticleAction.PUBLISH, "draft")
    with pytest.raises(InvalidTransition) as raised:
        ensure_allowed(ArticleAction.PUBLISH, "archived")
    assert (raised.value.code, raised.value.extra) == (
        "invalid_transition",
        {"entity": "article", "action": "publish", "current_status": "archived", "allowed_actions": ["restore"]},
    )


def test_terms_cover_titles_tags_and_bodies() -> None:
    terms = article_terms("退货政策", "Return policy", ["售后 服务"], "七天无理由。", "Within seven days")
    assert {"n2:退货", "pi:thzc", "py:zhengce", "w:return", "w:policy"} <= terms
    assert {tag_key("售后 服务"), "n2:售后", "pi:shfw"} <= terms
    assert {"n1:七", "n2:理由", "w:within", "w:seven"} <= terms
    assert not any(t.startswith(("pi:", "py:")) and "qt" in t for t in terms)  # no pinyin from bodies


def test_body_bigrams_stay_inside_runs_of_chinese_text() -> None:
    assert body_terms("你好 world 世界") == ["n1:你", "n1:好", "n2:你好", "n1:世", "n1:界", "n2:世界", "w:world"]
    long_text = "".join(chr(0x4E00 + i) for i in range(5000))
    assert len(body_terms(long_text)) == MAX_BODY_TERMS


def test_search_plans() -> None:
    chinese = plan_article_search(" 积分兑换 ")
    assert set(chinese.all_of) == {"n2:积分", "n2:分兑", "n2:兑换"}
    assert chinese.contains == "积分兑换"
    latin = plan_article_search("Return Policy")
    assert latin.any_prefix == ("pi:returnpolicy", "py:returnpolicy", "w:return")
    assert plan_article_search("   ").empty


def test_normalise_cleans_tags_and_requires_titles() -> None:
    out = normalise({"title_zh": " 标题 ", "tags": [" 售后  服务 ", "VIP", "vip"]}, None)
    assert (out["title_zh"], out["tags"]) == ("标题", ["售后 服务", "VIP"])
    with pytest.raises(Invalid) as raised:
        normalise({"title_en": "", "body_zh": "正文"}, None)
    assert [e.field for e in raised.value.errors] == ["title_zh", "title_zh"]


def test_migration_gives_existing_default_roles_what_new_tenants_get() -> None:
    path = Path(__file__).resolve().parents[2] / "migrations" / "versions" / "0004_knowledge_base.py"
    spec = importlib.util.spec_from_file_location("kb_migration", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    granted: dict[str, list[str]] = {}

    def record(mapping: dict[str, list[str]]) -> None:
        granted.update(mapping)

    module.add_default_role_permissions = record
    module.op = _NoOp()
    module.protect_tenant_table = lambda table: None
    module.upgrade()
    expected = {
        key: sorted(p for p in perms if p.startswith("kb:"))
        for key, (perms, _) in DEFAULT_ROLES.items()
        if any(p.startswith("kb:") for p in perms)
    }
    assert {k: sorted(v) for k, v in granted.items()} == expected
    assert set(expected) == {"owner", "admin", "regional_manager", "store_manager", "support"}


class _NoOp:
    """Stands in for alembic's `op`: table DDL is checked by the migration tests on PostgreSQL."""

    def __getattr__(self, name: str) -> object:
        return lambda *args, **kwargs: name
