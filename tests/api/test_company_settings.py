"""Company settings: name, logo, time zone, currency and default language; owner/admin only,
audited, the logo served publicly at a versioned URL and printed on the invoice."""

from __future__ import annotations

import base64
import io
from typing import Any

from PIL import Image
from pypdf import PdfReader

from api.state import Resources
from tests.factories import Api, Tenant, expect
from tests.orders_support import API, act, create_order, shop

URL = "/api/v1/settings/company"


def png(width: int = 120, height: int = 40, colour: str = "#e4572e") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "#29335c").save(buffer, format="JPEG")
    return buffer.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


async def _settings(api: Api, tenant: Tenant) -> dict[str, Any]:
    return dict(expect(await api.client.get(URL, headers=tenant.owner.headers), 200))


async def test_owner_reads_and_changes_the_company_and_it_is_audited(api: Api) -> None:
    tenant = await api.signup()
    before = await _settings(api, tenant)
    assert before == {
        "name": f"Chain {tenant.slug}",
        "timezone": "Asia/Shanghai",
        "currency": "CNY",
        "locale": "zh-CN",
        "logo_url": None,
        "currency_changeable": True,
    }
    body = {"name": "杭州鲜果连锁", "timezone": "Europe/Berlin", "currency": "EUR", "locale": "en"}
    after = expect(await api.client.patch(URL, json=body, headers=tenant.owner.headers), 200)
    assert after == {**body, "logo_url": None, "currency_changeable": True}
    me = expect(await api.client.get("/api/v1/me", headers=tenant.owner.headers), 200)
    assert (me["tenant"]["name"], me["tenant"]["timezone"], me["tenant"]["currency"], me["tenant"]["locale"]) == (
        "杭州鲜果连锁",
        "Europe/Berlin",
        "EUR",
        "en",
    )
    # New staff start in the company's language unless they are given one.
    created = expect(
        await api.client.post(
            "/api/v1/users",
            json={
                "email": "new@example.com",
                "name": "New",
                "role_id": tenant.roles["sales"],
                "password": "Correct-Horse-42",
            },
            headers=tenant.owner.headers,
        ),
        201,
    )
    assert created["user"]["locale"] == "en"
    # Only the fields sent change.
    expect(await api.client.patch(URL, json={"locale": "zh-CN"}, headers=tenant.owner.headers), 200)
    assert (await _settings(api, tenant))["name"] == "杭州鲜果连锁"

    log = expect(
        await api.client.get(
            "/api/v1/audit-log", params={"target_type": "tenant", "target_id": tenant.id}, headers=tenant.owner.headers
        ),
        200,
    )
    entries = [e for e in log["items"] if e["action"] != "tenant.signup"]
    assert [e["action"] for e in entries] == ["tenant.updated", "tenant.updated"]
    assert entries[0]["changes"] == {"locale": {"from": "en", "to": "zh-CN"}}
    assert entries[1]["changes"] == {
        "currency": {"from": "CNY", "to": "EUR"},
        "locale": {"from": "zh-CN", "to": "en"},
        "name": {"from": f"Chain {tenant.slug}", "to": "杭州鲜果连锁"},
        "timezone": {"from": "Asia/Shanghai", "to": "Europe/Berlin"},
    }
    assert entries[1]["actor_id"] == tenant.owner.user_id


async def test_bad_values_are_422s_naming_the_field_and_change_nothing(api: Api) -> None:
    tenant = await api.signup()
    before = await _settings(api, tenant)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "asia/shanghai"}, "timezone"),
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "cny"}, "currency"),
        ({"currency": "EURO"}, "currency"),
        ({"locale": "fr"}, "locale"),
        ({"name": ""}, "name"),
        ({"name": "\u200b"}, "name"),
        ({"name": "   "}, "name"),
        ({"logo": "not base64!"}, "logo"),
        ({"logo": b64(b"GIF89a" + b"\x00" * 40)}, "logo"),
        ({"logo": b64(png()[:40])}, "logo"),  # a PNG cut short
        ({"logo": b64(png(4000, 10))}, "logo"),  # small on disk, too many pixels to draw
        ({"logo": b64(b"\x89PNG\r\n\x1a\n" + b"\x00" * (256 * 1024))}, "logo"),  # over 256 KB
        ({"tenant_id": tenant.id}, "tenant_id"),
    ]
    for body, field in cases:
        response = await api.client.patch(URL, json={"name": "Changed", **body}, headers=tenant.owner.headers)
        problem = expect(response, 422)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert field in str(problem.get("errors") or problem), (body, problem)
    assert await _settings(api, tenant) == before
    log = expect(
        await api.client.get("/api/v1/audit-log", params={"target_type": "tenant"}, headers=tenant.owner.headers), 200
    )
    assert [e["action"] for e in log["items"]] == ["tenant.signup"]


async def test_only_owner_and_admin_may_see_or_change_the_company(api: Api) -> None:
    tenant = await api.signup()
    await api.store(tenant, "S1")
    admin = await api.user(tenant, "admin")
    expect(await api.client.patch(URL, json={"name": "By admin"}, headers=admin.headers), 200)
    for role in ("store_manager", "sales", "support", "analyst"):
        actor = await api.user(tenant, role, scope={"kind": "store", "store_ids": [tenant.stores["S1"]]})
        assert expect(await api.client.get(URL, headers=actor.headers), 403)["code"] == "permission_denied"
        assert (
            expect(await api.client.patch(URL, json={"name": "x"}, headers=actor.headers), 403)["code"]
            == "permission_denied"
        )
    assert (await _settings(api, tenant))["name"] == "By admin"


async def test_currency_is_fixed_once_the_tenant_has_orders(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    assert expect(await api.client.get(URL, headers=owner.headers), 200)["currency_changeable"] is False
    problem = expect(await api.client.patch(URL, json={"currency": "USD"}, headers=owner.headers), 422)
    assert problem["errors"] == [
        {"field": "currency", "message": "cannot change once orders exist: their amounts are in the current currency"}
    ]
    # An admin who sees only another store cannot see the order, and still may not change it.
    other_store = await api.store(s.tenant, "ELSEWHERE")
    admin = await api.user(s.tenant, "admin", scope={"kind": "store", "store_ids": [other_store]})
    assert expect(await api.client.get(f"{API}/orders", headers=admin.headers), 200)["items"] == []
    assert expect(await api.client.get(URL, headers=admin.headers), 200)["currency_changeable"] is False
    expect(await api.client.patch(URL, json={"currency": "USD"}, headers=admin.headers), 422)
    # Sending the current currency along with other changes is fine.
    expect(await api.client.patch(URL, json={"currency": "CNY", "name": "Same money"}, headers=owner.headers), 200)
    assert expect(await api.client.get(URL, headers=owner.headers), 200)["currency"] == "CNY"


async def test_logo_is_served_at_a_versioned_public_url_and_printed_on_the_invoice(
    api: Api, resources: Resources
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    image = png()
    body = expect(await api.client.patch(URL, json={"logo": b64(image)}, headers=owner.headers), 200)
    url = body["logo_url"]
    assert url.startswith(f"/api/v1/public/logos/{s.tenant.slug}?v=")
    me = expect(await api.client.get("/api/v1/me", headers=owner.headers), 200)
    assert me["tenant"]["logo_url"] == url

    served = await api.client.get(url)  # no credentials
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert "immutable" in served.headers["cache-control"]
    assert served.content == image

    # The invoice shows it as an image.
    order = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    await act(api, owner, str(order["id"]), "submit")
    pdf = await api.client.get(f"{API}/orders/{order['id']}/invoice.pdf", headers=owner.headers)
    assert pdf.status_code == 200, pdf.text
    page = PdfReader(io.BytesIO(pdf.content)).pages[0]
    xobjects = page["/Resources"]["/XObject"]
    images = [xobjects[name].get_object() for name in xobjects]
    assert [(i["/Subtype"], i["/Width"], i["/Height"]) for i in images] == [("/Image", 120, 40)]

    # A new logo (JPEG) is a new URL; the old version is no longer cached for good.
    changed = expect(await api.client.patch(URL, json={"logo": b64(jpeg())}, headers=owner.headers), 200)
    assert changed["logo_url"] != url
    fresh = await api.client.get(changed["logo_url"])
    assert fresh.headers["content-type"] == "image/jpeg"
    stale = await api.client.get(url)
    assert "immutable" not in stale.headers["cache-control"]

    # null removes it; the URL then answers 404, as does another tenant's id without a logo.
    assert expect(await api.client.patch(URL, json={"logo": None}, headers=owner.headers), 200)["logo_url"] is None
    assert (await api.client.get(changed["logo_url"])).status_code == 404
    other = await api.signup()
    assert (await api.client.get(f"/api/v1/public/logos/{other.slug}")).status_code == 404
    log = expect(
        await api.client.get("/api/v1/audit-log", params={"target_type": "tenant"}, headers=owner.headers), 200
    )
    logo_changes = [e["changes"]["logo"] for e in log["items"] if e["action"] == "tenant.updated"]
    assert logo_changes[0]["to"] is None
    assert logo_changes[-1]["from"] is None
    assert len(logo_changes) == 3
