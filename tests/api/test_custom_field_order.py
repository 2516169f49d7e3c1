"""Custom fields in the order an admin puts them: one PUT with the entity's whole order, every
field's new position and version at once, a stale or partial list refused, audit per field."""

from __future__ import annotations

from typing import Any

from tests.api.test_custom_fields import TIERS, define
from tests.factories import Api, expect

API = "/api/v1"


def _order(*fields: dict[str, Any]) -> dict[str, Any]:
    return {"entity": "customer", "fields": [{"id": f["id"], "version": f["version"]} for f in fields]}


async def _keys(api: Api, headers: dict[str, str]) -> list[str]:
    listed = expect(await api.client.get(f"{API}/custom-fields", params={"entity": "customer"}, headers=headers), 200)
    return [f["key"] for f in listed["items"]]


async def test_an_entitys_fields_take_the_order_given_archived_ones_too(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    tier = await define(api, t.owner, "tier", "select", options=TIERS)
    nick = await define(api, t.owner, "nickname", "text")
    old = await define(api, t.owner, "old_code", "text")
    archived = await api.client.patch(
        f"{API}/custom-fields/{old['id']}", json={"archived": True}, headers={**h, "If-Match": '"1"'}
    )
    expect(archived, 200)
    assert await _keys(api, h) == ["tier", "nickname", "old_code"]

    places = [{"id": nick["id"], "version": 1}, {"id": tier["id"], "version": 1}, {"id": old["id"], "version": 2}]
    moved = await api.client.put(f"{API}/custom-fields/order", json={"entity": "customer", "fields": places}, headers=h)
    body: list[dict[str, Any]] = expect(moved, 200)["items"]
    assert [(f["key"], f["position"], f["version"]) for f in body] == [
        ("nickname", 0, 2),
        ("tier", 1, 2),
        ("old_code", 2, 2),  # 2 already: unchanged, so no new version
    ]
    assert await _keys(api, h) == ["nickname", "tier", "old_code"]
    # A page that read tier at version 1 has lost the race, for a PATCH as for another move.
    stale = await api.client.patch(
        f"{API}/custom-fields/{tier['id']}", json={"label_en": "Tier"}, headers={**h, "If-Match": '"1"'}
    )
    assert stale.status_code == 412
    again = await api.client.put(f"{API}/custom-fields/order", json={"entity": "customer", "fields": places}, headers=h)
    assert (again.status_code, again.json()["code"]) == (412, "version_mismatch")
    assert await _keys(api, h) == ["nickname", "tier", "old_code"]
    audit = expect(await api.client.get(f"{API}/audit-log", params={"limit": 200}, headers=h), 200)["items"]
    positions = {
        e["target_id"]: e["changes"]
        for e in audit
        if e["action"] == "custom_field.updated" and "position" in e["changes"]
    }
    assert positions == {
        nick["id"]: {"position": {"from": 1, "to": 0}},
        tier["id"]: {"position": {"from": 0, "to": 1}},
    }


async def test_a_partial_stale_or_foreign_order_is_a_422_and_changes_nothing(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    a = await define(api, t.owner, "a_field", "text")
    b = await define(api, t.owner, "b_field", "text")
    product = dict(
        expect(
            await api.client.post(
                f"{API}/custom-fields",
                json={"entity": "product", "key": "origin", "type": "text", "label_en": "Origin"},
                headers=h,
            ),
            201,
        )
    )
    message = "must name every custom field of these records once, archived ones too"
    for fields in ([b], [b, a, a], [b, a, product]):
        refused = await api.client.put(f"{API}/custom-fields/order", json=_order(*fields), headers=h)
        assert expect(refused, 422)["errors"] == [{"field": "fields", "message": message}]
    assert await _keys(api, h) == ["a_field", "b_field"]
    other = await api.signup()
    foreign = await api.client.put(f"{API}/custom-fields/order", json=_order(b, a), headers=other.owner.headers)
    assert expect(foreign, 422)["errors"] == [{"field": "fields", "message": message}]
    sales = await api.user(t, "sales")
    denied = await api.client.put(f"{API}/custom-fields/order", json=_order(b, a), headers=sales.headers)
    assert (denied.status_code, denied.json()["code"]) == (403, "permission_denied")
    zh = await api.client.put(f"{API}/custom-fields/order", json=_order(a), headers={**h, "Accept-Language": "zh-CN"})
    assert expect(zh, 422)["errors"] == [
        {"field": "fields", "message": "必须列出这些记录的每个自定义字段各一次（已归档的也算）"}
    ]
