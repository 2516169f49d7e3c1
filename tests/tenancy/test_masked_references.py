"""Pages that reference a customer the reader may not see degrade to a masked name, never to an
error (issue: the SH01 manager's invoice of an HZ01 member answered 500).

The tenant keeps members to their home store; an HZ01 member buys at SH01 and opens a ticket
there. The SH01 store manager may see the order, its returns and the ticket, not the member: every
GET page with an order, return or ticket id in its path answers 200, and lists and pages name her
"杭**" with `customer_masked`. With the chain-wide setting the same manager sees her name."""

from __future__ import annotations

import io
import re
from typing import Any

from litestar import Litestar
from litestar.routes import HTTPRoute
from pypdf import PdfReader

from api.state import Resources
from tests.factories import Actor, Api, expect
from tests.orders_support import API, act, create_order, pay, shop

ID_PARAM = re.compile(r"\{(\w+_id):uuid\}")
WALKED = {"order_id", "ticket_id", "return_id"}


async def _set_visibility(api: Api, owner: Actor, visibility: str) -> None:
    body = {"visibility": visibility}
    expect(await api.client.put(f"{API}/settings/customers", json=body, headers=owner.headers), 200)


async def _world(api: Api, resources: Resources) -> tuple[Actor, Actor, dict[str, str]]:
    """(owner, SH01 store manager, ids) with the tenant keeping members to their home store."""
    s = await shop(api, resources)
    t = s.tenant
    await _set_visibility(api, t.owner, "home_store")
    hz = await api.store(t, "HZ01")
    member = await api.customer(t.owner, name="杭州会员", phone="13700001111", home_store_id=hz)
    s.customer_id = member["id"]
    order = await create_order(api, t.owner, s, [{"product_id": s.products["A"], "quantity": 2}])
    order = await act(api, t.owner, order["id"], "submit")
    packed = [{"line_id": line["id"], "quantity": line["quantity"]} for line in order["lines"]]
    await act(api, t.owner, order["id"], "fulfil", body={"lines": packed})
    await act(api, t.owner, order["id"], "ship", body={"carrier": "顺丰", "tracking_number": "SF0002"})
    order = await act(api, t.owner, order["id"], "deliver")
    await pay(api, t.owner, order["id"], order["total"])
    ret = await api.client.post(
        f"{API}/orders/{order['id']}/returns",
        json={"lines": [{"line_id": order["lines"][0]["id"], "quantity": 1}], "reason": "破损"},
        headers=t.owner.headers,
    )
    ticket = await api.client.post(
        f"{API}/tickets",
        json={"subject": "杯盖松动", "customer_id": member["id"], "order_id": order["id"], "store_id": s.store_id},
        headers=t.owner.headers,
    )
    ids = {
        "order_id": order["id"],
        "return_id": expect(ret, 201)["id"],
        "ticket_id": expect(ticket, 201)["id"],
        "customer_id": member["id"],
    }
    manager = await api.user(t, "store_manager", scope={"kind": "store", "store_ids": [s.store_id]})
    hidden = await api.client.get(f"{API}/customers/{member['id']}", headers=manager.headers)
    assert expect(hidden, 404)["code"] == "not_found"
    return t.owner, manager, ids


async def _invoice_text(api: Api, actor: Actor, order_id: str) -> str:
    response = await api.client.get(f"{API}/orders/{order_id}/invoice.pdf", headers=actor.headers)
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return re.sub(r"[ +-]", "", text)  # phones compare as digits, however they are formatted


def _walked_routes(app: Litestar) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for route in app.routes:
        assert isinstance(route, HTTPRoute)
        params = ID_PARAM.findall(route.path)
        if route.path.startswith(API) and "GET" in route.methods and params and set(params) <= WALKED:
            out.append((route.path, params))
    return out


async def test_every_page_of_a_store_order_and_ticket_masks_a_hidden_member(
    api: Api, app: Litestar, resources: Resources
) -> None:
    _, manager, ids = await _world(api, resources)
    routes = _walked_routes(app)
    assert {f"{API}/orders/{{order_id:uuid}}", f"{API}/orders/{{order_id:uuid}}/invoice.pdf"} <= {p for p, _ in routes}
    for path, params in routes:
        url = path
        for param in params:
            url = url.replace(f"{{{param}:uuid}}", ids[param])
        response = await api.client.get(url, headers=manager.headers)
        assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text[:300]}"

    def masked(item: dict[str, Any]) -> tuple[str, bool]:
        return item["customer_name"], item["customer_masked"]

    order = expect(await api.client.get(f"{API}/orders/{ids['order_id']}", headers=manager.headers), 200)
    orders = expect(await api.client.get(f"{API}/orders", headers=manager.headers), 200)["items"]
    ticket = expect(await api.client.get(f"{API}/tickets/{ids['ticket_id']}", headers=manager.headers), 200)
    tickets = expect(await api.client.get(f"{API}/tickets", headers=manager.headers), 200)["items"]
    assert [masked(x) for x in (order, *orders, ticket, *tickets)] == [("杭**", True)] * 4
    text = await _invoice_text(api, manager, ids["order_id"])
    assert ("杭**" in text, "杭州会员" in text, "13700001111" in text) == (True, False, False)


async def test_chain_wide_members_are_named_on_every_store_page(api: Api, resources: Resources) -> None:
    owner, manager, ids = await _world(api, resources)
    await _set_visibility(api, owner, "chain")
    order = expect(await api.client.get(f"{API}/orders/{ids['order_id']}", headers=manager.headers), 200)
    orders = expect(await api.client.get(f"{API}/orders", headers=manager.headers), 200)["items"]
    ticket = expect(await api.client.get(f"{API}/tickets/{ids['ticket_id']}", headers=manager.headers), 200)
    tickets = expect(await api.client.get(f"{API}/tickets", headers=manager.headers), 200)["items"]
    named = [(x["customer_name"], x["customer_masked"]) for x in (order, *orders, ticket, *tickets)]
    assert named == [("杭州会员", False)] * 4
    text = await _invoice_text(api, manager, ids["order_id"])
    assert ("杭州会员" in text, "13700001111" in text) == (True, True)
