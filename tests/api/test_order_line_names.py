"""Order lines keep the product's names in both languages as captured: English readers (and
English invoices) get the English name where the catalog had one."""

from __future__ import annotations

import uuid

from sqlalchemy import update

from api.state import Resources
from domain.catalog.models import Product
from tenants.db import TenantScope, platform_session, tenant_session
from tenants.models import Tenant
from tests.api.test_invoice_pdf import download
from tests.factories import Api, expect
from tests.orders_support import API, act, create_order, shop


async def _rename(resources: Resources, tenant_id: str, product_id: str, **names: str) -> None:
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(tenant_id))) as session:
        await session.execute(update(Product).where(Product.id == uuid.UUID(product_id)).values(**names))


async def test_lines_snapshot_both_names_and_keep_them(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    await _rename(resources, s.tenant.id, s.products["A"], name_en="Vacuum flask")
    lines = [{"product_id": s.products["A"], "quantity": 1}, {"product_id": s.products["B"], "quantity": 1}]
    order = await create_order(api, owner, s, lines)
    assert [(line["name"], line["name_zh"], line["name_en"]) for line in order["lines"]] == [
        ("保温杯", "保温杯", "Vacuum flask"),
        ("绿茶", "绿茶", ""),
    ]

    # A later rename in the catalog does not rewrite what was sold.
    await _rename(resources, s.tenant.id, s.products["A"], name_zh="新保温杯", name_en="New flask")
    again = expect(await api.client.get(f"{API}/orders/{order['id']}", headers=owner.headers), 200)
    assert [(line["name_zh"], line["name_en"]) for line in again["lines"]] == [("保温杯", "Vacuum flask"), ("绿茶", "")]

    await act(api, owner, order["id"], "submit")
    _, zh = await download(api, owner, order["id"])
    assert "保温杯" in zh
    assert "Vacuum flask" not in zh
    async with platform_session(resources.sessions) as session:
        await session.execute(update(Tenant).where(Tenant.id == uuid.UUID(s.tenant.id)).values(locale="en"))
    _, en = await download(api, owner, order["id"])
    assert "Vacuum flask" in en
    assert "绿茶" in en  # no English name: the snapshot shown by default
