"""Custom fields over HTTP: definitions per tenant, values validated on every customer and product
write (each type, unknown and archived keys, required, PATCH merge), `?cf.<key>=` list filters,
type changes refused once used, store scope and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalog_data import product
from tests.factories import Actor, Api, Tenant, expect

API = "/api/v1"
TIERS = [
    {"value": "gold", "label_zh": "金卡", "label_en": "Gold"},
    {"value": "silver", "label_zh": "银卡", "label_en": "Silver"},
]
HOBBIES = [
    {"value": "tea", "label_zh": "茶", "label_en": "Tea"},
    {"value": "hiking", "label_zh": "徒步", "label_en": "Hiking"},
    {"value": "chess", "label_zh": "象棋", "label_en": "Chess"},
]


async def define(api: Api, actor: Actor, key: str, field_type: str, **fields: Any) -> dict[str, Any]:
    body = {"entity": "customer", "key": key, "type": field_type, "label_zh": key, "label_en": key, **fields}
    return dict(expect(await api.client.post(f"{API}/custom-fields", json=body, headers=actor.headers), 201))


async def every_type(api: Api, tenant: Tenant, filterable: bool = False) -> None:
    o = tenant.owner
    await define(api, o, "nickname", "text", filterable=filterable)
    await define(api, o, "visits", "number", filterable=filterable)
    await define(api, o, "credit", "decimal", filterable=filterable)
    await define(api, o, "joined_on", "date", filterable=filterable)
    await define(api, o, "vip", "boolean", filterable=filterable)
    await define(api, o, "tier", "select", options=TIERS, filterable=filterable)
    await define(api, o, "hobbies", "multiselect", options=HOBBIES, filterable=filterable)


async def test_a_definition_is_created_listed_and_read(api: Api) -> None:
    t = await api.signup()
    made = await define(api, t.owner, "tier", "select", options=TIERS, label_zh="会员等级", label_en="Member tier")
    assert {k: made[k] for k in ("entity", "key", "type", "required", "filterable", "archived", "position")} == {
        "entity": "customer",
        "key": "tier",
        "type": "select",
        "required": False,
        "filterable": False,
        "archived": False,
        "position": 0,
    }
    assert made["options"] == TIERS
    assert made["version"] == 1
    second = await define(api, t.owner, "notes_extra", "text")
    assert second["position"] == 1
    sales = await api.user(t, "sales")  # reading needs only being signed in
    listed = expect(
        await api.client.get(f"{API}/custom-fields", params={"entity": "customer"}, headers=sales.headers), 200
    )
    assert [f["key"] for f in listed["items"]] == ["tier", "notes_extra"]
    assert expect(
        await api.client.get(f"{API}/custom-fields", params={"entity": "product"}, headers=sales.headers), 200
    ) == {"items": []}
    one = await api.client.get(f"{API}/custom-fields/{made['id']}", headers=sales.headers)
    assert expect(one, 200) == made
    assert one.headers["etag"] == '"1"'
    refused = await api.client.post(
        f"{API}/custom-fields",
        json={"entity": "customer", "key": "x", "type": "text", "label_en": "X"},
        headers=sales.headers,
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")


async def test_definition_rules_are_422_or_409(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    await define(api, t.owner, "tier", "select", options=TIERS)
    taken = await api.client.post(
        f"{API}/custom-fields", json={"entity": "customer", "key": "tier", "type": "text", "label_en": "T"}, headers=h
    )
    assert (taken.status_code, taken.json()["code"]) == (409, "custom_field_key_taken")
    # The same key on products is another field.
    await define(api, t.owner, "tier", "text", entity="product")
    cases: list[tuple[dict[str, Any], list[dict[str, str]]]] = [
        (
            {"key": "a", "type": "select", "label_en": "A"},
            [{"field": "options", "message": "a select or multiselect field needs at least one option"}],
        ),
        (
            {"key": "b", "type": "text", "label_en": "B", "options": TIERS},
            [{"field": "options", "message": "only select and multiselect fields have options"}],
        ),
        (
            {"key": "c", "type": "select", "label_en": "C", "options": [TIERS[0], TIERS[0]]},
            [{"field": "options", "message": "option values must be unique"}],
        ),
        (
            {"key": "d", "type": "text", "label_zh": " ", "label_en": ""},
            [{"field": "label_zh", "message": "a Chinese or an English label is required"}],
        ),
    ]
    for body, errors in cases:
        response = await api.client.post(f"{API}/custom-fields", json={"entity": "customer", **body}, headers=h)
        assert expect(response, 422)["errors"] == errors, body
    bad_key = await api.client.post(
        f"{API}/custom-fields", json={"entity": "customer", "key": "Tier-1", "type": "text", "label_en": "T"}, headers=h
    )
    assert expect(bad_key, 422)["errors"][0]["field"] == "key"
    unknown_entity = await api.client.post(
        f"{API}/custom-fields", json={"entity": "order", "key": "t", "type": "text", "label_en": "T"}, headers=h
    )
    assert expect(unknown_entity, 422)["errors"][0]["field"] == "entity"
    listed = expect(await api.client.get(f"{API}/custom-fields", headers=h), 200)
    assert sorted((f["entity"], f["key"]) for f in listed["items"]) == [("customer", "tier"), ("product", "tier")]


async def test_each_type_takes_its_values_in_their_canonical_form(api: Api) -> None:
    t = await api.signup()
    await every_type(api, t)
    custom = {
        "nickname": "  小李  ",
        "visits": 12,
        "credit": "120.50",
        "joined_on": "2026-03-01",
        "vip": True,
        "tier": "gold",
        "hobbies": ["tea", "chess", "tea"],
    }
    made = await api.customer(t.owner, name="李四", custom=custom)
    assert made["custom"] == {
        "nickname": "小李",
        "visits": 12,
        "credit": "120.5",
        "joined_on": "2026-03-01",
        "vip": True,
        "tier": "gold",
        "hobbies": ["chess", "tea"],
    }
    read = expect(await api.client.get(f"{API}/customers/{made['id']}", headers=t.owner.headers), 200)
    assert read["custom"] == made["custom"]
    whole = await api.customer(t.owner, name="王五", custom={"visits": 5.0, "credit": "-0.000", "nickname": " "})
    assert whole["custom"] == {"visits": 5, "credit": "0"}  # blank text is no value


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("nickname", 5, "must be text"),
        ("nickname", "x" * 501, "must be at most 500 characters"),
        ("visits", "12", "is a whole-number field: send an integer such as 12"),
        ("visits", 1.5, "is a whole-number field: send an integer such as 12"),
        ("visits", True, "is a whole-number field: send an integer such as 12"),
        ("visits", 2**53, "must be a whole number between -9007199254740991 and 9007199254740991"),
        ("credit", 12.5, 'must be a decimal written as a string of digits, e.g. "12.50" (at most 6 decimal places)'),
        ("credit", "1e3", 'must be a decimal written as a string of digits, e.g. "12.50" (at most 6 decimal places)'),
        ("credit", "１２", 'must be a decimal written as a string of digits, e.g. "12.50" (at most 6 decimal places)'),
        (
            "credit",
            "0.1234567",
            'must be a decimal written as a string of digits, e.g. "12.50" (at most 6 decimal places)',
        ),
        ("joined_on", "2026-02-30", "must be a date written YYYY-MM-DD"),
        ("joined_on", "2026-3-1", "must be a date written YYYY-MM-DD"),
        ("joined_on", 20260301, "must be a date written YYYY-MM-DD"),
        ("vip", "true", "is a yes/no field: send true or false"),
        ("vip", 1, "is a yes/no field: send true or false"),
        ("tier", "platinum", "is not one of the field's options"),
        ("tier", ["gold"], "is not one of the field's options"),
        ("hobbies", "tea", "must be a list of the field's options"),
        ("hobbies", ["tea", "golf"], "is not one of the field's options"),
        ("hobbies", [1], "must be a list of the field's options"),
    ],
)
async def test_a_value_that_does_not_fit_its_type_is_a_422_naming_the_field(
    api: Api, key: str, value: Any, message: str
) -> None:
    t = await api.signup()
    await every_type(api, t)
    response = await api.client.post(
        f"{API}/customers", json={"name": "李四", "custom": {key: value}}, headers=t.owner.headers
    )
    assert expect(response, 422)["errors"] == [{"field": f"custom.{key}", "message": message}]
    listed = expect(await api.client.get(f"{API}/customers", headers=t.owner.headers), 200)
    assert listed["items"] == []  # nothing was written


async def test_every_bad_field_is_listed_at_once_with_the_records_own_errors(api: Api) -> None:
    t = await api.signup()
    await every_type(api, t)
    await define(api, t.owner, "card_no", "text", required=True)
    response = await api.client.post(
        f"{API}/customers",
        json={"name": " ", "custom": {"visits": "x", "shoe_size": 42, "tier": "bronze"}},
        headers={**t.owner.headers, "Accept-Language": "zh-CN"},
    )
    errors = expect(response, 422)["errors"]
    assert [e["field"] for e in errors] == [
        "name",
        "custom.visits",
        "custom.shoe_size",
        "custom.tier",
        "custom.card_no",
    ]
    assert errors[1:] == [
        {"field": "custom.visits", "message": "是整数字段：请填写整数，如 12"},
        {"field": "custom.shoe_size", "message": "不是这类记录的自定义字段"},
        {"field": "custom.tier", "message": "不是该字段的选项之一"},
        {"field": "custom.card_no", "message": "为必填项"},
    ]


async def test_required_fields_are_needed_on_create_and_cannot_be_removed(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    existing = await api.customer(t.owner, name="老客")  # before the field was required
    await define(api, t.owner, "card_no", "text", required=True)
    missing = await api.client.post(f"{API}/customers", json={"name": "新客"}, headers=h)
    assert expect(missing, 422)["errors"] == [{"field": "custom.card_no", "message": "is required"}]
    made = await api.customer(t.owner, name="新客", custom={"card_no": "A-1"})
    # A change that does not touch the field is fine for the customer who never had it.
    renamed = await api.client.patch(f"{API}/customers/{existing['id']}", json={"name": "老客人"}, headers=h)
    assert expect(renamed, 200)["custom"] == {}
    removed = await api.client.patch(f"{API}/customers/{made['id']}", json={"custom": {"card_no": None}}, headers=h)
    assert expect(removed, 422)["errors"] == [{"field": "custom.card_no", "message": "is required"}]
    blank = await api.client.patch(f"{API}/customers/{made['id']}", json={"custom": {"card_no": "  "}}, headers=h)
    assert expect(blank, 422)["errors"] == [{"field": "custom.card_no", "message": "is required"}]


async def test_patch_merges_keys_and_null_removes_one(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    await every_type(api, t)
    made = await api.customer(t.owner, custom={"tier": "gold", "visits": 3, "vip": False})
    changed = await api.client.patch(
        f"{API}/customers/{made['id']}",
        json={"custom": {"visits": 4, "vip": None, "hobbies": ["hiking"]}},
        headers={**h, "If-Match": '"1"'},
    )
    body = expect(changed, 200)
    assert body["custom"] == {"tier": "gold", "visits": 4, "hobbies": ["hiking"]}
    assert body["version"] == 2
    audit = expect(await api.client.get(f"{API}/audit-log", params={"limit": 200}, headers=h), 200)["items"]
    update = next(e for e in audit if e["action"] == "customer.updated" and e["target_id"] == made["id"])
    assert update["changes"]["custom"] == {
        "from": {"tier": "gold", "visits": 3, "vip": False},
        "to": {"tier": "gold", "visits": 4, "hobbies": ["hiking"]},
    }
    unknown = await api.client.patch(f"{API}/customers/{made['id']}", json={"custom": {"shoe": 1}}, headers=h)
    assert expect(unknown, 422)["errors"] == [
        {"field": "custom.shoe", "message": "is not a custom field of these records"}
    ]


async def test_an_archived_field_takes_no_values_but_keeps_those_it_has(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    field = await define(api, t.owner, "tier", "select", options=TIERS, filterable=True)
    made = await api.customer(t.owner, custom={"tier": "gold"})
    archived = await api.client.patch(
        f"{API}/custom-fields/{field['id']}", json={"archived": True}, headers={**h, "If-Match": '"1"'}
    )
    assert expect(archived, 200)["archived"] is True
    stale = await api.client.patch(
        f"{API}/custom-fields/{field['id']}", json={"archived": False}, headers={**h, "If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert expect(await api.client.get(f"{API}/customers/{made['id']}", headers=h), 200)["custom"] == {"tier": "gold"}
    refused = await api.client.post(f"{API}/customers", json={"name": "新", "custom": {"tier": "silver"}}, headers=h)
    assert expect(refused, 422)["errors"] == [
        {"field": "custom.tier", "message": "is archived: it takes no new values"}
    ]
    cleared = await api.client.patch(f"{API}/customers/{made['id']}", json={"custom": {"tier": None}}, headers=h)
    assert expect(cleared, 200)["custom"] == {}
    active = expect(await api.client.get(f"{API}/custom-fields", params={"archived": "false"}, headers=h), 200)
    assert active == {"items": []}
    filtered = await api.client.get(f"{API}/customers", params={"cf.tier": "gold"}, headers=h)
    assert expect(filtered, 422)["errors"] == [{"field": "cf.tier", "message": "is archived: it takes no new values"}]


async def _listed(api: Api, actor: Actor, path: str, params: dict[str, Any]) -> set[str]:
    body = expect(await api.client.get(f"{API}/{path}", params={"limit": 200, **params}, headers=actor.headers), 200)
    return {item["name"] if "name" in item else item["sku"] for item in body["items"]}


async def test_filters_by_each_filterable_type_find_exactly_the_matching_customers(api: Api) -> None:
    t = await api.signup()
    await every_type(api, t, filterable=True)
    o = t.owner
    await api.customer(
        o,
        name="甲",
        custom={
            "nickname": "Tea Lover",
            "visits": 3,
            "credit": "10.50",
            "joined_on": "2026-03-01",
            "vip": True,
            "tier": "gold",
            "hobbies": ["tea", "chess"],
        },
    )
    await api.customer(
        o,
        name="乙",
        custom={
            "nickname": "tea lover ii",
            "visits": 30,
            "credit": "10.5",
            "joined_on": "2026-03-02",
            "vip": False,
            "tier": "silver",
            "hobbies": ["tea"],
        },
    )
    await api.customer(o, name="丙")
    cases: list[tuple[dict[str, Any], set[str]]] = [
        ({"cf.nickname": "TEA LOVER"}, {"甲"}),  # whole text, case aside
        ({"cf.nickname": "tea"}, set()),
        ({"cf.visits": "3"}, {"甲"}),
        ({"cf.visits": "30"}, {"乙"}),
        ({"cf.credit": "10.5"}, {"甲", "乙"}),
        ({"cf.credit": "10.500"}, {"甲", "乙"}),
        ({"cf.joined_on": "2026-03-02"}, {"乙"}),
        ({"cf.vip": "true"}, {"甲"}),
        ({"cf.vip": "false"}, {"乙"}),
        ({"cf.tier": "gold"}, {"甲"}),
        ({"cf.hobbies": "tea"}, {"甲", "乙"}),
        ({"cf.hobbies": ["tea", "chess"]}, {"甲"}),
        ({"cf.hobbies": "tea", "cf.tier": "silver"}, {"乙"}),
        ({"cf.hobbies": "tea", "q": "甲"}, {"甲"}),
    ]
    for params, names in cases:
        assert await _listed(api, o, "customers", params) == names, params
    # A filter survives paging: the cursor is bound to it.
    first = expect(
        await api.client.get(f"{API}/customers", params={"cf.hobbies": "tea", "limit": 1}, headers=o.headers), 200
    )
    rest = await api.client.get(
        f"{API}/customers", params={"cf.hobbies": "tea", "limit": 1, "cursor": first["next_cursor"]}, headers=o.headers
    )
    assert len(expect(rest, 200)["items"]) == 1
    other = await api.client.get(
        f"{API}/customers", params={"cf.tier": "gold", "limit": 1, "cursor": first["next_cursor"]}, headers=o.headers
    )
    assert expect(other, 422)["errors"][0]["field"] == "cursor"


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"cf.shoe": "42"}, [{"field": "cf.shoe", "message": "is not a custom field of these records"}]),
        ({"cf.plain": "x"}, [{"field": "cf.plain", "message": "is not a filterable custom field"}]),
        (
            {"cf.visits": "3.5"},
            [{"field": "cf.visits", "message": "is a whole-number field: send an integer such as 12"}],
        ),
        ({"cf.vip": "yes"}, [{"field": "cf.vip", "message": "is a yes/no field: send true or false"}]),
        ({"cf.tier": "bronze"}, [{"field": "cf.tier", "message": "is not one of the field's options"}]),
        ({"cf.joined_on": "2026-13-01"}, [{"field": "cf.joined_on", "message": "must be a date written YYYY-MM-DD"}]),
    ],
)
async def test_a_filter_on_an_unknown_or_unfilterable_field_is_a_422(
    api: Api, params: dict[str, str], errors: list[dict[str, str]]
) -> None:
    t = await api.signup()
    await every_type(api, t, filterable=True)
    await define(api, t.owner, "plain", "text")
    response = await api.client.get(f"{API}/customers", params=params, headers=t.owner.headers)
    assert expect(response, 422)["errors"] == errors


async def test_making_a_field_filterable_prepares_its_filter_in_a_job(api: Api) -> None:
    """The job itself: tests/integration/test_custom_field_indexing.py."""
    t = await api.signup()
    h = t.owner.headers
    field = await define(api, t.owner, "tier", "select", options=TIERS)
    born = await define(api, t.owner, "level", "select", options=TIERS, filterable=True)
    assert (field["filter_state"], born["filter_state"]) == ("off", "ready")  # a new field: nothing to index
    await api.customer(t.owner, name="金", custom={"tier": "gold", "level": "gold"})
    assert await _listed(api, t.owner, "customers", {"cf.level": "gold"}) == {"金"}
    not_yet = await api.client.get(f"{API}/customers", params={"cf.tier": "gold"}, headers=h)
    assert expect(not_yet, 422)["errors"] == [{"field": "cf.tier", "message": "is not a filterable custom field"}]
    made = expect(
        await api.client.patch(f"{API}/custom-fields/{field['id']}", json={"filterable": True}, headers=h), 200
    )
    assert made["filter_state"] == "preparing"
    preparing = await api.client.get(f"{API}/customers", params={"cf.tier": "gold"}, headers=h)
    assert expect(preparing, 409)["code"] == "custom_field_filter_preparing"
    jobs = expect(await api.client.get(f"{API}/jobs", headers=h), 200)["items"]
    assert [(j["kind"], j["state"]) for j in jobs] == [("custom_fields.index", "queued")]


async def test_a_used_fields_type_cannot_change(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    used = await define(api, t.owner, "visits", "number")
    unused = await define(api, t.owner, "size", "number")
    await api.customer(t.owner, custom={"visits": 3})
    refused = await api.client.patch(f"{API}/custom-fields/{used['id']}", json={"type": "text"}, headers=h)
    assert (refused.status_code, refused.json()["code"]) == (409, "custom_field_in_use")
    unchanged = expect(await api.client.get(f"{API}/custom-fields/{used['id']}", headers=h), 200)
    assert (unchanged["type"], unchanged["version"]) == ("number", 1)
    no_options = await api.client.patch(f"{API}/custom-fields/{unused['id']}", json={"type": "select"}, headers=h)
    assert expect(no_options, 422)["errors"] == [
        {"field": "options", "message": "a select or multiselect field needs at least one option"}
    ]
    changed = await api.client.patch(
        f"{API}/custom-fields/{unused['id']}", json={"type": "select", "options": TIERS, "label_en": "Size"}, headers=h
    )
    assert {k: expect(changed, 200)[k] for k in ("type", "label_en", "version")} == {
        "type": "select",
        "label_en": "Size",
        "version": 2,
    }
    audit = expect(await api.client.get(f"{API}/audit-log", params={"limit": 200}, headers=h), 200)["items"]
    entry = next(e for e in audit if e["action"] == "custom_field.updated")
    assert entry["target_type"] == "custom_field"
    assert entry["target_id"] == unused["id"]
    assert entry["changes"]["type"] == {"from": "number", "to": "select"}
    assert entry["changes"]["label_en"] == {"from": "size", "to": "Size"}
    assert {e["action"] for e in audit} >= {"custom_field.created", "custom_field.updated"}


async def test_products_carry_and_filter_custom_fields(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    await define(
        api,
        t.owner,
        "origin",
        "select",
        entity="product",
        options=[{"value": "hangzhou", "label_zh": "杭州"}, {"value": "fujian", "label_zh": "福建"}],
        filterable=True,
    )
    await define(api, t.owner, "shelf_life_days", "number", entity="product", required=True)
    missing = await api.client.post(
        f"{API}/products", json={"sku": "T1", "name_zh": "龙井", "list_price": "1.00"}, headers=h
    )
    assert expect(missing, 422)["errors"] == [{"field": "custom.shelf_life_days", "message": "is required"}]
    a = await product(api, t.owner, sku="LJ", custom={"origin": "hangzhou", "shelf_life_days": 365})
    await product(api, t.owner, sku="TGY", custom={"origin": "fujian", "shelf_life_days": 540})
    assert a["custom"] == {"origin": "hangzhou", "shelf_life_days": 365}
    assert await _listed(api, t.owner, "products", {"cf.origin": "fujian"}) == {"TGY"}
    moved = await api.client.patch(f"{API}/products/{a['id']}", json={"custom": {"origin": "fujian"}}, headers=h)
    assert expect(moved, 200)["custom"] == {"origin": "fujian", "shelf_life_days": 365}
    assert await _listed(api, t.owner, "products", {"cf.origin": "fujian"}) == {"LJ", "TGY"}
    # A customer field is no product field.
    wrong = await api.client.post(
        f"{API}/products",
        json={"sku": "X", "name_zh": "X", "list_price": "1.00", "custom": {"tier": "gold", "shelf_life_days": 1}},
        headers=h,
    )
    assert expect(wrong, 422)["errors"] == [
        {"field": "custom.tier", "message": "is not a custom field of these records"}
    ]


async def test_another_tenants_fields_are_invisible_and_do_not_apply(api: Api) -> None:
    a = await api.signup()
    b = await api.signup()
    field = await define(api, a.owner, "tier", "select", options=TIERS, filterable=True)
    assert expect(await api.client.get(f"{API}/custom-fields", headers=b.owner.headers), 200) == {"items": []}
    for method, body in (("GET", None), ("PATCH", {"label_en": "B"})):
        response = await api.client.request(
            method, f"{API}/custom-fields/{field['id']}", json=body, headers=b.owner.headers
        )
        assert (response.status_code, response.json()["code"]) == (404, "not_found")
    refused = await api.client.post(
        f"{API}/customers", json={"name": "B", "custom": {"tier": "gold"}}, headers=b.owner.headers
    )
    assert expect(refused, 422)["errors"] == [
        {"field": "custom.tier", "message": "is not a custom field of these records"}
    ]
    await api.customer(a.owner, name="A金", custom={"tier": "gold"})
    wrong = await api.client.get(f"{API}/customers", params={"cf.tier": "gold"}, headers=b.owner.headers)
    assert expect(wrong, 422)["errors"] == [{"field": "cf.tier", "message": "is not a custom field of these records"}]
    assert (
        expect(await api.client.get(f"{API}/custom-fields/{field['id']}", headers=a.owner.headers), 200)["label_en"]
        == "tier"
    )


async def test_a_store_scoped_user_filters_only_the_customers_in_her_scope(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    expect(await api.client.put(f"{API}/settings/customers", json={"visibility": "home_store"}, headers=h), 200)
    sh = await api.store(t, "SH01")
    hz = await api.store(t, "HZ01")
    await define(api, t.owner, "tier", "select", options=TIERS, filterable=True)
    await api.customer(t.owner, name="上海金", home_store_id=sh, custom={"tier": "gold"})
    await api.customer(t.owner, name="杭州金", home_store_id=hz, custom={"tier": "gold"})
    await api.customer(t.owner, name="散客金", custom={"tier": "gold"})
    sales = await api.user(t, "sales", scope={"kind": "store", "store_ids": [sh]})
    assert await _listed(api, sales, "customers", {"cf.tier": "gold"}) == {"上海金", "散客金"}
    assert await _listed(api, t.owner, "customers", {"cf.tier": "gold"}) == {"上海金", "杭州金", "散客金"}
    # Definitions are the whole tenant's: a manager who serves some stores only may not change them.
    await api.custom_role(t, "fields-admin", ["custom_fields:manage", "customers:read"])
    scoped_admin = await api.user(t, "fields-admin", scope={"kind": "store", "store_ids": [sh]})
    refused = await api.client.post(
        f"{API}/custom-fields",
        json={"entity": "customer", "key": "x", "type": "text", "label_en": "X"},
        headers=scoped_admin.headers,
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "custom_fields_need_every_store")
