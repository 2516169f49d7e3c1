"""Render an invoice as PDF bytes with ReportLab. No HTTP, no database: it takes an
InvoiceDocument and returns bytes.

Chinese text uses ReportLab's built-in CID font STSong-Light (Adobe's Asian font pack, which PDF
readers supply), so no font file ships with the app and nothing is embedded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tenants import formatting

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    discount: Decimal
    tax_rate: Decimal  # fraction, 0.13
    line_total: Decimal


@dataclass(frozen=True, slots=True)
class InvoiceDocument:
    tenant_name: str
    store_name: str
    store_address: str
    store_phone: str
    customer_name: str
    customer_phone: str
    order_number: str
    invoice_number: str
    issued_on: date  # in the tenant's time zone
    currency: str
    lines: tuple[InvoiceLine, ...]
    subtotal: Decimal
    discount_total: Decimal
    tax_total: Decimal
    total: Decimal
    paid_total: Decimal
    balance_due: Decimal
    walk_in: bool = False  # no customer: the invoice says so instead of a name and phone
    logo: bytes | None = None  # the company logo, PNG or JPEG
    locale: str = "zh-CN"  # the tenant's: how amounts and the date are written (labels are bilingual)


LOGO_BOX = (40 * mm, 16 * mm)


def _logo(data: bytes) -> Image | None:
    """The logo scaled into LOGO_BOX, keeping its proportions; None for an image ReportLab cannot read."""
    try:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
    except Exception:
        return None
    scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale, hAlign="LEFT")


def money(amount: Decimal, currency: str = "CNY", locale: str = "zh-CN") -> str:
    """¥1,234.50 for CNY in either language; other currencies as the locale writes them."""
    return formatting.money(amount, currency, locale)


def percent(rate: Decimal) -> str:
    value = (rate * 100).normalize()
    return f"{value:f}%"


def _style(size: float, leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle(f"s{size}", fontName=FONT, fontSize=size, leading=leading or size * 1.4)


WALK_IN = "散客 / Walk-in customer"


def _customer(doc: InvoiceDocument, style: ParagraphStyle) -> list[Paragraph]:
    if doc.walk_in:
        return [Paragraph(f"客户 Customer: {WALK_IN}", style)]
    return [
        Paragraph(f"客户 Customer: {doc.customer_name}", style),
        Paragraph(f"电话 Phone: {formatting.phone(doc.customer_phone) or '-'}", style),
    ]


def render(doc: InvoiceDocument) -> bytes:
    """The invoice as a one-or-more page A4 PDF."""
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"{doc.invoice_number}",
        author=doc.tenant_name,
    )
    body, small = _style(10), _style(8.5)
    logo = _logo(doc.logo) if doc.logo else None
    head: list[Flowable] = [
        *([logo, Spacer(1, 2 * mm)] if logo else []),
        Paragraph(doc.tenant_name, _style(16)),
        Paragraph("发票 Invoice", _style(13)),
        Spacer(1, 3 * mm),
        Paragraph(f"发票号 Invoice No.: {doc.invoice_number}", body),
        Paragraph(f"订单号 Order No.: {doc.order_number}", body),
        Paragraph(f"日期 Date: {formatting.day(doc.issued_on, doc.locale)}", body),
        Spacer(1, 2 * mm),
        Paragraph(f"门店 Store: {doc.store_name}", body),
        Paragraph(f"地址 Address: {doc.store_address or '-'}", body),
        Paragraph(f"电话 Phone: {formatting.phone(doc.store_phone) or '-'}", body),
        Spacer(1, 2 * mm),
        *_customer(doc, body),
        Spacer(1, 4 * mm),
    ]
    rows: list[list[object]] = [["SKU", "商品 Item", "数量 Qty", "单价 Price", "折扣 Disc.", "税率 Tax", "金额 Total"]]
    for line in doc.lines:
        rows.append(
            [
                Paragraph(line.sku, small),
                Paragraph(line.name, small),
                str(line.quantity),
                money(line.unit_price, doc.currency, doc.locale),
                money(line.discount, doc.currency, doc.locale),
                percent(line.tax_rate),
                money(line.line_total, doc.currency, doc.locale),
            ]
        )
    table = Table(rows, colWidths=[28 * mm, 52 * mm, 16 * mm, 22 * mm, 20 * mm, 16 * mm, 26 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    totals = Table(
        [
            ["小计 Subtotal", money(doc.subtotal, doc.currency, doc.locale)],
            ["折扣 Discounts", money(-doc.discount_total, doc.currency, doc.locale)],
            ["税额(含) Tax included", money(doc.tax_total, doc.currency, doc.locale)],
            ["合计 Total", money(doc.total, doc.currency, doc.locale)],
            ["已付 Paid", money(doc.paid_total, doc.currency, doc.locale)],
            ["应付余额 Balance due", money(doc.balance_due, doc.currency, doc.locale)],
        ],
        colWidths=[45 * mm, 35 * mm],
        hAlign="RIGHT",
    )
    totals.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEABOVE", (0, 3), (-1, 3), 0.6, colors.black),
            ]
        )
    )
    pdf.build([*head, table, Spacer(1, 4 * mm), totals])
    return buffer.getvalue()
