"""Exporting the order list as it is filtered (domain/integrations/list_exports.py): its columns,
their headings, and how an order reads in a cell (a customer the user may not see is named
masked, as on the list).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, get_args

import msgspec

from domain.customers import public as customers
from domain.integrations.jobs import JobRun
from domain.integrations.list_exports import Frame, ListExport, export_list
from domain.integrations.tables import Format, local_time
from domain.orders.mappers import state_of_payment
from domain.orders.models import Order as OrderRow
from domain.orders.queries import filtered
from domain.orders.schemas import OrderExport, OrderExportColumn, OrderFilters
from tenants.context import Ctx
from tenants.messages import translate

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
    row: OrderRow, columns: list[OrderExportColumn], names: dict[uuid.UUID, customers.CustomerLabel], frame: Frame
) -> list[Any]:
    lang = frame.lang
    customer = names.get(row.customer_id) if row.customer_id else None
    values: dict[OrderExportColumn, Any] = {
        "number": row.number,
        "created_at": local_time(row.created_at, frame.zone),
        "status": translate(WORDS[row.status], lang),
        "payment_state": translate(WORDS[state_of_payment(row)], lang),
        "store": frame.stores.get(row.store_id),
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

    async def cells(ctx: Ctx, rows: Sequence[OrderRow], frame: Frame) -> list[list[Any]]:
        names = await customers.labels_of(ctx, {row.customer_id for row in rows})
        return [_cells(row, spec.columns, names, frame) for row in rows]

    export = ListExport(
        resource="orders",
        spec=spec,
        listed=lambda ctx: filtered(ctx, spec.filters),
        created_at=OrderRow.created_at,
        row_id=OrderRow.id,
        headings=HEADINGS,
        cells=cells,
    )
    return await export_list(run, export)
