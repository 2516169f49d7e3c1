"""Regions and stores."""

from __future__ import annotations

import uuid
from typing import Any

from tests.factories import Api, Tenant, expect


async def _post_store(api: Api, tenant: Tenant, **fields: Any) -> Any:
    payload = {"code": "sh01", "name": "上海一店", **fields}
    return await api.client.post("/api/v1/stores", json=payload, headers=tenant.owner.headers)


async def test_region_crud(api: Api) -> None:
    tenant = await api.signup()
    headers = tenant.owner.headers
    created = expect(await api.client.post("/api/v1/regions", json={"name": " 华东 "}, headers=headers), 201)
    assert created["name"] == "华东"
    await api.region(tenant, "华北")
    listed = expect(await api.client.get("/api/v1/regions", headers=headers), 200)
    assert [r["name"] for r in listed["items"]] == sorted(["华东", "华北"])
    renamed = expect(
        await api.client.patch(f"/api/v1/regions/{created['id']}", json={"name": "华东区"}, headers=headers), 200
    )
    assert renamed == {**created, "name": "华东区"}
    deleted = await api.client.delete(f"/api/v1/regions/{created['id']}", headers=headers)
    assert deleted.status_code == 204
    listed = expect(await api.client.get("/api/v1/regions", headers=headers), 200)
    assert [r["name"] for r in listed["items"]] == ["华北"]
    missing = await api.client.delete(f"/api/v1/regions/{created['id']}", headers=headers)
    assert expect(missing, 404)["code"] == "not_found"


async def test_duplicate_region_name_is_409(api: Api) -> None:
    tenant = await api.signup()
    await api.region(tenant, "华东")
    north = await api.region(tenant, "华北")
    response = await api.client.post("/api/v1/regions", json={"name": "华东"}, headers=tenant.owner.headers)
    assert expect(response, 409)["code"] == "region_name_taken"
    rename = await api.client.patch(f"/api/v1/regions/{north}", json={"name": "华东"}, headers=tenant.owner.headers)
    assert expect(rename, 409)["code"] == "region_name_taken"


async def test_region_with_stores_cannot_be_deleted(api: Api) -> None:
    tenant = await api.signup()
    region = await api.region(tenant, "华东")
    await api.store(tenant, "SH01", region="华东")
    response = await api.client.delete(f"/api/v1/regions/{region}", headers=tenant.owner.headers)
    assert expect(response, 409)["code"] == "region_in_use"


async def test_create_and_get_a_store(api: Api) -> None:
    tenant = await api.signup()
    region = await api.region(tenant, "华东")
    created = expect(await _post_store(api, tenant, region_id=region, address="南京路 1 号", phone="021-12345678"), 201)
    assert created["code"] == "SH01"
    assert created["name"] == "上海一店"
    assert created["region_id"] == region
    assert created["address"] == "南京路 1 号"
    assert created["phone"] == "021-12345678"
    assert created["status"] == "active"
    fetched = expect(await api.client.get(f"/api/v1/stores/{created['id']}", headers=tenant.owner.headers), 200)
    assert fetched == created
    missing = await api.client.get(f"/api/v1/stores/{uuid.uuid4()}", headers=tenant.owner.headers)
    assert expect(missing, 404)["code"] == "not_found"


async def test_list_and_filter_stores(api: Api) -> None:
    tenant = await api.signup()
    await api.region(tenant, "华东")
    await api.region(tenant, "华南")
    await api.store(tenant, "SH01", region="华东")
    await api.store(tenant, "SH02", region="华东")
    gz = await api.store(tenant, "GZ01", region="华南")
    expect(await api.client.patch(f"/api/v1/stores/{gz}", json={"status": "closed"}, headers=tenant.owner.headers), 200)

    async def codes(**params: Any) -> list[str]:
        body = expect(await api.client.get("/api/v1/stores", params=params, headers=tenant.owner.headers), 200)
        return [s["code"] for s in body["items"]]

    assert await codes() == ["GZ01", "SH01", "SH02"]
    assert await codes(region_id=tenant.regions["华东"]) == ["SH01", "SH02"]
    assert await codes(status="closed") == ["GZ01"]
    assert await codes(status="active") == ["SH01", "SH02"]
    assert await codes(q="sh") == ["SH01", "SH02"]
    assert await codes(q="Store GZ") == ["GZ01"]
    first = expect(await api.client.get("/api/v1/stores", params={"limit": 2}, headers=tenant.owner.headers), 200)
    assert [s["code"] for s in first["items"]] == ["GZ01", "SH01"]
    rest = expect(
        await api.client.get(
            "/api/v1/stores", params={"limit": 2, "cursor": first["next_cursor"]}, headers=tenant.owner.headers
        ),
        200,
    )
    assert [s["code"] for s in rest["items"]] == ["SH02"]
    assert rest["next_cursor"] is None


async def test_store_scoped_user_sees_only_their_stores(api: Api) -> None:
    tenant = await api.signup()
    sh = await api.store(tenant, "SH01")
    bj = await api.store(tenant, "BJ01")
    sales = await api.user(tenant, "sales", scope={"kind": "store", "store_ids": [sh]})
    listed = expect(await api.client.get("/api/v1/stores", headers=sales.headers), 200)
    assert [s["code"] for s in listed["items"]] == ["SH01"]
    assert expect(await api.client.get(f"/api/v1/stores/{bj}", headers=sales.headers), 404)["code"] == "not_found"
    patch = await api.client.patch(f"/api/v1/stores/{sh}", json={"name": "x"}, headers=sales.headers)
    assert expect(patch, 403)["code"] == "permission_denied"


async def test_patch_a_store(api: Api) -> None:
    tenant = await api.signup()
    region = await api.region(tenant, "华东")
    store = await api.store(tenant, "SH01")
    url = f"/api/v1/stores/{store}"
    updated = expect(
        await api.client.patch(
            url, json={"name": "上海旗舰店", "region_id": region, "code": "sh-flag"}, headers=tenant.owner.headers
        ),
        200,
    )
    assert (updated["name"], updated["region_id"], updated["code"]) == ("上海旗舰店", region, "SH-FLAG")
    cleared = expect(await api.client.patch(url, json={"region_id": None}, headers=tenant.owner.headers), 200)
    assert cleared["region_id"] is None
    assert cleared["name"] == "上海旗舰店"
    bad_status = await api.client.patch(url, json={"status": "demolished"}, headers=tenant.owner.headers)
    assert expect(bad_status, 422)["code"] == "validation_failed"


async def test_duplicate_store_code_is_409(api: Api) -> None:
    tenant = await api.signup()
    await api.store(tenant, "SH01")
    other = await api.store(tenant, "SH02")
    assert expect(await _post_store(api, tenant, code="sh01"), 409)["code"] == "store_code_taken"
    rename = await api.client.patch(f"/api/v1/stores/{other}", json={"code": "SH01"}, headers=tenant.owner.headers)
    assert expect(rename, 409)["code"] == "store_code_taken"


async def test_unknown_region_is_422(api: Api) -> None:
    tenant = await api.signup()
    other = await api.signup()
    foreign = await api.region(other, "华东")
    for region_id in (str(uuid.uuid4()), foreign):
        response = await _post_store(api, tenant, region_id=region_id)
        assert expect(response, 422)["errors"] == [{"field": "region_id", "message": "is not a region of this tenant"}]
    store = await api.store(tenant, "SH09")
    patch = await api.client.patch(f"/api/v1/stores/{store}", json={"region_id": foreign}, headers=tenant.owner.headers)
    assert expect(patch, 422)["errors"] == [{"field": "region_id", "message": "is not a region of this tenant"}]


async def test_bad_store_code_is_422(api: Api) -> None:
    tenant = await api.signup()
    response = await _post_store(api, tenant, code="上海 01")
    assert [e["field"] for e in expect(response, 422)["errors"]] == ["code"]
