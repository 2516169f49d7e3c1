"""Public order tracking: the token shows status, timeline, store and a masked name, nothing else."""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import select

from api.state import Resources
from domain.customers.public import mask_name
from domain.integrations.models import PublicLink
from tenants.db import platform_session
from tests.factories import Api, expect
from tests.orders_support import API, act, create_order, shop


async def test_tracking_link_shows_the_timeline_without_login(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    order = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 2}])
    await act(api, owner, order["id"], "submit")
    packed = await act(
        api, owner, order["id"], "fulfil", body={"lines": [{"line_id": order["lines"][0]["id"], "quantity": 2}]}
    )
    await act(api, owner, order["id"], "ship", body={"carrier": "顺丰", "tracking_number": "SF1"})
    staff_view = expect(await api.client.get(f"{API}/orders/{order['id']}", headers=owner.headers), 200)
    token = staff_view["tracking_token"]

    response = await api.client.get(f"{API}/public/orders/{token}")  # no credentials at all
    body = expect(response, 200)
    assert set(body) == {"number", "status", "timeline", "store_name", "customer_name"}
    assert body["number"] == order["number"]
    assert body["status"] == "shipped"
    assert body["store_name"] == "Store SH01"
    assert body["customer_name"] == "张**"
    assert [e["kind"] for e in body["timeline"]] == ["created", "submitted", "approved", "fulfilled", "shipped"]
    assert all(set(e) == {"kind", "at"} for e in body["timeline"])
    assert [e["at"] for e in body["timeline"]] == sorted(e["at"] for e in body["timeline"])
    assert packed["fulfilments"][0]["id"] not in response.text
    assert s.customer_id not in response.text
    assert order["id"] not in response.text


async def test_the_link_stores_only_the_token_hash(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    order = await create_order(api, s.tenant.owner, s, [{"product_id": s.products["B"], "quantity": 1}])
    token = order["tracking_token"]
    async with platform_session(resources.sessions) as session:
        link = (
            await session.execute(
                select(PublicLink).where(PublicLink.token_hash == hashlib.sha256(token.encode()).hexdigest())
            )
        ).scalar_one()
    assert (str(link.tenant_id), str(link.target_id), link.kind) == (s.tenant.id, order["id"], "order_tracking")
    other = await create_order(api, s.tenant.owner, s, [{"product_id": s.products["B"], "quantity": 1}])
    assert other["tracking_token"] != token


async def test_unknown_tokens_are_404(api: Api) -> None:
    for token in ("x" * 43, "nope", str(uuid.uuid4())):
        response = await api.client.get(f"{API}/public/orders/{token}")
        assert expect(response, 404)["code"] == "not_found"
        assert response.headers["content-type"].startswith("application/problem+json")
    assert (await api.client.get(f"{API}/public/orders/{'y' * 101}")).status_code == 422


def test_names_are_masked_to_their_first_character() -> None:
    assert mask_name("张三丰") == "张**"
    assert mask_name("张三") == "张**"
    assert mask_name("John Smith") == "J***"
    assert mask_name("  欧阳锋 ") == "欧**"
    assert mask_name("") == ""
