"""A tenant trades in its own currency: orders and quotes carry it, and amounts with more decimal
places than it has (yen have none) are refused, never rounded."""

from __future__ import annotations

from tests.catalog_data import adjust, product
from tests.factories import Api, expect

API = "/api/v1"
YEN_PLACES = "has more decimal places than JPY has (0)"


async def test_a_yen_tenant_prices_and_takes_payments_in_whole_yen(api: Api) -> None:
    tenant = await api.signup()
    h = tenant.owner.headers
    expect(await api.client.patch(f"{API}/settings/company", json={"currency": "JPY"}, headers=h), 200)
    refused = await api.client.post(
        f"{API}/products", json={"sku": "T1", "name_zh": "茶", "list_price": "100.50"}, headers=h
    )
    assert expect(refused, 422)["errors"] == [{"field": "list_price", "message": YEN_PLACES}]
    tea = await product(api, tenant.owner, sku="T1", list_price="500.00")
    assert (tea["list_price"], tea["currency"]) == ("500.00", "JPY")  # 500.00 is 500 yen: no place past the yen
    store = await api.store(tenant, "TK01")
    await adjust(api, tenant.owner, store, tea["id"], 5)
    cart = {"store_id": store, "lines": [{"product_id": tea["id"], "quantity": 2, "discount": "0.5"}]}
    quoted = await api.client.post(f"{API}/orders/quote", json=cart, headers=h)
    assert expect(quoted, 422)["errors"] == [{"field": "lines.0.discount", "message": YEN_PLACES}]
    order = {**cart, "channel": "store", "discount": "10.10"}
    zh = await api.client.post(f"{API}/orders", json=order, headers={**h, "accept-language": "zh-CN"})
    assert [e["message"] for e in expect(zh, 422)["errors"]] == ["小数位数超过了 JPY 的位数（0 位）"] * 2
    assert expect(await api.client.get(f"{API}/orders", headers=h), 200)["items"] == []

    whole = [{"product_id": tea["id"], "quantity": 2, "discount": "100"}]
    quote = expect(await api.client.post(f"{API}/orders/quote", json={**cart, "lines": whole}, headers=h), 200)
    assert (quote["total"], quote["currency"]) == ("900.00", "JPY")
    created = await api.client.post(f"{API}/orders", json={**order, "lines": whole, "discount": "0"}, headers=h)
    created = expect(created, 201)
    assert (created["total"], created["currency"]) == ("900.00", "JPY")
    submitted = expect(await api.client.post(f"{API}/orders/{created['id']}/submit", headers=h), 200)
    assert submitted["status"] == "approved"
    payment = {"method": "cash", "amount": "899.5"}
    paid = await api.client.post(f"{API}/orders/{created['id']}/payments", json=payment, headers=h)
    assert expect(paid, 422)["errors"] == [{"field": "amount", "message": YEN_PLACES}]
    paid = await api.client.post(f"{API}/orders/{created['id']}/payments", json={**payment, "amount": "900"}, headers=h)
    assert expect(paid, 201)["amount"] == "900.00"
    rules = {"approval_amount_threshold": "10000.01", "approval_discount_percent": None}
    refused = await api.client.put(f"{API}/settings/orders", json=rules, headers=h)
    assert expect(refused, 422)["errors"] == [{"field": "approval_amount_threshold", "message": YEN_PLACES}]
