"""Products and categories over HTTP: create, search, uniqueness, money, If-Match, archive, tree."""

from __future__ import annotations

import uuid
from typing import Any

from api.state import Resources
from domain.catalog.products import orderable_products
from tenants.db import TenantScope, tenant_session
from tenants.decimals import MONEY
from tests.catalog_data import API, product
from tests.factories import Api, Tenant, expect


async def _names(api: Api, tenant: Tenant, **params: Any) -> list[str]:
    body = expect(await api.client.get(f"{API}/products", params=params, headers=tenant.owner.headers), 200)
    return [p["sku"] for p in body["items"]]


async def test_create_keeps_the_price_to_the_cent_and_reports_the_currency(api: Api) -> None:
    tenant = await api.signup()
    body = await product(api, tenant.owner, sku="COKE-330", barcode="6901234567890", list_price="3.5", tax_rate="0.13")
    assert body["list_price"] == "3.50"
    assert body["tax_rate"] == "0.1300"
    assert body["currency"] == "CNY"
    assert body["status"] == "active"
    assert (body["unit"], body["unit_en"]) == ("件", "pc")  # the default unit, in both languages
    assert body["version"] == 1


async def test_money_and_tax_rate_rules_are_422_with_the_fields(api: Api) -> None:
    tenant = await api.signup()
    bad = await api.client.post(
        f"{API}/products",
        json={"sku": "X1", "name_zh": "坏价", "list_price": "-1", "tax_rate": "0.13"},
        headers=tenant.owner.headers,
    )
    assert expect(bad, 422)["errors"] == [{"field": "list_price", "message": MONEY.message}]
    whole = await api.client.post(
        f"{API}/products",
        json={"sku": "X1", "name_zh": "坏价", "list_price": "1", "tax_rate": "1"},
        headers=tenant.owner.headers,
    )
    assert expect(whole, 422)["errors"] == [
        {"field": "tax_rate", "message": "must be a fraction: at least 0 and below 1"}
    ]
    nameless = await api.client.post(
        f"{API}/products", json={"sku": "X2", "list_price": "1"}, headers=tenant.owner.headers
    )
    assert expect(nameless, 422)["errors"] == [
        {"field": "name_zh", "message": "a Chinese or an English name is required"}
    ]
    smuggled = await api.client.post(
        f"{API}/products",
        json={"sku": "X3", "name_zh": "走私", "list_price": "1", "status": "archived"},
        headers=tenant.owner.headers,
    )
    assert expect(smuggled, 422)["errors"] == [{"field": "status", "message": "is not a known field"}]
    assert await _names(api, tenant) == []


async def test_sku_barcode_and_external_id_are_unique_per_tenant(api: Api) -> None:
    tenant = await api.signup()
    first = await product(api, tenant.owner, sku="A-1", barcode="111", external_id="erp-1")
    for fields, code in (
        ({"sku": "A-1"}, "sku_taken"),
        ({"sku": "A-2", "barcode": "111"}, "barcode_taken"),
        ({"sku": "A-3", "external_id": "erp-1"}, "external_id_taken"),
    ):
        response = await api.client.post(
            f"{API}/products", json={"name_zh": "重复", "list_price": "1", **fields}, headers=tenant.owner.headers
        )
        body = expect(response, 409)
        assert body["code"] == code
        assert body["existing_product_id"] == first["id"]
    other = await api.signup()
    again = await product(api, other.owner, sku="A-1", barcode="111", external_id="erp-1")
    assert again["sku"] == "A-1"


async def test_search_by_chinese_name_pinyin_english_sku_and_barcode(api: Api) -> None:
    tenant = await api.signup()
    await product(
        api, tenant.owner, sku="MILK-01", barcode="6907992100272", name_zh="伊利纯牛奶", name_en="Yili Pure Milk"
    )
    await product(api, tenant.owner, sku="RICE-05", barcode="6921234500011", name_zh="五常大米", name_en="Wuchang Rice")
    assert await _names(api, tenant, q="牛奶") == ["MILK-01"]
    assert await _names(api, tenant, q="纯牛奶") == ["MILK-01"]
    assert await _names(api, tenant, q="米") == ["RICE-05"]
    assert await _names(api, tenant, q="ylcnn") == ["MILK-01"]
    assert await _names(api, tenant, q="dm") == ["RICE-05"]
    assert await _names(api, tenant, q="niunai") == ["MILK-01"]
    assert await _names(api, tenant, q="milk") == ["MILK-01"]
    assert await _names(api, tenant, q="rice-0") == ["RICE-05"]
    assert await _names(api, tenant, q="6907992") == ["MILK-01"]
    assert await _names(api, tenant, q="咖啡") == []


async def test_patch_with_if_match_renames_and_reindexes_search(api: Api) -> None:
    tenant = await api.signup()
    created = await product(api, tenant.owner, sku="TEA-1", name_zh="龙井茶")
    url = f"{API}/products/{created['id']}"
    h = tenant.owner.headers
    updated = expect(
        await api.client.patch(url, json={"name_zh": "碧螺春", "list_price": "88"}, headers={**h, "If-Match": '"1"'}),
        200,
    )
    assert (updated["name_zh"], updated["list_price"], updated["version"]) == ("碧螺春", "88.00", 2)
    stale = await api.client.patch(url, json={"name_zh": "普洱"}, headers={**h, "If-Match": '"1"'})
    body = expect(stale, 412)
    assert (body["code"], body["current_version"]) == ("version_mismatch", 2)
    assert await _names(api, tenant, q="龙井") == []
    assert await _names(api, tenant, q="blc") == ["TEA-1"]
    current = await api.client.get(url, headers=h)
    assert expect(current, 200)["name_zh"] == "碧螺春"
    assert current.headers["etag"] == '"2"'


async def test_archive_filters_and_orderable_products(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    keep = await product(api, tenant.owner, sku="K-1")
    gone = await product(api, tenant.owner, sku="G-1")
    archived = expect(await api.client.post(f"{API}/products/{gone['id']}/archive", headers=tenant.owner.headers), 200)
    assert (archived["status"], archived["version"]) == ("archived", 2)
    assert await _names(api, tenant, status="archived") == ["G-1"]
    assert await _names(api, tenant, status="active") == ["K-1"]
    assert keep["status"] == "active"
    tenant_id = uuid.UUID(tenant.id)
    wanted = [uuid.UUID(keep["id"]), uuid.UUID(gone["id"]), uuid.uuid4()]
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        orderable = await orderable_products(session, tenant_id, wanted)
    assert {str(k): v.sku for k, v in orderable.items()} == {keep["id"]: "K-1"}
    restored = expect(await api.client.post(f"{API}/products/{gone['id']}/restore", headers=tenant.owner.headers), 200)
    assert (restored["status"], restored["version"]) == ("active", 3)


async def test_keyset_pagination_in_every_sort(api: Api) -> None:
    tenant = await api.signup()
    for i in (3, 1, 4, 0, 2):
        await product(api, tenant.owner, sku=f"P-{i}", name_zh=f"商品{i}")
    for sort, expected in (
        ("sku", [f"P-{i}" for i in range(5)]),
        ("name_zh", [f"P-{i}" for i in range(5)]),
        ("-created_at", ["P-2", "P-0", "P-4", "P-1", "P-3"]),
    ):
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 2, "sort": sort, **({"cursor": cursor} if cursor else {})}
            body = expect(await api.client.get(f"{API}/products", params=params, headers=tenant.owner.headers), 200)
            seen += [p["sku"] for p in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert seen == expected, sort


async def test_category_tree_create_rename_move_and_delete_when_unused(api: Api) -> None:
    tenant = await api.signup()
    h = tenant.owner.headers
    food = expect(await api.client.post(f"{API}/product-categories", json={"name": "食品"}, headers=h), 201)
    drinks = expect(await api.client.post(f"{API}/product-categories", json={"name": "饮料"}, headers=h), 201)
    tea = expect(
        await api.client.post(f"{API}/product-categories", json={"name": "茶", "parent_id": drinks["id"]}, headers=h),
        201,
    )
    dup = await api.client.post(f"{API}/product-categories", json={"name": "饮料"}, headers=h)
    assert expect(dup, 409)["code"] == "category_name_taken"
    await product(api, tenant.owner, sku="TEA-9", category_id=tea["id"])
    moved = expect(
        await api.client.patch(
            f"{API}/product-categories/{drinks['id']}", json={"name": "酒水饮料", "parent_id": food["id"]}, headers=h
        ),
        200,
    )
    assert (moved["name"], moved["parent_id"]) == ("酒水饮料", food["id"])
    cycle = await api.client.patch(f"{API}/product-categories/{food['id']}", json={"parent_id": tea["id"]}, headers=h)
    assert expect(cycle, 422)["errors"] == [{"field": "parent_id", "message": "would put the category under itself"}]
    tree = expect(await api.client.get(f"{API}/product-categories", headers=h), 200)
    assert tree["items"] == [
        {
            "id": food["id"],
            "name": "食品",
            "name_en": "",
            "parent_id": None,
            "product_count": 0,
            "children": [
                {
                    "id": drinks["id"],
                    "name": "酒水饮料",
                    "name_en": "",
                    "parent_id": food["id"],
                    "product_count": 0,
                    "children": [
                        {
                            "id": tea["id"],
                            "name": "茶",
                            "name_en": "",
                            "parent_id": drinks["id"],
                            "product_count": 1,
                            "children": [],
                        }
                    ],
                }
            ],
        }
    ]
    in_use = await api.client.delete(f"{API}/product-categories/{tea['id']}", headers=h)
    body = expect(in_use, 409)
    assert (body["code"], body["product_count"], body["child_count"]) == ("category_in_use", 1, 0)
    parent = await api.client.delete(f"{API}/product-categories/{drinks['id']}", headers=h)
    assert expect(parent, 409)["child_count"] == 1
    empty = expect(await api.client.post(f"{API}/product-categories", json={"name": "空"}, headers=h), 201)
    expect(await api.client.delete(f"{API}/product-categories/{empty['id']}", headers=h), 204)
    expect(await api.client.patch(f"{API}/product-categories/{empty['id']}", json={"name": "x"}, headers=h), 404)
    bad_parent = await api.client.post(
        f"{API}/product-categories", json={"name": "孤儿", "parent_id": empty["id"]}, headers=h
    )
    assert expect(bad_parent, 422)["errors"] == [{"field": "parent_id", "message": "is not a category of this tenant"}]


async def test_sales_can_read_but_not_manage_products(api: Api) -> None:
    tenant = await api.signup()
    sales = await api.user(tenant, "sales")
    created = await product(api, tenant.owner, sku="R-1")
    expect(await api.client.get(f"{API}/products/{created['id']}", headers=sales.headers), 200)
    denied = await api.client.post(
        f"{API}/products", json={"sku": "R-2", "name_zh": "禁", "list_price": "1"}, headers=sales.headers
    )
    body = expect(denied, 403)
    assert (body["code"], body["permission"]) == ("permission_denied", "products:manage")


async def test_units_read_in_english_when_they_are_measure_words_the_product_knows(api: Api) -> None:
    tenant = await api.signup()
    bottle = await product(api, tenant.owner, sku="WATER-550", unit="瓶")
    own = await product(api, tenant.owner, sku="TEA-BRICK", unit="饼")
    assert (bottle["unit"], bottle["unit_en"]) == ("瓶", "bottle")
    assert (own["unit"], own["unit_en"]) == ("饼", "饼")  # the tenant's own word: the same in both
