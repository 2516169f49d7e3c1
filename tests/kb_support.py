"""Helpers for knowledge-base tests: create, publish and read articles through the API."""

from __future__ import annotations

from typing import Any

from tests.factories import Actor, Api, expect

API = "/api/v1"
KB = f"{API}/kb-articles"


async def article(api: Api, actor: Actor, **fields: Any) -> dict[str, Any]:
    body = {"title_zh": "退货政策", "body_zh": "七天无理由退货。", **fields}
    return dict(expect(await api.client.post(KB, json=body, headers=actor.headers), 201))


async def publish(api: Api, actor: Actor, article_id: str) -> dict[str, Any]:
    return dict(expect(await api.client.post(f"{KB}/{article_id}/publish", headers=actor.headers), 200))


async def published(api: Api, actor: Actor, **fields: Any) -> dict[str, Any]:
    return await publish(api, actor, (await article(api, actor, **fields))["id"])
