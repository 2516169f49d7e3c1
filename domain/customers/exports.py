"""Exporting the customer list as it is filtered: a long job (domain/integrations/jobs.py) that
pages through the list as the user who asked (her store scope and `own` scope apply), writes CSV
(UTF-8, with a BOM for Chinese Excel by default) or XLSX (XlsxWriter in constant-memory mode) row
by row, so memory stays flat however many members the chain has, and audits what left: the
filters and the row count (personal data, PIPL).
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol, get_args
from zoneinfo import ZoneInfo

import msgspec
import xlsxwriter
from sqlalchemy import func, select

from domain.customers.models import Customer as CustomerRow
from domain.customers.queries import filtered
from domain.customers.schemas import CustomerExport, CustomerFilters, ExportColumn
from domain.integrations.jobs import JobRun
from tenants.messages import translate
from tenants.models import Store
from tenants.pagination import MAX_LIMIT, keyset_page
from tenants.scoping import of_tenant
from tenants.zones import tenant_zone

KIND = "export.customers"
Column = ExportColumn
COLUMNS: tuple[Column, ...] = get_args(ExportColumn)
# Column headings, English msgids (tenants/locale/zh-CN.json has them in Chinese).
HEADINGS: dict[Column, str] = {
    "name": "Name",
    "phone": "Phone",
    "email": "Email",
    "gender": "Gender",
    "birthday": "Birthday",
    "tags": "Tags",
    "lifecycle_stage": "Stage",
    "home_store": "Home store",
    "email_consent": "Email consent",
    "sms_consent": "SMS consent",
    "created_at": "Registered at",
}
# The words of coded values, English msgids as well.
WORDS: dict[str, str] = {
    "male": "Male",
    "female": "Female",
    "unknown": "Unknown",
    "lead": "Lead",
    "prospect": "Prospect",
    "customer": "Customer",
    "vip": "VIP",
    "churned": "Churned",
}


class ExportSpec(msgspec.Struct, kw_only=True):
    """What the user asked for, as the job keeps it."""

    filters: CustomerFilters
    columns: list[Column]
    format: Literal["csv", "xlsx"]
    excel_bom: bool


def spec_of(data: CustomerExport) -> ExportSpec:
    f = data.filters
    filters = CustomerFilters(
        q=f.q,
        tag=f.tag,
        stage=f.stage,
        home_store_id=f.home_store_id,
        created_from=f.created_from,
        created_to=f.created_to,
    )
    return ExportSpec(
        filters=filters, columns=list(data.columns or COLUMNS), format=data.format, excel_bom=data.excel_bom
    )


class _Sheet(Protocol):
    def row(self, values: list[Any]) -> None: ...


@contextmanager
def _writer(path: Path, spec: ExportSpec) -> Iterator[_Sheet]:
    if spec.format == "csv":
        with path.open("w", newline="", encoding="utf-8-sig" if spec.excel_bom else "utf-8") as out:
            lines = csv.writer(out)

            class CsvSheet:
                def row(self, values: list[Any]) -> None:
                    lines.writerow(["" if v is None else v for v in values])

            yield CsvSheet()
        return
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet()
    count = 0

    class XlsxSheet:
        def row(self, values: list[Any]) -> None:
            nonlocal count
            for col, value in enumerate(values):
                if value is not None:
                    sheet.write(count, col, value)
            count += 1

    try:
        yield XlsxSheet()
    finally:
        book.close()


def _cells(
    row: CustomerRow, columns: list[Column], stores: dict[uuid.UUID, str], zone: ZoneInfo, lang: str
) -> list[Any]:
    yes, no = translate("Yes", lang), translate("No", lang)
    values: dict[Column, Any] = {
        "name": row.name,
        "phone": row.phone,
        "email": row.email,
        "gender": translate(WORDS[row.gender], lang),
        "birthday": row.birthday.isoformat() if row.birthday else None,
        "tags": ", ".join(row.tags or []),
        "lifecycle_stage": translate(WORDS[row.lifecycle_stage], lang),
        "home_store": stores.get(row.home_store_id) if row.home_store_id else None,
        "email_consent": yes if row.email_consent else no,
        "sms_consent": yes if row.sms_consent else no,
        "created_at": _local(row.created_at, zone),
    }
    return [values[c] for c in columns]


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


async def export_customers(run: JobRun) -> dict[str, Any]:
    spec = msgspec.convert(run.params["spec"], ExportSpec)
    async with run.ctx() as ctx:
        total = (
            await ctx.session.execute(select(func.count()).select_from(filtered(ctx, spec.filters).subquery()))
        ).scalar_one()
        zone = await tenant_zone(ctx.session, ctx.tenant_id)
        codes = await ctx.session.execute(select(Store.id, Store.code).where(of_tenant(ctx.tenant_id, Store)))
        stores = {row.id: row.code for row in codes}
    await run.progress(0, total)
    file_id = uuid.uuid4()
    staging = run.files.staging(run.tenant_id, file_id)
    done, cursor = 0, None
    try:
        with _writer(staging, spec) as sheet:
            sheet.row([translate(HEADINGS[c], run.lang) for c in spec.columns])
            while True:
                async with run.ctx() as ctx:
                    page = filtered(ctx, spec.filters)
                    rows, cursor = await keyset_page(
                        ctx.session, page, CustomerRow.created_at, CustomerRow.id, MAX_LIMIT, cursor
                    )
                for row in rows:
                    sheet.row(_cells(row, spec.columns, stores, zone, run.lang))
                done += len(rows)
                await run.progress(done, total)
                if cursor is None:
                    break
    except BaseException:
        run.files.remove(run.tenant_id, file_id)
        raise
    run.files.publish(run.tenant_id, file_id)
    async with run.ctx() as ctx:
        filters = {k: v for k, v in msgspec.to_builtins(spec.filters).items() if v is not None}
        ctx.audit("customer.exported", "customer", None, {"filters": filters, "rows": done, "format": spec.format})
    stamp = datetime.now(zone).strftime("%Y%m%d-%H%M")
    return {"file_id": str(file_id), "rows": done, "filename": f"customers-{stamp}.{spec.format}"}
