"""Problems speak the request's language: `Accept-Language` picks zh-CN or en; without it the
server answers in English, whoever calls (README "Languages")."""

from __future__ import annotations

import uuid
from typing import Any

from tests.factories import PASSWORD, Api, expect, unique_slug

ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}
EN = {"Accept-Language": "en-US,en;q=0.9"}


def _signup(slug: str, password: str = PASSWORD) -> dict[str, Any]:
    return {
        "tenant_name": "连锁",
        "tenant_slug": slug,
        "owner_email": "owner@example.com",
        "owner_password": password,
        "owner_name": "店主",
    }


async def test_a_password_rule_violation_comes_back_in_chinese(api: Api) -> None:
    response = await api.client.post("/api/v1/signup", json=_signup(unique_slug(), "short"), headers=ZH)
    body = expect(response, 422)
    assert body["title"] == "内容无法处理"
    assert body["detail"] == "请求中有无效的字段。"
    assert body["errors"] == [{"field": "owner_password", "message": "至少需要 10 个字符"}]
    assert body["code"] == "validation_failed"  # codes never change with the language
    assert response.headers["content-language"] == "zh-CN"
    assert "Accept-Language" in response.headers["vary"]


async def test_the_same_violation_in_english_and_without_a_header(api: Api) -> None:
    for headers in (EN, {}):
        body = expect(
            await api.client.post("/api/v1/signup", json=_signup(unique_slug(), "short"), headers=headers), 422
        )
        assert body["title"] == "Unprocessable content"
        assert body["detail"] == "The request has invalid fields."
        assert body["errors"] == [{"field": "owner_password", "message": "must be at least 10 characters"}]


async def test_a_decoding_error_is_translated_too(api: Api) -> None:
    payload = {**_signup(unique_slug()), "owner_name": 7}
    body = expect(await api.client.post("/api/v1/signup", json=payload, headers=ZH), 422)
    assert body["errors"] == [{"field": "owner_name", "message": "应为 `str`，实际为 `int`"}]
    unknown = expect(await api.client.post("/api/v1/signup", json={**_signup(unique_slug()), "x": 1}, headers=ZH), 422)
    assert unknown["errors"] == [{"field": "x", "message": "不是已知字段"}]


async def test_a_404_in_each_language(api: Api) -> None:
    tenant = await api.signup()
    url = f"/api/v1/orders/{uuid.uuid4()}"
    zh = expect(await api.client.get(url, headers={**tenant.owner.headers, **ZH}), 404)
    assert (zh["title"], zh["detail"], zh["code"]) == ("未找到", "订单不存在。", "not_found")
    en = expect(await api.client.get(url, headers={**tenant.owner.headers, **EN}), 404)
    assert (en["title"], en["detail"], en["code"]) == ("Not found", "No such order.", "not_found")


async def test_a_409_in_each_language(api: Api) -> None:
    slug = unique_slug()
    expect(await api.client.post("/api/v1/signup", json=_signup(slug)), 201)
    zh = expect(await api.client.post("/api/v1/signup", json=_signup(slug), headers=ZH), 409)
    assert (zh["title"], zh["detail"], zh["code"]) == ("冲突", "该企业标识已被占用。", "slug_taken")
    en = expect(await api.client.post("/api/v1/signup", json=_signup(slug), headers=EN), 409)
    assert (en["title"], en["detail"]) == ("Conflict", "This tenant slug is already taken.")


async def test_the_highest_q_value_wins(api: Api) -> None:
    headers = {"Accept-Language": "fr;q=1, en;q=0.4, zh-Hans;q=0.6"}
    body = expect(await api.client.get("/api/v1/me", headers=headers), 401)
    assert body["detail"] == "请登录，或提供 API 密钥。"
    assert body["title"] == "未登录"


async def test_the_input_gate_speaks_chinese(api: Api) -> None:
    tenant = await api.signup()
    body = expect(await api.client.get("/api/v1/customers?q=%00", headers={**tenant.owner.headers, **ZH}), 422)
    assert body["errors"] == [{"field": "q", "message": "不能包含 NUL 字符"}]
    missing = expect(
        await api.client.get(f"/api/v1/orders/{uuid.uuid4().hex}", headers={**tenant.owner.headers, **ZH}), 404
    )
    assert missing["detail"] == "资源不存在（ID 须写成 8-4-4-4-12 格式）。"
