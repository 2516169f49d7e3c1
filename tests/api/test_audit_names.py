"""The audit log names people and records: the actor's current name and e-mail, the record's
number or name, resolved per page through the reader's scope (a record the reader may not see is
a masked reference, never its name and never an error)."""

from __future__ import annotations

from typing import Any

from api.state import Resources
from tests.factories import Actor, Api, expect
from tests.orders_support import create_order, shop


async def _entries(api: Api, reader: Actor, **params: Any) -> list[dict[str, Any]]:
    body = expect(await api.client.get("/api/v1/audit-log", params=params, headers=reader.headers), 200)
    return list(body["items"])


async def test_entries_name_the_actor_and_the_record(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    key = expect(
        await api.client.post(
            "/api/v1/api-keys", json={"name": "收银对接", "scopes": ["customers:read"]}, headers=owner.headers
        ),
        201,
    )

    (created,) = await _entries(api, owner, action="order.created")
    assert (created["actor_name"], created["actor_email"]) == ("Owner", owner.email)
    assert (created["target_label"], created["target_masked"]) == (order["number"], False)

    (customer,) = await _entries(api, owner, action="customer.created")
    assert (customer["target_label"], customer["target_masked"]) == ("张三丰", False)

    (api_key,) = await _entries(api, owner, action="api_key.created")
    assert (api_key["target_label"], api_key["target_id"]) == ("收银对接", key["api_key"]["id"])

    (signup,) = await _entries(api, owner, action="tenant.signup")
    # The tenant record has no label of its own: shown by its type, never as masked.
    assert (signup["target_label"], signup["target_masked"]) == (None, False)

    # The user's current name, not the one at the time.
    expect(await api.client.patch("/api/v1/me", json={"name": "王店长"}, headers=owner.headers), 200)
    (created,) = await _entries(api, owner, action="order.created")
    assert (created["actor_name"], created["actor_label"]) == ("王店长", owner.email)


async def test_a_record_outside_the_readers_scope_is_masked(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    # Members kept to their home store, so the customer below is outside the manager's scope.
    keep_home = {"visibility": "home_store"}
    expect(await api.client.put("/api/v1/settings/customers", json=keep_home, headers=owner.headers), 200)
    other_store = await api.store(s.tenant, "BJ01")
    order = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    far = await api.customer(owner, name="远方客户", home_store_id=s.store_id)
    # A regional manager (audit:read) of the other store only.
    manager = await api.user(s.tenant, "regional_manager", scope={"kind": "store", "store_ids": [other_store]})

    (seen_order,) = await _entries(api, manager, action="order.created")
    assert seen_order["target_id"] == order["id"]
    assert (seen_order["target_label"], seen_order["target_label_en"], seen_order["target_masked"]) == (
        None,
        None,
        True,
    )
    far_entries = await _entries(api, manager, target_type="customer", target_id=far["id"])
    assert [(e["target_label"], e["target_masked"]) for e in far_entries] == [(None, True)]
    # People are named for every reader of the log.
    assert seen_order["actor_name"] == "Owner"

    # The owner sees the same entries named.
    (owner_view,) = await _entries(api, owner, action="order.created")
    assert (owner_view["target_label"], owner_view["target_masked"]) == (order["number"], False)


async def test_a_deleted_record_is_masked_and_products_have_both_names(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    customer = await api.customer(owner, name="李四")
    assert (await api.client.delete(f"/api/v1/customers/{customer['id']}", headers=owner.headers)).status_code == 204
    entries = await _entries(api, owner, target_type="customer", target_id=customer["id"])
    assert [(e["action"], e["target_label"], e["target_masked"]) for e in entries] == [
        ("customer.deleted", None, True),
        ("customer.created", None, True),
    ]

    product = expect(await api.client.get(f"/api/v1/products/{s.products['A']}", headers=owner.headers), 200)
    patch = await api.client.patch(
        f"/api/v1/products/{product['id']}",
        json={"name_en": "Thermos cup"},
        headers={**owner.headers, "If-Match": f'"{product["version"]}"'},
    )
    expect(patch, 200)
    (updated,) = await _entries(api, owner, action="product.updated")
    assert (updated["target_label"], updated["target_label_en"]) == ("保温杯", "Thermos cup")


async def test_categories_are_named_in_both_languages(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    expect(
        await api.client.post("/api/v1/ticket-categories", json={"name": "退换货", "name_en": "Returns"}, headers=h),
        201,
    )
    expect(await api.client.post("/api/v1/ticket-categories", json={"name": "会员积分"}, headers=h), 201)
    expect(
        await api.client.post("/api/v1/product-categories", json={"name": "饮料", "name_en": "Drinks"}, headers=h), 201
    )
    named = [
        (e["target_label"], e["target_label_en"])
        for e in await _entries(api, t.owner, action="ticket_category.created")
    ]
    assert named == [("会员积分", "会员积分"), ("退换货", "Returns")]  # no English name: the Chinese one
    (drinks,) = await _entries(api, t.owner, action="category.created")
    assert (drinks["target_label"], drinks["target_label_en"]) == ("饮料", "Drinks")
