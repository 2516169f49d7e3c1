"""Product and ticket categories carry an English name next to the one shown by default."""

from __future__ import annotations

from tests.factories import Api, expect


async def test_a_product_category_keeps_an_english_name(api: Api) -> None:
    tenant = await api.signup()
    headers = tenant.owner.headers
    created = await api.client.post(
        "/api/v1/product-categories", json={"name": "饮料", "name_en": " Drinks "}, headers=headers
    )
    category = expect(created, 201)
    assert (category["name"], category["name_en"]) == ("饮料", "Drinks")
    plain = expect(await api.client.post("/api/v1/product-categories", json={"name": "零食"}, headers=headers), 201)
    assert plain["name_en"] == ""

    renamed = await api.client.patch(
        f"/api/v1/product-categories/{category['id']}", json={"name_en": "Beverages"}, headers=headers
    )
    assert (expect(renamed, 200)["name"], expect(renamed, 200)["name_en"]) == ("饮料", "Beverages")
    tree = expect(await api.client.get("/api/v1/product-categories", headers=headers), 200)
    assert sorted((n["name"], n["name_en"]) for n in tree["items"]) == [("零食", ""), ("饮料", "Beverages")]

    too_long = await api.client.post(
        "/api/v1/product-categories", json={"name": "日用", "name_en": "x" * 101}, headers=headers
    )
    assert expect(too_long, 422)["errors"][0]["field"] == "name_en"


async def test_a_ticket_category_keeps_an_english_name(api: Api) -> None:
    tenant = await api.signup()
    headers = tenant.owner.headers
    created = await api.client.post(
        "/api/v1/ticket-categories", json={"name": "配送问题", "name_en": "Delivery"}, headers=headers
    )
    category = expect(created, 201)
    assert (category["name"], category["name_en"]) == ("配送问题", "Delivery")
    updated = await api.client.patch(
        f"/api/v1/ticket-categories/{category['id']}", json={"name_en": ""}, headers=headers
    )
    assert expect(updated, 200)["name_en"] == ""
    listed = expect(await api.client.get("/api/v1/ticket-categories", headers=headers), 200)
    assert [(c["name"], c["name_en"]) for c in listed["items"]] == [("配送问题", "")]
