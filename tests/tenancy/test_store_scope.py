"""Store scope inside one tenant (DESIGN "Access").

The rule for customers is a tenant setting (`PUT /settings/customers`). "chain" (the default):
a member is the chain's, every store sees and serves her; scope kind "own" still narrows to
customers assigned to or created by the user. "home_store": store-scoped staff (scope kind store
or region, and API keys limited to stores) see customers whose home store is in their scope plus
customers without a home store; "own" additionally narrows to assigned/created ones, still
within its stores. Owners (kind "all") see everyone. Out-of-scope customers answer 404 exactly
like missing ones; in both settings a scoped user cannot create a customer in, or move one to, a
store outside the scope (422 on home_store_id). The stores list is narrowed to the scope as well.

Layout: region 华东 with stores SH01 and HZ01, region 华南 with SZ01.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.factories import Actor, Api, Tenant, expect

API = "/api/v1"
ALL = {"sh", "hz", "sz", "none", "sh_assigned", "own_created", "none_assigned", "hz_assigned"}


@dataclass
class Chain:
    tenant: Tenant
    customers: dict[str, str]  # label → id
    sales: Actor  # scope store SH01
    manager: Actor  # regional_manager, scope region 华东
    own: Actor  # sales, scope own + store SH01


async def build_chain(api: Api, visibility: str = "home_store") -> Chain:
    t = await api.signup()
    setting = {"visibility": visibility}
    assert (
        expect(await api.client.put(f"{API}/settings/customers", json=setting, headers=t.owner.headers), 200) == setting
    )
    await api.region(t, "华东")
    await api.region(t, "华南")
    sh = await api.store(t, "SH01", "华东")
    hz = await api.store(t, "HZ01", "华东")
    sz = await api.store(t, "SZ01", "华南")
    sales = await api.user(t, "sales", scope={"kind": "store", "store_ids": [sh]})
    manager = await api.user(t, "regional_manager", scope={"kind": "region", "region_ids": [t.regions["华东"]]})
    own = await api.user(t, "sales", scope={"kind": "own", "store_ids": [sh]})
    o = t.owner
    ids = {
        "sh": (await api.customer(o, name="上海客", home_store_id=sh))["id"],
        "hz": (await api.customer(o, name="杭州客", home_store_id=hz))["id"],
        "sz": (await api.customer(o, name="深圳客", home_store_id=sz))["id"],
        "none": (await api.customer(o, name="散客"))["id"],
        "sh_assigned": (await api.customer(o, name="上海指派", home_store_id=sh, assigned_to=own.user_id))["id"],
        "none_assigned": (await api.customer(o, name="散客指派", assigned_to=own.user_id))["id"],
        # Assigned to the "own" user but outside its stores: store scope still applies.
        "hz_assigned": (await api.customer(o, name="杭州指派", home_store_id=hz, assigned_to=own.user_id))["id"],
        "own_created": (await api.customer(own, name="自建客", home_store_id=sh))["id"],
    }
    return Chain(t, ids, sales, manager, own)


async def visible(api: Api, chain: Chain, actor: Actor) -> set[str]:
    body = expect(await api.client.get(f"{API}/customers", params={"limit": 200}, headers=actor.headers), 200)
    by_id = {v: k for k, v in chain.customers.items()}
    labels = {by_id[c["id"]] for c in body["items"]}
    assert len(labels) == len(body["items"]), "a customer outside this test appeared"
    return labels


async def assert_get_matches(api: Api, chain: Chain, actor: Actor, expected: set[str]) -> None:
    for label, customer_id in chain.customers.items():
        response = await api.client.get(f"{API}/customers/{customer_id}", headers=actor.headers)
        if label in expected:
            assert response.status_code == 200, (label, response.text)
        else:
            assert response.status_code == 404, (label, response.text)
            assert response.json()["code"] == "not_found"


async def stores_of(api: Api, actor: Actor) -> list[str]:
    body = expect(await api.client.get(f"{API}/stores", headers=actor.headers), 200)
    return [s["code"] for s in body["items"]]


async def test_who_sees_which_customers(api: Api) -> None:
    chain = await build_chain(api)
    store_scope = {"sh", "none", "sh_assigned", "none_assigned", "own_created"}
    expected = {
        "owner": (chain.tenant.owner, ALL),
        "sales SH01": (chain.sales, store_scope),
        "regional manager 华东": (chain.manager, store_scope | {"hz", "hz_assigned"}),
        "own + SH01": (chain.own, {"sh_assigned", "none_assigned", "own_created"}),
    }
    for name, (actor, labels) in expected.items():
        assert await visible(api, chain, actor) == labels, name
        await assert_get_matches(api, chain, actor, labels)


async def test_search_respects_the_scope(api: Api) -> None:
    chain = await build_chain(api)
    for q, owner_sees, sales_sees in (("杭州客", 1, 0), ("深圳", 1, 0), ("上海客", 1, 1), ("散客", 2, 2)):
        owner = expect(
            await api.client.get(f"{API}/customers", params={"q": q}, headers=chain.tenant.owner.headers), 200
        )
        sales = expect(await api.client.get(f"{API}/customers", params={"q": q}, headers=chain.sales.headers), 200)
        assert (len(owner["items"]), len(sales["items"])) == (owner_sees, sales_sees), q


async def test_scoped_user_cannot_create_or_move_customers_out_of_scope(api: Api) -> None:
    chain = await build_chain(api)
    t = chain.tenant
    for actor in (chain.sales, chain.own):
        response = await api.client.post(
            f"{API}/customers", json={"name": "越店", "home_store_id": t.stores["HZ01"]}, headers=actor.headers
        )
        assert expect(response, 422)["errors"] == [
            {"field": "home_store_id", "message": "is not a store you can assign"}
        ]
    # Inside the scope, and storeless, are fine.
    expect(
        await api.client.post(
            f"{API}/customers", json={"name": "本店", "home_store_id": t.stores["SH01"]}, headers=chain.sales.headers
        ),
        201,
    )
    expect(await api.client.post(f"{API}/customers", json={"name": "无店"}, headers=chain.sales.headers), 201)
    # Moving a visible customer to another store is refused, and changes nothing.
    url = f"{API}/customers/{chain.customers['sh']}"
    moved = await api.client.patch(url, json={"home_store_id": t.stores["SZ01"]}, headers=chain.sales.headers)
    assert expect(moved, 422)["errors"] == [{"field": "home_store_id", "message": "is not a store you can assign"}]
    unchanged = expect(await api.client.get(url, headers=t.owner.headers), 200)
    assert unchanged["home_store_id"] == t.stores["SH01"]
    assert unchanged["version"] == 1
    # A regional manager may move between the stores of its region, not out of it.
    expect(await api.client.patch(url, json={"home_store_id": t.stores["HZ01"]}, headers=chain.manager.headers), 200)
    out = await api.client.patch(url, json={"home_store_id": t.stores["SZ01"]}, headers=chain.manager.headers)
    assert expect(out, 422)["errors"][0]["field"] == "home_store_id"


async def test_out_of_scope_customers_cannot_be_changed_or_deleted(api: Api) -> None:
    chain = await build_chain(api)
    t = chain.tenant
    cases: list[tuple[Actor, str, str, dict[str, Any] | None]] = [
        (chain.sales, "PATCH", "hz", {"name": "改"}),
        (chain.sales, "PATCH", "sz", {"name": "改"}),
        (chain.own, "PATCH", "sh", {"name": "改"}),  # in its store, but neither assigned nor created
        (chain.own, "PATCH", "hz_assigned", {"name": "改"}),  # assigned, but outside its store
        (chain.manager, "PATCH", "sz", {"name": "改"}),
        (chain.manager, "DELETE", "sz", None),
    ]
    before = {
        label: expect(await api.client.get(f"{API}/customers/{cid}", headers=t.owner.headers), 200)
        for label, cid in chain.customers.items()
    }
    for actor, method, label, body in cases:
        response = await api.client.request(
            method, f"{API}/customers/{chain.customers[label]}", json=body, headers=actor.headers
        )
        assert response.status_code == 404, (actor.role, method, label, response.text)
        assert response.json()["code"] == "not_found"
    after = {
        label: expect(await api.client.get(f"{API}/customers/{cid}", headers=t.owner.headers), 200)
        for label, cid in chain.customers.items()
    }
    assert after == before
    # Control: the manager can delete inside its region.
    response = await api.client.delete(f"{API}/customers/{chain.customers['hz']}", headers=chain.manager.headers)
    assert response.status_code == 204


async def test_stores_list_and_get_are_narrowed_to_the_scope(api: Api) -> None:
    chain = await build_chain(api)
    t = chain.tenant
    assert await stores_of(api, t.owner) == ["HZ01", "SH01", "SZ01"]
    assert await stores_of(api, chain.sales) == ["SH01"]
    assert await stores_of(api, chain.manager) == ["HZ01", "SH01"]
    assert await stores_of(api, chain.own) == ["SH01"]
    for actor, allowed in ((chain.sales, {"SH01"}), (chain.manager, {"SH01", "HZ01"})):
        for code, store_id in t.stores.items():
            response = await api.client.get(f"{API}/stores/{store_id}", headers=actor.headers)
            assert response.status_code == (200 if code in allowed else 404), (actor.role, code)


async def test_store_restricted_api_key(api: Api) -> None:
    chain = await build_chain(api)
    t = chain.tenant
    key = await api.api_key(t, ["customers:read", "customers:create", "stores:read"], store_ids=[t.stores["SH01"]])
    assert await visible(api, chain, key) == {"sh", "none", "sh_assigned", "none_assigned", "own_created"}
    await assert_get_matches(api, chain, key, {"sh", "none", "sh_assigned", "none_assigned", "own_created"})
    assert await stores_of(api, key) == ["SH01"]
    response = await api.client.post(
        f"{API}/customers", json={"name": "越店", "home_store_id": t.stores["SZ01"]}, headers=key.headers
    )
    assert expect(response, 422)["errors"][0]["field"] == "home_store_id"


async def test_a_scoped_user_cannot_mint_a_wider_api_key(api: Api) -> None:
    chain = await build_chain(api)
    t = chain.tenant
    await api.custom_role(t, "store-admin", ["api_keys:manage", "api_keys:read", "customers:read", "stores:read"])
    admin = await api.user(t, "store-admin", scope={"kind": "store", "store_ids": [t.stores["SH01"]]})
    wider = await api.client.post(
        f"{API}/api-keys",
        json={"name": "k", "scopes": ["customers:read"], "store_ids": [t.stores["SZ01"]]},
        headers=admin.headers,
    )
    assert expect(wider, 403)["code"] == "scope_escalation"
    unrestricted = await api.client.post(
        f"{API}/api-keys", json={"name": "k", "scopes": ["customers:read"]}, headers=admin.headers
    )
    assert expect(unrestricted, 422)["errors"][0]["field"] == "store_ids"
    ok = await api.client.post(
        f"{API}/api-keys",
        json={"name": "k", "scopes": ["customers:read"], "store_ids": [t.stores["SH01"]]},
        headers=admin.headers,
    )
    assert expect(ok, 201)["api_key"]["store_ids"] == [t.stores["SH01"]]


async def test_phone_clash_never_reveals_an_out_of_scope_customer(api: Api) -> None:
    """Phones are unique per tenant, so a clash is always a 409; but the existing customer's id
    is only given to callers who may see that customer. (Regression: the clash with a row that
    RLS hides from the caller used to be a 500.)"""
    chain = await build_chain(api)
    t = chain.tenant
    sz = await api.customer(t.owner, name="深圳电话", phone="13811112222", home_store_id=t.stores["SZ01"])
    sh = await api.customer(t.owner, name="上海电话", phone="13811113333", home_store_id=t.stores["SH01"])

    async def create(actor: Actor, phone: str) -> dict[str, Any]:
        response = await api.client.post(
            f"{API}/customers", json={"name": "重号", "phone": phone}, headers=actor.headers
        )
        return dict(expect(response, 409))

    visible_clash = await create(chain.sales, "13811113333")
    assert (visible_clash["code"], visible_clash["existing_customer_id"]) == ("phone_taken", sh["id"])
    hidden_by_store = await create(chain.sales, "13811112222")
    assert hidden_by_store["code"] == "phone_taken"
    assert "existing_customer_id" not in hidden_by_store
    hidden_by_own = await create(chain.own, "13811113333")
    assert hidden_by_own["code"] == "phone_taken"
    assert "existing_customer_id" not in hidden_by_own
    moved = await api.client.patch(
        f"{API}/customers/{chain.customers['sh']}", json={"phone": "13811112222"}, headers=chain.sales.headers
    )
    moved_body = expect(moved, 409)
    assert moved_body["code"] == "phone_taken"
    assert "existing_customer_id" not in moved_body
    unchanged = expect(await api.client.get(f"{API}/customers/{chain.customers['sh']}", headers=t.owner.headers), 200)
    assert (unchanged["phone"], unchanged["version"]) == (None, 1)
    owner_clash = await create(t.owner, "13811112222")
    assert owner_clash["existing_customer_id"] == sz["id"]


async def test_a_scoped_user_cannot_hand_out_or_take_a_wider_scope(api: Api) -> None:
    """Regression: a store-scoped user with users:manage could create an all-stores user, or
    widen its own scope, and so escape its stores."""
    chain = await build_chain(api)
    t = chain.tenant
    await api.custom_role(t, "store-hr", ["users:manage", "users:read", "stores:read", "customers:read"])
    await api.custom_role(t, "clerk", ["customers:read"])
    hr = await api.user(t, "store-hr", scope={"kind": "store", "store_ids": [t.stores["SH01"]]})
    wider_scopes: list[dict[str, Any]] = [
        {"kind": "all"},
        {"kind": "own"},  # own without stores reaches every store
        {"kind": "store", "store_ids": [t.stores["SH01"], t.stores["HZ01"]]},
        {"kind": "region", "region_ids": [t.regions["华东"]]},
    ]
    for i, scope in enumerate(wider_scopes):
        response = await api.client.post(
            f"{API}/users",
            json={"email": f"wide{i}@example.com", "name": "W", "role_id": t.roles["clerk"], "scope": scope},
            headers=hr.headers,
        )
        assert expect(response, 403)["code"] == "scope_escalation", scope
    own_wider = await api.client.patch(f"{API}/users/{hr.user_id}", json={"scope": {"kind": "all"}}, headers=hr.headers)
    assert expect(own_wider, 403)["code"] == "scope_escalation"
    me = expect(await api.client.get(f"{API}/me", headers=hr.headers), 200)
    assert me["scope"] == {"kind": "store", "region_ids": [], "store_ids": [t.stores["SH01"]]}
    for i, scope in enumerate(
        [{"kind": "store", "store_ids": [t.stores["SH01"]]}, {"kind": "own", "store_ids": [t.stores["SH01"]]}]
    ):
        response = await api.client.post(
            f"{API}/users",
            json={"email": f"narrow{i}@example.com", "name": "N", "role_id": t.roles["clerk"], "scope": scope},
            headers=hr.headers,
        )
        assert expect(response, 201)["user"]["scope"]["kind"] == scope["kind"]
    # The regional manager's region (华东) covers SH01 and HZ01, so a 华东 owner of users may grant it.
    await api.custom_role(t, "region-hr", ["users:manage", "users:read", "customers:read"])
    region_hr = await api.user(t, "region-hr", scope={"kind": "region", "region_ids": [t.regions["华东"]]})
    ok = await api.client.post(
        f"{API}/users",
        json={
            "email": "east@example.com",
            "name": "E",
            "role_id": t.roles["clerk"],
            "scope": {"kind": "region", "region_ids": [t.regions["华东"]]},
        },
        headers=region_hr.headers,
    )
    expect(ok, 201)
    south = await api.client.post(
        f"{API}/users",
        json={
            "email": "south@example.com",
            "name": "S",
            "role_id": t.roles["clerk"],
            "scope": {"kind": "region", "region_ids": [t.regions["华南"]]},
        },
        headers=region_hr.headers,
    )
    assert expect(south, 403)["code"] == "scope_escalation"


async def test_a_new_tenant_shares_its_members_with_every_store(api: Api) -> None:
    t = await api.signup()
    assert expect(await api.client.get(f"{API}/settings/customers", headers=t.owner.headers), 200) == {
        "visibility": "chain"
    }


async def test_chain_wide_members_are_seen_by_every_store_and_own_still_narrows(api: Api) -> None:
    chain = await build_chain(api, "chain")
    t = chain.tenant
    key = await api.api_key(t, ["customers:read"], store_ids=[t.stores["SH01"]])
    own_rows = {"sh_assigned", "none_assigned", "hz_assigned", "own_created"}
    for name, actor, labels in (
        ("sales SH01", chain.sales, ALL),
        ("regional manager 华东", chain.manager, ALL),
        ("key SH01", key, ALL),
        ("own + SH01", chain.own, own_rows),
    ):
        assert await visible(api, chain, actor) == labels, name
        await assert_get_matches(api, chain, actor, labels)


async def test_a_store_serves_another_stores_member_without_moving_her(api: Api) -> None:
    """SH01 staff serving an HZ01 member: the last 4 phone digits find her, they may correct her
    details (the home store sent back unchanged is fine), but not move her to a store outside
    their scope; her phone is not free for a second registration, and the clash links to her."""
    chain = await build_chain(api, "chain")
    t = chain.tenant
    hz = await api.customer(t.owner, name="杭州会员", phone="13955557788", home_store_id=t.stores["HZ01"])
    found = expect(await api.client.get(f"{API}/customers", params={"q": "7788"}, headers=chain.sales.headers), 200)
    assert [c["id"] for c in found["items"]] == [hz["id"]]
    url = f"{API}/customers/{hz['id']}"
    body = {"name": "杭州会员二", "home_store_id": t.stores["HZ01"]}
    edited = expect(await api.client.patch(url, json=body, headers=chain.sales.headers), 200)
    assert (edited["name"], edited["home_store_id"], edited["version"]) == ("杭州会员二", t.stores["HZ01"], 2)
    moved = await api.client.patch(url, json={"home_store_id": t.stores["SZ01"]}, headers=chain.sales.headers)
    assert expect(moved, 422)["errors"] == [{"field": "home_store_id", "message": "is not a store you can assign"}]
    clash = await api.client.post(
        f"{API}/customers", json={"name": "重复登记", "phone": "13955557788"}, headers=chain.sales.headers
    )
    assert {k: expect(clash, 409)[k] for k in ("code", "existing_customer_id")} == {
        "code": "phone_taken",
        "existing_customer_id": hz["id"],
    }


async def test_a_clash_with_a_hidden_member_says_who_can_help(api: Api) -> None:
    chain = await build_chain(api, "home_store")
    t = chain.tenant
    await api.customer(t.owner, name="杭州会员", phone="13955557799", home_store_id=t.stores["HZ01"])
    clash = await api.client.post(
        f"{API}/customers", json={"name": "重复登记", "phone": "13955557799"}, headers=chain.sales.headers
    )
    body = expect(clash, 409)
    assert (body["code"], body["out_of_scope"], "existing_customer_id" in body) == ("phone_taken", True, False)
    assert body["detail"] == (
        "A customer outside your scope already has this phone number: ask a manager who serves every store."
    )


async def test_the_visibility_setting_applies_at_once_and_only_owners_change_it(api: Api) -> None:
    chain = await build_chain(api, "chain")
    t = chain.tenant
    url = f"{API}/customers/{chain.customers['hz']}"
    assert (await api.client.get(url, headers=chain.sales.headers)).status_code == 200
    refused = await api.client.put(
        f"{API}/settings/customers", json={"visibility": "home_store"}, headers=chain.sales.headers
    )
    assert expect(refused, 403)["code"] == "permission_denied"
    bad = await api.client.put(f"{API}/settings/customers", json={"visibility": "region"}, headers=t.owner.headers)
    assert expect(bad, 422)["errors"][0]["field"] == "visibility"
    assert expect(await api.client.get(f"{API}/settings/customers", headers=t.owner.headers), 200) == {
        "visibility": "chain"
    }
    expect(
        await api.client.put(f"{API}/settings/customers", json={"visibility": "home_store"}, headers=t.owner.headers),
        200,
    )
    hidden = await api.client.get(url, headers=chain.sales.headers)
    assert expect(hidden, 404)["code"] == "not_found"
    audit = expect(
        await api.client.get(
            f"{API}/audit-log", params={"action": "customer_settings.updated"}, headers=t.owner.headers
        ),
        200,
    )
    # One entry: setting the value it already had (build_chain) changes and records nothing.
    assert [e["changes"] for e in audit["items"]] == [{"visibility": {"from": "chain", "to": "home_store"}}]
