"""The invoice PDF: issued once approved, with a gapless per-tenant number kept on re-download."""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from pypdf import PdfReader
from sqlalchemy import update

from api.state import Resources
from tenants.db import platform_session
from tenants.models import Tenant
from tests.factories import Actor, Api, expect
from tests.orders_support import API, Shop, act, create_order, pay, shop

YEAR = datetime.now(ZoneInfo("Asia/Shanghai")).year


async def approved_order(api: Api, s: Shop) -> dict[str, object]:
    lines = [{"product_id": s.products["A"], "quantity": 2}, {"product_id": s.products["B"], "quantity": 1}]
    order = await create_order(api, s.tenant.owner, s, lines)
    return await act(api, s.tenant.owner, str(order["id"]), "submit")


async def download(api: Api, actor: Actor, order_id: str) -> tuple[str, str]:
    """(invoice file name, the PDF's text)."""
    response = await api.client.get(f"{API}/orders/{order_id}/invoice.pdf", headers=actor.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="')
    assert disposition.endswith('.pdf"')
    assert response.content.startswith(b"%PDF-")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return disposition.removeprefix('attachment; filename="').removesuffix('.pdf"'), text


async def test_invoice_pdf_has_the_numbers_and_chinese_text(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    draft = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    refused = await api.client.get(f"{API}/orders/{draft['id']}/invoice.pdf", headers=owner.headers)
    assert expect(refused, 409)["code"] == "invoice_not_available"

    order = await approved_order(api, s)
    oid = str(order["id"])
    await pay(api, owner, oid, "100.00")
    number, text = await download(api, owner, oid)
    assert number == f"INV-{YEAR}-000001"
    assert str(order["number"]) in text
    assert number in text
    assert "保温杯" in text
    assert "绿茶" in text
    assert "张三丰" in text
    assert "A-100" in text
    assert "¥235.50" in text  # total 2 × 100.00 + 35.50
    assert "¥100.00" in text  # paid
    assert "¥135.50" in text  # balance due
    # The second download keeps the number; the issue is on the timeline once.
    again, _ = await download(api, owner, oid)
    assert again == number
    detail = expect(await api.client.get(f"{API}/orders/{oid}", headers=owner.headers), 200)
    assert [e["kind"] for e in detail["events"]].count("invoice_issued") == 1


async def test_concurrent_first_downloads_get_consecutive_numbers(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    first = await approved_order(api, s)
    assert (await download(api, owner, str(first["id"])))[0] == f"INV-{YEAR}-000001"
    others = [await approved_order(api, s) for _ in range(2)]
    results = await asyncio.gather(*(download(api, owner, str(o["id"])) for o in others))
    assert sorted(name for name, _ in results) == [f"INV-{YEAR}-000002", f"INV-{YEAR}-000003"]
    # Another tenant counts on its own.
    t = await shop(api, resources)
    assert (await download(api, t.tenant.owner, str((await approved_order(api, t))["id"])))[0] == f"INV-{YEAR}-000001"


async def test_invoice_writes_amounts_dates_and_phones_as_the_tenant_reads_them(api: Api, resources: Resources) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    customer = await api.customer(owner, name="Ann Lee", phone="13800138000")
    lines = [{"product_id": s.products["A"], "quantity": 2}, {"product_id": s.products["B"], "quantity": 1}]
    order = await create_order(api, owner, s, lines, customer_id=customer["id"])
    await act(api, owner, str(order["id"]), "submit")
    today = datetime.now(ZoneInfo("Asia/Shanghai"))
    _, zh = await download(api, owner, str(order["id"]))
    assert f"日期 Date: {today.year}年{today.month}月{today.day}日" in zh
    assert "+86 138 0013 8000" in zh

    async with platform_session(resources.sessions) as session:
        await session.execute(update(Tenant).where(Tenant.id == uuid.UUID(s.tenant.id)).values(locale="en"))
    _, en = await download(api, owner, str(order["id"]))
    assert f"日期 Date: {today:%b} {today.day}, {today.year}" in en
    assert "¥235.50" in en  # CNY keeps ¥ in English (not CN¥)
    assert "CN¥" not in en
    assert "+86 138 0013 8000" in en
