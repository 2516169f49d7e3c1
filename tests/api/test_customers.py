"""Customers over HTTP: create, read, search, update with If-Match, delete, errors."""

from __future__ import annotations

from tests.factories import Api, expect


async def test_create_normalises_phone_and_email(api: Api) -> None:
    tenant = await api.signup()
    body = await api.customer(tenant.owner, name="李小龙", phone="138 0013 8000", email="Bruce@Example.COM ")
    assert body["phone"] == "+8613800138000"
    assert body["email"] == "bruce@example.com"
    assert body["version"] == 1
    assert body["created_by"] == tenant.owner.user_id


async def test_search_by_pinyin_initials_phone_suffix_and_two_character_name(api: Api) -> None:
    tenant = await api.signup()
    zhang = await api.customer(tenant.owner, name="张三", phone="13800138000")
    await api.customer(tenant.owner, name="王五", phone="13900139001")

    async def names(q: str) -> list[str]:
        body = expect(await api.client.get("/api/v1/customers", params={"q": q}, headers=tenant.owner.headers), 200)
        return [c["name"] for c in body["items"]]

    assert await names("zs") == ["张三"]
    assert await names("8000") == ["张三"]
    assert await names("张三") == ["张三"]
    assert await names("三") == ["张三"]
    assert await names("13800138000") == ["张三"]
    assert await names("ww") == ["王五"]
    assert await names("zz") == []
    assert zhang["name"] == "张三"


async def test_phone_is_unique_per_tenant_with_the_existing_id(api: Api) -> None:
    tenant = await api.signup()
    first = await api.customer(tenant.owner, phone="13800138000")
    response = await api.client.post(
        "/api/v1/customers", json={"name": "李四", "phone": "+86 138-0013-8000"}, headers=tenant.owner.headers
    )
    body = expect(response, 409)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert body["code"] == "phone_taken"
    assert body["existing_customer_id"] == first["id"]


async def test_patch_with_stale_if_match_is_412_and_changes_nothing(api: Api) -> None:
    tenant = await api.signup()
    created = await api.customer(tenant.owner, name="赵六")
    url = f"/api/v1/customers/{created['id']}"
    updated = expect(
        await api.client.patch(url, json={"name": "赵六六"}, headers={**tenant.owner.headers, "If-Match": '"1"'}), 200
    )
    assert updated["version"] == 2
    stale = await api.client.patch(url, json={"name": "赵七"}, headers={**tenant.owner.headers, "If-Match": '"1"'})
    assert expect(stale, 412)["code"] == "version_mismatch"
    current = await api.client.get(url, headers=tenant.owner.headers)
    assert expect(current, 200)["name"] == "赵六六"
    assert current.headers["etag"] == '"2"'


async def test_unknown_and_invalid_fields_are_422_with_field_list(api: Api) -> None:
    tenant = await api.signup()
    response = await api.client.post(
        "/api/v1/customers", json={"name": "孙八", "phone": "12345", "tenant_id": "x"}, headers=tenant.owner.headers
    )
    body = expect(response, 422)
    assert body["errors"] == [{"field": "tenant_id", "message": "is not a known field"}]
    response = await api.client.post(
        "/api/v1/customers", json={"name": "孙八", "phone": "12345"}, headers=tenant.owner.headers
    )
    assert expect(response, 422)["errors"] == [{"field": "phone", "message": "is not a valid phone number"}]
    listed = expect(await api.client.get("/api/v1/customers", headers=tenant.owner.headers), 200)
    assert listed["items"] == []


async def test_delete_is_soft_and_frees_the_phone(api: Api) -> None:
    tenant = await api.signup()
    created = await api.customer(tenant.owner, phone="13800138000")
    url = f"/api/v1/customers/{created['id']}"
    expect(await api.client.delete(url, headers=tenant.owner.headers), 204)
    expect(await api.client.get(url, headers=tenant.owner.headers), 404)
    again = await api.customer(tenant.owner, name="新张三", phone="13800138000")
    assert again["id"] != created["id"]


async def test_keyset_pagination_walks_every_customer_once(api: Api) -> None:
    tenant = await api.signup()
    for i in range(7):
        await api.customer(tenant.owner, name=f"客户{i}", phone=f"1380013800{i}")
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3, "sort": "name", **({"cursor": cursor} if cursor else {})}
        body = expect(await api.client.get("/api/v1/customers", params=params, headers=tenant.owner.headers), 200)
        seen += [c["name"] for c in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"客户{i}" for i in range(7)]
    too_big = await api.client.get("/api/v1/customers", params={"limit": 500}, headers=tenant.owner.headers)
    assert expect(too_big, 422)["code"] == "validation_failed"
