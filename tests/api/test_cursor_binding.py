"""A cursor belongs to the list it came from: the same list, sort and filters for the same caller
page on; any other list, sort, filter or caller, or a changed cursor, is a 422 on `cursor` that
changes nothing (it used to page silently through the wrong rows)."""

from __future__ import annotations

from typing import Any

from tests.factories import Actor, Api, expect

API = "/api/v1"
REFUSED = [{"field": "cursor", "message": "is not a cursor this API issued"}]


async def _first_cursor(api: Api, actor: Actor, path: str, **params: Any) -> str:
    page = expect(await api.client.get(f"{API}/{path}", params={"limit": 1, **params}, headers=actor.headers), 200)
    assert page["next_cursor"], f"{path} has a single page: the checks below would be vacuous"
    return str(page["next_cursor"])


async def _refused(api: Api, actor: Actor, path: str, cursor: str, **params: Any) -> None:
    response = await api.client.get(
        f"{API}/{path}", params={"limit": 1, "cursor": cursor, **params}, headers=actor.headers
    )
    assert expect(response, 422)["errors"] == REFUSED, (path, params)


async def test_a_cursor_pages_only_the_list_it_came_from(api: Api) -> None:
    t = await api.signup()
    for name in ("甲客", "乙客", "丙客"):
        await api.customer(t.owner, name=name, tags=["vip"], lifecycle_stage="vip")
    await api.store(t, "SH01")
    await api.store(t, "HZ01")
    cursor = await _first_cursor(api, t.owner, "customers", sort="name")
    following = expect(
        await api.client.get(
            f"{API}/customers", params={"limit": 1, "sort": "name", "cursor": cursor}, headers=t.owner.headers
        ),
        200,
    )
    whole = expect(
        await api.client.get(f"{API}/customers", params={"limit": 3, "sort": "name"}, headers=t.owner.headers), 200
    )
    assert following["items"] == whole["items"][1:2]
    await _refused(api, t.owner, "customers", cursor, sort="-name")  # another sort
    await _refused(api, t.owner, "customers", cursor, sort="name", tag="vip")  # another filter
    await _refused(api, t.owner, "stores", cursor)  # another list
    by_stage = await _first_cursor(api, t.owner, "customers", stage="vip")
    await _refused(api, t.owner, "customers", by_stage, tag="vip")  # the same value, another filter
    other = await api.signup()
    await _refused(api, other.owner, "customers", cursor, sort="name")  # another tenant
    body, _, signature = cursor.partition(".")
    await _refused(api, t.owner, "customers", f"{body}A.{signature}", sort="name")  # changed
    await _refused(api, t.owner, "customers", body, sort="name")  # unsigned (the old form)
