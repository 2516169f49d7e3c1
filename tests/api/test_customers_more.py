"""Customers over HTTP, continued: filters, sorting, consent, uniqueness, assignment, address, access."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.factories import Actor, Api, expect

URL = "/api/v1/customers"


async def _names(api: Api, actor: Actor, **params: Any) -> list[str]:
    body = expect(await api.client.get(URL, params=params, headers=actor.headers), 200)
    return [c["name"] for c in body["items"]]


async def test_filter_by_tag_stage_and_home_store(api: Api) -> None:
    tenant = await api.signup()
    sh = await api.store(tenant, "SH01")
    bj = await api.store(tenant, "BJ01")
    await api.customer(tenant.owner, name="甲", tags=["vip", "wine"], lifecycle_stage="vip", home_store_id=sh)
    await api.customer(tenant.owner, name="乙", tags=["wine"], lifecycle_stage="customer", home_store_id=bj)
    await api.customer(tenant.owner, name="丙", tags=[], lifecycle_stage="lead")
    owner = tenant.owner

    assert sorted(await _names(api, owner, tag="wine")) == ["乙", "甲"]
    assert await _names(api, owner, tag="vip") == ["甲"]
    assert await _names(api, owner, tag="beer") == []
    assert await _names(api, owner, stage="customer") == ["乙"]
    assert await _names(api, owner, stage="lead") == ["丙"]
    assert await _names(api, owner, home_store_id=sh) == ["甲"]
    assert await _names(api, owner, home_store_id=bj, tag="vip") == []
    bad_stage = await api.client.get(URL, params={"stage": "ghost"}, headers=owner.headers)
    assert expect(bad_stage, 422)["code"] == "validation_failed"


async def test_filter_by_created_range(api: Api) -> None:
    tenant = await api.signup()
    first = await api.customer(tenant.owner, name="一号")
    second = await api.customer(tenant.owner, name="二号")
    await api.customer(tenant.owner, name="三号")
    assert datetime.fromisoformat(first["created_at"]) < datetime.fromisoformat(second["created_at"])
    owner = tenant.owner

    assert await _names(api, owner, created_from=second["created_at"]) == ["三号", "二号"]
    assert await _names(api, owner, created_to=second["created_at"]) == ["一号"]
    assert await _names(api, owner, created_from=first["created_at"], created_to=second["created_at"]) == ["一号"]
    assert await _names(api, owner, created_from="2000-01-01T00:00:00Z", created_to="2000-01-02T00:00:00Z") == []
    bad = await api.client.get(URL, params={"created_from": "yesterday"}, headers=owner.headers)
    assert expect(bad, 422)["code"] == "validation_failed"


async def test_sort_by_name_and_newest_first(api: Api) -> None:
    tenant = await api.signup()
    for name in ("B-乙", "C-丙", "A-甲"):
        await api.customer(tenant.owner, name=name)
    owner = tenant.owner
    assert await _names(api, owner) == ["A-甲", "C-丙", "B-乙"]  # default: -created_at
    assert await _names(api, owner, sort="-created_at") == ["A-甲", "C-丙", "B-乙"]
    assert await _names(api, owner, sort="created_at") == ["B-乙", "C-丙", "A-甲"]
    assert await _names(api, owner, sort="name") == ["A-甲", "B-乙", "C-丙"]
    assert await _names(api, owner, sort="-name") == ["C-丙", "B-乙", "A-甲"]
    page = expect(await api.client.get(URL, params={"sort": "-name", "limit": 2}, headers=owner.headers), 200)
    rest = expect(
        await api.client.get(
            URL, params={"sort": "-name", "limit": 2, "cursor": page["next_cursor"]}, headers=owner.headers
        ),
        200,
    )
    assert [c["name"] for c in rest["items"]] == ["A-甲"]
    bad = await api.client.get(URL, params={"sort": "phone"}, headers=owner.headers)
    assert expect(bad, 422)["code"] == "validation_failed"


async def test_consent_changes_record_time_and_source(api: Api) -> None:
    tenant = await api.signup()
    created = await api.customer(tenant.owner, name="赵敏", consent={"sms": {"granted": True, "source": "pos"}})
    assert created["consent"]["sms"]["granted"] is True
    assert created["consent"]["sms"]["source"] == "pos"
    granted_at = datetime.fromisoformat(created["consent"]["sms"]["at"])
    assert created["consent"]["email"] == {"granted": False, "at": None, "source": ""}

    url = f"{URL}/{created['id']}"
    updated = expect(
        await api.client.patch(
            url,
            json={"consent": {"email": {"granted": True, "source": "web_form"}, "sms": {"granted": False}}},
            headers=tenant.owner.headers,
        ),
        200,
    )
    email, sms = updated["consent"]["email"], updated["consent"]["sms"]
    assert (email["granted"], email["source"]) == (True, "web_form")
    assert (sms["granted"], sms["source"]) == (False, "staff")
    assert datetime.fromisoformat(email["at"]) >= granted_at
    assert datetime.fromisoformat(sms["at"]) > granted_at
    assert updated["version"] == 2

    entry = expect(
        await api.client.get(
            "/api/v1/audit-log",
            params={"action": "customer.updated", "target_id": created["id"]},
            headers=tenant.owner.headers,
        ),
        200,
    )["items"][0]
    assert entry["changes"] == {
        "email_consent": {"from": False, "to": True},
        "sms_consent": {"from": True, "to": False},
    }
    fetched = expect(await api.client.get(url, headers=tenant.owner.headers), 200)
    assert fetched["consent"] == updated["consent"]


async def test_external_id_is_unique_among_live_customers(api: Api) -> None:
    tenant = await api.signup()
    first = await api.customer(tenant.owner, name="甲", external_id="POS-001")
    assert first["external_id"] == "POS-001"
    duplicate = await api.client.post(URL, json={"name": "乙", "external_id": "POS-001"}, headers=tenant.owner.headers)
    body = expect(duplicate, 409)
    assert body["code"] == "external_id_taken"
    assert body["existing_customer_id"] == first["id"]
    second = await api.customer(tenant.owner, name="乙", external_id="POS-002")
    clash = await api.client.patch(
        f"{URL}/{second['id']}", json={"external_id": "POS-001"}, headers=tenant.owner.headers
    )
    assert expect(clash, 409)["code"] == "external_id_taken"
    expect(await api.client.delete(f"{URL}/{first['id']}", headers=tenant.owner.headers), 204)
    reused = await api.customer(tenant.owner, name="丙", external_id="POS-001")
    assert reused["external_id"] == "POS-001"
    other = await api.signup()
    assert (await api.customer(other.owner, name="丁", external_id="POS-001"))["external_id"] == "POS-001"


async def test_assigned_to_must_be_an_active_user_of_the_tenant(api: Api) -> None:
    tenant = await api.signup()
    sales = await api.user(tenant, "sales")
    assigned = await api.customer(tenant.owner, name="甲", assigned_to=sales.user_id)
    assert assigned["assigned_to"] == sales.user_id

    invited = expect(
        await api.client.post(
            "/api/v1/users",
            json={"email": "invitee@example.com", "name": "待激活", "role_id": tenant.roles["sales"]},
            headers=tenant.owner.headers,
        ),
        201,
    )["user"]["id"]
    other = await api.signup()
    expect(await api.client.post(f"/api/v1/users/{sales.user_id}/deactivate", headers=tenant.owner.headers), 200)
    error = [{"field": "assigned_to", "message": "is not an active user of this tenant"}]
    for user_id in (sales.user_id, invited, other.owner.user_id):
        response = await api.client.post(URL, json={"name": "乙", "assigned_to": user_id}, headers=tenant.owner.headers)
        assert expect(response, 422)["errors"] == error
    patch = await api.client.patch(
        f"{URL}/{assigned['id']}", json={"assigned_to": other.owner.user_id}, headers=tenant.owner.headers
    )
    assert expect(patch, 422)["errors"] == error
    cleared = expect(
        await api.client.patch(f"{URL}/{assigned['id']}", json={"assigned_to": None}, headers=tenant.owner.headers), 200
    )
    assert cleared["assigned_to"] is None


async def test_address_round_trips(api: Api) -> None:
    tenant = await api.signup()
    address = {"province": "广东省", "city": "深圳市", "district": "南山区", "detail": "科技园 8 栋 1201"}
    created = await api.customer(tenant.owner, name="周芷若", address={**address, "city": " 深圳市 "})
    assert created["address"] == address
    url = f"{URL}/{created['id']}"
    assert expect(await api.client.get(url, headers=tenant.owner.headers), 200)["address"] == address
    moved = {"province": "浙江省", "city": "杭州市", "district": "西湖区", "detail": "文三路 1 号"}
    updated = expect(await api.client.patch(url, json={"address": moved}, headers=tenant.owner.headers), 200)
    assert updated["address"] == moved
    unknown = await api.client.patch(url, json={"address": {"street": "x"}}, headers=tenant.owner.headers)
    assert expect(unknown, 422)["errors"] == [{"field": "address.street", "message": "is not a known field"}]
    too_long = await api.client.patch(url, json={"address": {"city": "市" * 51}}, headers=tenant.owner.headers)
    assert [e["field"] for e in expect(too_long, 422)["errors"]] == ["address.city"]
    deep = await api.client.patch(
        url, json={"consent": {"email": {"granted": True, "by": "me"}}}, headers=tenant.owner.headers
    )
    assert expect(deep, 422)["errors"] == [{"field": "consent.email.by", "message": "is not a known field"}]
    default = await api.customer(tenant.owner, name="无地址")
    assert default["address"] == {"province": "", "city": "", "district": "", "detail": ""}


async def test_home_store_must_exist(api: Api) -> None:
    tenant = await api.signup()
    other = await api.signup()
    foreign = await api.store(other, "SH01")
    response = await api.client.post(URL, json={"name": "甲", "home_store_id": foreign}, headers=tenant.owner.headers)
    assert expect(response, 422)["errors"] == [{"field": "home_store_id", "message": "is not a store you can assign"}]


async def test_analyst_reads_but_cannot_write_customers(api: Api) -> None:
    tenant = await api.signup()
    analyst = await api.user(tenant, "analyst")
    customer = await api.customer(tenant.owner, name="甲")
    url = f"{URL}/{customer['id']}"
    assert await _names(api, analyst) == ["甲"]
    expect(await api.client.get(url, headers=analyst.headers), 200)

    attempts = [
        await api.client.post(URL, json={"name": "乙"}, headers=analyst.headers),
        await api.client.patch(url, json={"name": "丙"}, headers=analyst.headers),
        await api.client.delete(url, headers=analyst.headers),
    ]
    assert [(r.status_code, r.json()["code"], r.json()["permission"]) for r in attempts] == [
        (403, "permission_denied", "customers:create"),
        (403, "permission_denied", "customers:update"),
        (403, "permission_denied", "customers:delete"),
    ]
    after = expect(await api.client.get(url, headers=tenant.owner.headers), 200)
    assert (after["name"], after["version"]) == ("甲", 1)
    assert await _names(api, tenant.owner) == ["甲"]
