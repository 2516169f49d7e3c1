"""Exporting the order list as it is filtered: a long job (domain/integrations/jobs.py) that pages
through the list as the user who asked (store and `own` scope apply; a customer she may not see is
named masked, as on the list), in her language, into a CSV or XLSX file
(domain/integrations/tables.py), audited with its filters and row count.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any, get_args
from zoneinfo import ZoneInfo

import msgspec
from sqlalchemy import func, select

from domain.customers import public as customers
from domain.integrations.jobs import JobRun
from domain.integrations.tables import Format, file_name, local_time, write_table
from domain.orders.mappers import state_of_payment
from domain.orders.models import Order as OrderRow
from domain.orders.queries import filtered
from domain.orders.schemas import OrderExport, OrderExportColumn, OrderFilters
from tenants.messages import translate
from tenants.models import Store
from tenants.pagination import MAX_LIMIT, keyset_page
from tenants.scoping import of_tenant
from tenants.zones import tenant_zone

KIND = "export.orders"
COLUMNS: tuple[OrderExportColumn, ...] = get_args(OrderExportColumn)
# Column headings and coded values, English msgids (tenants/locale/zh-CN.json has them in Chinese).
HEADINGS: dict[OrderExportColumn, str] = {
    "number": "Order number",
    "created_at": "Created at",
    "status": "Status",
    "payment_state": "Payment",
    "store": "Store",
    "customer": "Customer",
    "channel": "Channel",
    "total": "Total",
    "paid_total": "Paid",
    "refunded_total": "Refunded",
    "currency": "Currency",
}
WORDS: dict[str, str] = {
    "draft": "Draft",
    "pending_approval": "Pending approval",
    "approved": "Approved",
    "processing": "Processing",
    "fulfilled": "Fulfilled",
    "shipped": "Shipped",
    "delivered": "Delivered",
    "completed": "Completed",
    "cancelled": "Cancelled",
    "rejected": "Rejected",
    "unpaid": "Unpaid",
    "partially_paid": "Partially paid",
    "paid": "Paid",
    "refunded": "Refunded",
    "store": "In store",
    "phone": "By phone",
    "online": "Online",
    "api": "API",
}
WALK_IN = "Walk-in customer"


class ExportSpec(msgspec.Struct, kw_only=True):
    filters: OrderFilters
    columns: list[OrderExportColumn]
    format: Format
    excel_bom: bool


def spec_of(data: OrderExport) -> ExportSpec:
    f = data.filters
    filters = OrderFilters(
        status=f.status,
        store_id=f.store_id,
        channel=f.channel,
        customer_id=f.customer_id,
        created_from=f.created_from,
        created_to=f.created_to,
        q=f.q,
        phone=f.phone,
    )
    return ExportSpec(
        filters=filters, columns=list(data.columns or COLUMNS), format=data.format, excel_bom=data.excel_bom
    )


def _cells(
    row: OrderRow,
    columns: list[OrderExportColumn],
    names: dict[uuid.UUID, customers.CustomerLabel],
    stores: dict[uuid.UUID, str],
    zone: ZoneInfo,
    lang: str,
) -> list[Any]:
    customer = names.get(row.customer_id) if row.customer_id else None
    values: dict[OrderExportColumn, Any] = {
        "number": row.number,
        "created_at": local_time(row.created_at, zone),
        "status": translate(WORDS[row.status], lang),
        "payment_state": translate(WORDS[state_of_payment(row)], lang),
        "store": stores.get(row.store_id),
        "customer": customer.name if customer else translate(WALK_IN, lang) if row.customer_id is None else None,
        "channel": translate(WORDS[row.channel], lang),
        "total": row.total,
        "paid_total": row.paid_total,
        "refunded_total": row.refunded_total,
        "currency": row.currency,
    }
    return [values[c] for c in columns]


async def export_orders(run: JobRun) -> dict[str, Any]:
    spec = msgspec.convert(run.params["spec"], ExportSpec)
    async with run.ctx() as ctx:
        count = select(func.count()).select_from(filtered(ctx, spec.filters).subquery())
        total = (await ctx.session.execute(count)).scalar_one()
        zone = await tenant_zone(ctx.session, ctx.tenant_id)
        codes = await ctx.session.execute(select(Store.id, Store.code).where(of_tenant(ctx.tenant_id, Store)))
        stores = {row.id: row.code for row in codes}

    async def pages() -> AsyncIterator[list[list[Any]]]:
        cursor: str | None = None
        while True:
            async with run.ctx() as ctx:
                query = filtered(ctx, spec.filters)
                rows, cursor = await keyset_page(
                    ctx.session, query, OrderRow.created_at, OrderRow.id, MAX_LIMIT, cursor
                )
                names = await customers.labels_of(ctx, {row.customer_id for row in rows})
            yield [_cells(row, spec.columns, names, stores, zone, run.lang) for row in rows]
            if cursor is None:
                return

    headings = [translate(HEADINGS[c], run.lang) for c in spec.columns]
    written = await write_table(
        run,
        pages(),
        headings=headings,
        total=total,
        format=spec.format,
        excel_bom=spec.excel_bom,
    )
    async with run.ctx() as ctx:
        filters = {k: v for k, v in msgspec.to_builtins(spec.filters).items() if v is not None}
        audit = {"filters": filters, "rows": written.rows, "format": spec.format}
        ctx.audit("export.orders", "export", run.job_id, audit)
    return {"file_id": str(written.file_id), "rows": written.rows, "filename": file_name("orders", zone, spec.format)}
