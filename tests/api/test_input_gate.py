"""Input nothing downstream can hold — a NUL character, JSON nested without end, numbers past any
column, a time without an offset, an ETag that is not ours, a body that is not JSON — is a clear
problem that changes nothing, never a 500."""

from __future__ import annotations

import json
from typing import Any

from httpx import Response

from tenants.decimals import MONEY, PERCENT, RATE
from tests.catalog_data import product
from tests.factories import Api, expect

API = "/api/v1"


def field_error(response: Response) -> dict[str, Any]:
    body = expect(response, 422)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert body["code"] == "validation_failed"
    assert len(body["errors"]) == 1
    return dict(body["errors"][0])


async def test_a_nul_character_is_refused_wherever_it_comes(api: Api) -> None:
    tenant = await api.signup()
    h = tenant.owner.headers

    in_body = await api.client.post(f"{API}/customers", json={"name": "王\x00五"}, headers=h)
    assert field_error(in_body) == {"field": "name", "message": "must not contain a NUL character"}
    nested = await api.client.post(
        f"{API}/orders",
        json={"store_id": None, "lines": [{"product_id": "x", "quantity": 1}], "note": "\x00"},
        headers=h,
    )
    assert field_error(nested)["field"] == "note"
    in_query = await api.client.get(f"{API}/customers?q=%E7%8E%8B%00", headers=h)
    assert field_error(in_query) == {"field": "q", "message": "must not contain a NUL character"}
    unauthenticated = await api.client.get(f"{API}/public/kb/{tenant.slug}/articles?q=%00")
    assert field_error(unauthenticated)["field"] == "q"

    listed = expect(await api.client.get(f"{API}/customers", headers=h), 200)
    assert listed["items"] == []


async def test_a_literal_backslash_u0000_is_text_not_a_nul(api: Api) -> None:
    tenant = await api.signup()
    created = await api.client.post(
        f"{API}/customers",
        content=json.dumps({"name": "\\u0000 王五"}).encode(),
        headers={**tenant.owner.headers, "content-type": "application/json"},
    )
    assert expect(created, 201)["name"] == "\\u0000 王五"


async def test_json_nested_past_the_limit_is_a_422_even_at_login(api: Api) -> None:
    tenant = await api.signup()
    for depth in (40, 1000, 5000):
        deep = "[" * depth + "]" * depth
        response = await api.client.post(
            f"{API}/auth/login", content=deep, headers={"content-type": "application/json"}
        )
        assert field_error(response) == {"field": "body", "message": "nests deeper than 32 levels"}
    many_lines = {"name": "李四", "tags": [f"t{i}" for i in range(60)]}
    wide = await api.client.post(f"{API}/customers", json=many_lines, headers=tenant.owner.headers)
    assert expect(wide, 422)["errors"][0]["field"] != "body"  # wide is fine; the tag rule speaks


async def test_a_body_that_is_not_json_is_415(api: Api) -> None:
    tenant = await api.signup()
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "application/xml", None):
        headers = {**tenant.owner.headers}
        if content_type:
            headers["content-type"] = content_type
        response = await api.client.post(f"{API}/customers", content=b'{"name": "x"}', headers=headers)
        body = expect(response, 415)
        assert body["code"] == "unsupported_media_type"
    problem_json = {**tenant.owner.headers, "content-type": "application/merge-patch+json"}
    assert expect(await api.client.post(f"{API}/customers", content=b'{"name": "x"}', headers=problem_json), 201)
    listed = expect(await api.client.get(f"{API}/customers", headers=tenant.owner.headers), 200)
    assert [c["name"] for c in listed["items"]] == ["x"]


async def test_numbers_past_any_column_are_422(api: Api) -> None:
    tenant = await api.signup()
    h = tenant.owner.headers
    for price in ("1e28", "1" + "0" * 30, "NaN", "Infinity", "0.000000001"):
        response = await api.client.post(
            f"{API}/products", json={"sku": "A1", "name_zh": "茶", "list_price": price}, headers=h
        )
        assert field_error(response) == {"field": "list_price", "message": MONEY.message}, price
    huge = await api.client.put(f"{API}/settings/orders", json={"approval_amount_threshold": "1e30"}, headers=h)
    assert expect(huge, 422)["code"] == "validation_failed"
    too_many = await api.client.post(
        f"{API}/products",
        json={"sku": "A1", "name_zh": "茶", "list_price": "1", "low_stock_threshold": 2**40},
        headers=h,
    )
    assert field_error(too_many)["field"] == "low_stock_threshold"
    assert expect(await api.client.get(f"{API}/products", headers=h), 200)["items"] == []


# Each is a form Python's Decimal() reads as a number, so msgspec would take it and the domain
# would round it: a JSON number, an exponent, an underscore, a sign, spaces, Arabic-Indic and
# full-width digits, more places than the field has, a bare point, leading zeros.
MISSPELT_MONEY: list[Any] = [12, 12.5, "1e3", "1_000", "+5", " 12", "12 ", "١٢٣", "１２", "0.001", "12.", ".5", "007"]


async def test_money_has_one_written_form_on_every_route(api: Api) -> None:
    tenant = await api.signup()
    h = tenant.owner.headers
    for price in MISSPELT_MONEY:
        response = await api.client.post(
            f"{API}/products", json={"sku": "A1", "name_zh": "茶", "list_price": price}, headers=h
        )
        assert field_error(response) == {"field": "list_price", "message": MONEY.message}, price
    for rate in ("0.13005", 0.13, "１", "0,13"):
        response = await api.client.post(
            f"{API}/products", json={"sku": "A1", "name_zh": "茶", "list_price": "1", "tax_rate": rate}, headers=h
        )
        assert field_error(response) == {"field": "tax_rate", "message": RATE.message}, rate
    assert expect(await api.client.get(f"{API}/products", headers=h), 200)["items"] == []
    tea = await product(api, tenant.owner, sku="TEA", list_price="0.5", tax_rate="0.0600")
    assert (tea["list_price"], tea["tax_rate"]) == ("0.50", "0.0600")
    store = await api.store(tenant, "SH01")
    line = {"product_id": tea["id"], "quantity": 1, "discount": "0.001"}
    order = {"store_id": store, "channel": "store", "lines": [{"product_id": tea["id"], "quantity": 1}, line]}
    response = await api.client.post(f"{API}/orders", json={**order, "discount": 1}, headers=h)
    assert expect(response, 422)["errors"] == [
        {"field": "lines.1.discount", "message": MONEY.message},
        {"field": "discount", "message": MONEY.message},
    ]
    assert expect(await api.client.get(f"{API}/orders", headers=h), 200)["items"] == []
    rules = {"approval_amount_threshold": "5000", "approval_discount_percent": "15.005"}
    response = await api.client.put(f"{API}/settings/orders", json=rules, headers=h)
    assert field_error(response) == {"field": "approval_discount_percent", "message": PERCENT.message}
    zh = await api.client.put(f"{API}/settings/orders", json=rules, headers={**h, "accept-language": "zh-CN"})
    assert field_error(zh)["message"] == '必须是小于 100 的百分比，以字符串书写，如 "15" 或 "12.5"（最多 2 位小数）'
    settings = expect(await api.client.get(f"{API}/settings/orders", headers=h), 200)
    assert settings["approval_discount_percent"] is None


async def test_a_time_without_an_offset_is_refused(api: Api) -> None:
    tenant = await api.signup()
    h = tenant.owner.headers
    naive = await api.client.post(
        f"{API}/api-keys",
        json={"name": "ERP", "scopes": ["customers:read"], "expires_at": "2030-01-01T00:00:00"},
        headers=h,
    )
    assert field_error(naive)["field"] == "expires_at"
    aware = await api.client.post(
        f"{API}/api-keys",
        json={"name": "ERP", "scopes": ["customers:read"], "expires_at": "2030-01-01T00:00:00+08:00"},
        headers=h,
    )
    expect(aware, 201)
    in_filter = await api.client.get(f"{API}/orders?created_from=2026-01-01T00:00:00", headers=h)
    assert field_error(in_filter)["field"] == "created_from"
    # Litestar would read a bare number as a Unix timestamp: the contract says RFC 3339.
    for url, name in (
        (f"{API}/audit-log?until=0.5", "until"),
        (f"{API}/customers?created_to=1700000000", "created_to"),
    ):
        assert field_error(await api.client.get(url, headers=h))["field"] == name, url
    aware_filter = await api.client.get(f"{API}/orders?created_from=2026-01-01T00:00:00%2B08:00", headers=h)
    assert expect(aware_filter, 200)["items"] == []


async def test_if_match_is_compared_strongly_and_never_500s(api: Api) -> None:
    tenant = await api.signup()
    h = tenant.owner.headers
    item = await product(api, tenant.owner)
    url = f"{API}/products/{item['id']}"

    for never_ours in ('W/"1"', '"stale-version-0"', '"' + "9" * 4301 + '"', '"12345678901"'):
        stale = await api.client.patch(url, json={"name_zh": "乌龙"}, headers={**h, "If-Match": never_ours})
        assert expect(stale, 412)["code"] == "version_mismatch", never_ours
    assert (
        expect(await api.client.patch(url, json={"name_zh": "乌龙"}, headers={**h, "If-Match": "*"}), 200)["version"]
        == 2
    )
    assert (
        field_error(await api.client.patch(url, json={"name_zh": "x"}, headers={**h, "If-Match": "2"}))["field"]
        == "If-Match"
    )
    current = expect(await api.client.get(url, headers=h), 200)
    assert (current["name_zh"], current["version"]) == ("乌龙", 2)
    # An empty field is an empty list of tags in RFC 9110's syntax: no condition, as for no header.
    emptied = await api.client.patch(url, json={"name_zh": "红茶"}, headers={**h, "If-Match": ""})
    assert expect(emptied, 200)["version"] == 3


async def test_text_of_nothing_visible_is_blank_and_overrides_are_dropped(api: Api) -> None:
    tenant = await api.signup()
    h = tenant.owner.headers
    for invisible in ("\u200b\u200b", " \ufeff ", "\u2060\u3164", "\u202e"):
        refused = await api.client.post(f"{API}/customers", json={"name": invisible}, headers=h)
        assert field_error(refused) == {"field": "name", "message": "must not be blank"}, repr(invisible)
    spoof = expect(
        await api.client.post(
            f"{API}/customers", json={"name": "王\u202e五", "notes": "👨\u200d👩\u200d👧"}, headers=h
        ),
        201,
    )
    assert (spoof["name"], spoof["notes"]) == ("王五", "👨\u200d👩\u200d👧")
    tagged = await product(api, tenant.owner, name_zh="\u202d茶\u202c")
    assert tagged["name_zh"] == "茶"


async def test_a_body_must_be_its_type_exactly(api: Api) -> None:
    tenant = await api.signup()
    h = tenant.owner.headers
    item = await product(api, tenant.owner)
    store = await api.store(tenant, "SH01")
    for body, field in (
        ({"name": "李四", "email_consent": 0}, "email_consent"),
        ({"name": "李四", "home_store_id": "{" + store + "}"}, "home_store_id"),
        ({"name": 7}, "name"),
    ):
        assert field_error(await api.client.post(f"{API}/customers", json=body, headers=h))["field"] == field
    draft = {"store_id": store, "lines": [{"product_id": item["id"], "quantity": "2"}]}
    assert field_error(await api.client.post(f"{API}/orders", json=draft, headers=h))["field"] == "lines.0.quantity"
    halves = {"store_id": store, "channel": "store", "lines": [{"product_id": item["id"], "quantity": 2.5}]}
    assert field_error(await api.client.post(f"{API}/orders", json=halves, headers=h))["field"] == "lines.0.quantity"
    assert expect(await api.client.get(f"{API}/customers", headers=h), 200)["items"] == []
    assert expect(await api.client.get(f"{API}/orders", headers=h), 200)["items"] == []
    # JSON has one kind of number: 2.0 is the integer 2, as JSON Schema says.
    whole = {"store_id": store, "channel": "store", "lines": [{"product_id": item["id"], "quantity": 2.0}]}
    assert expect(await api.client.post(f"{API}/orders", json=whole, headers=h), 201)["lines"][0]["quantity"] == 2


async def test_a_query_parameter_has_one_written_form_and_one_value(api: Api) -> None:
    tenant = await api.signup()
    h = tenant.owner.headers
    assert expect(await api.client.get(f"{API}/tickets?breached=true", headers=h), 200)["items"] == []
    for query, field, message in (
        ("breached=null", "breached", "must be true or false"),
        ("unassigned=True", "unassigned", "must be true or false"),
        ("breached=true&breached=false", "breached", "appears more than once"),
        ("status=null", "status", "must be one of: new, open, pending, resolved, closed"),
        ("limit=null", "limit", "must be a whole number"),
    ):
        refused = await api.client.get(f"{API}/tickets?{query}", headers=h)
        assert field_error(refused) == {"field": field, "message": message}, query


async def test_an_id_in_the_path_has_one_written_form(api: Api) -> None:
    tenant = await api.signup()
    h = tenant.owner.headers
    customer = await api.customer(tenant.owner)
    cid = customer["id"]
    assert expect(await api.client.get(f"{API}/customers/{cid}", headers=h), 200)["id"] == cid
    assert expect(await api.client.get(f"{API}/customers/{cid.upper()}", headers=h), 200)["id"] == cid
    for other in (cid.replace("-", ""), "{" + cid + "}", f"urn:uuid:{cid}"):
        assert expect(await api.client.get(f"{API}/customers/{other}", headers=h), 404)["code"] == "not_found", other


async def test_an_id_in_a_filter_has_one_written_form(api: Api) -> None:
    tenant = await api.signup()
    h = tenant.owner.headers
    store = await api.store(tenant, "SH01")
    assert expect(await api.client.get(f"{API}/orders?store_id={store}", headers=h), 200)["items"] == []
    for other in (store.replace("-", ""), "{" + store + "}"):
        refused = await api.client.get(f"{API}/orders", params={"store_id": other}, headers=h)
        assert field_error(refused) == {"field": "store_id", "message": "must be an id written 8-4-4-4-12"}, other
