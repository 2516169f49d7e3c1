"""Issuing invoices: a gapless per-tenant number (INV-YYYY-NNNNNN) assigned at the first issue
and kept for every later download, and the document the PDF renderer draws."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from domain.customers.public import contact_of, labels_of
from domain.kernel.recorder import record
from domain.orders import queries
from domain.orders.errors import InvoiceNotAvailable
from domain.orders.events import ORDER
from domain.orders.invoice_pdf import InvoiceDocument, InvoiceLine, render
from domain.orders.models import Invoice
from domain.orders.models import Order as OrderRow
from domain.orders.refunds import balance_due
from domain.orders.states import OrderStatus
from tenants.company import logo_image
from tenants.context import Ctx
from tenants.counters import yearly_number
from tenants.models import Store, Tenant
from tenants.scoping import load_visible, of_tenant
from tenants.zones import tenant_zone

S = OrderStatus
INVOICEABLE = frozenset({S.APPROVED, S.PROCESSING, S.FULFILLED, S.SHIPPED, S.DELIVERED, S.COMPLETED})


@dataclass(frozen=True, slots=True)
class InvoicePdf:
    number: str
    content: bytes


async def _issue(ctx: Ctx, order: OrderRow) -> Invoice:
    """The order's invoice, issued now if it has none. The caller holds the order row lock, so two
    first downloads of one order cannot both issue; the counter row is taken last."""
    existing = (
        await ctx.session.execute(
            select(Invoice).where(of_tenant(ctx.tenant_id, Invoice), Invoice.order_id == order.id)
        )
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    invoice = Invoice(
        tenant_id=ctx.tenant_id, order_id=order.id, number=await yearly_number(ctx.session, ctx.tenant_id, "INV")
    )
    ctx.session.add(invoice)
    record(ctx, ORDER, order, "invoice_issued", data={"invoice_number": invoice.number})
    await ctx.session.flush()
    await ctx.session.refresh(invoice, ["issued_at"])
    return invoice


async def invoice_pdf(ctx: Ctx, order_id: uuid.UUID) -> InvoicePdf:
    """The order's invoice as PDF (409 `invoice_not_available` before approval)."""
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    if order.status not in INVOICEABLE:
        raise InvoiceNotAvailable(f"An invoice is issued once the order is approved; this one is {order.status}.")
    invoice = await _issue(ctx, order)
    tenant = (await ctx.session.execute(select(Tenant.name, Tenant.locale).where(Tenant.id == ctx.tenant_id))).one()
    store = (
        await ctx.session.execute(select(Store).where(of_tenant(ctx.tenant_id, Store), Store.id == order.store_id))
    ).scalar_one()
    # The reader's view of the customer (none for a walk-in): a masked name, and no phone, when
    # she is outside it.
    customer_id = order.customer_id
    customer = None if customer_id is None else (await labels_of(ctx, {customer_id})).get(customer_id)
    visible = customer_id is not None and customer is not None and not customer.masked
    contact = await contact_of(ctx.session, ctx.tenant_id, customer_id) if visible and customer_id else None
    lines = await queries.load_lines(ctx, order)
    logo = await logo_image(ctx.session, ctx.tenant_id)
    document = InvoiceDocument(
        tenant_name=tenant.name,
        locale=tenant.locale,
        logo=logo[0] if logo else None,
        store_name=store.name,
        store_address=store.address,
        store_phone=store.phone,
        customer_name=customer.name if customer else "",
        walk_in=order.customer_id is None,
        customer_phone=(contact.phone if contact else None) or "",
        order_number=order.number,
        invoice_number=invoice.number,
        issued_on=invoice.issued_at.astimezone(await tenant_zone(ctx.session, ctx.tenant_id)).date(),
        currency=order.currency,
        lines=tuple(
            InvoiceLine(
                sku=line.sku,
                name=(line.name_en if tenant.locale == "en" else line.name_zh) or line.name,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount=line.discount,
                tax_rate=line.tax_rate,
                line_total=line.line_total,
            )
            for line in lines
        ),
        subtotal=order.subtotal,
        discount_total=order.discount_total,
        tax_total=order.tax_total,
        total=order.total,
        paid_total=order.paid_total,
        balance_due=balance_due(order.total, order.paid_total),
    )
    return InvoicePdf(invoice.number, render(document))
