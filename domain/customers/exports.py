"""Exporting the customer list as it is filtered: a long job (domain/integrations/jobs.py) that
pages through the list as the user who asked (her store scope and `own` scope apply), in her
language, into a CSV or XLSX file (domain/integrations/tables.py), and audits what left: the
filters and the row count (personal data, PIPL).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo

import msgspec
from sqlalchemy import func, select

from domain.custom_fields import public as custom_fields
from domain.customers.models import Customer as CustomerRow
from domain.customers.queries import filtered
from domain.customers.schemas import CustomerExport, CustomerFilters, ExportColumn
from domain.integrations.jobs import JobRun
from domain.integrations.tables import file_name, local_time, write_table
from tenants.context import Ctx
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
    custom_terms: list[str] = msgspec.field(default_factory=list)  # the filters' custom field terms
    columns: list[Column]
    format: Literal["csv", "xlsx"]
    excel_bom: bool


async def spec_of(ctx: Ctx, data: CustomerExport) -> ExportSpec:
    """The job's parameters; custom field filters are checked now (a 422 before any job starts)
    and kept as the terms they match."""
    f = data.filters
    custom = {key: [value] for key, value in f.custom.items()}
    filters = CustomerFilters(
        q=f.q,
        tag=f.tag,
        stage=f.stage,
        home_store_id=f.home_store_id,
        created_from=f.created_from,
        created_to=f.created_to,
        custom=custom,
    )
    return ExportSpec(
        filters=filters,
        custom_terms=await custom_fields.matching_terms(ctx, "customer", custom),
        columns=list(data.columns or COLUMNS),
        format=data.format,
        excel_bom=data.excel_bom,
    )


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
        "created_at": local_time(row.created_at, zone),
    }
    return [values[c] for c in columns]


async def export_customers(run: JobRun) -> dict[str, Any]:
    spec = msgspec.convert(run.params["spec"], ExportSpec)
    async with run.ctx() as ctx:
        count = select(func.count()).select_from(filtered(ctx, spec.filters, spec.custom_terms).subquery())
        total = (await ctx.session.execute(count)).scalar_one()
        zone = await tenant_zone(ctx.session, ctx.tenant_id)
        codes = await ctx.session.execute(select(Store.id, Store.code).where(of_tenant(ctx.tenant_id, Store)))
        stores = {row.id: row.code for row in codes}

    async def pages() -> AsyncIterator[list[list[Any]]]:
        cursor: str | None = None
        while True:
            async with run.ctx() as ctx:
                query = filtered(ctx, spec.filters, spec.custom_terms)
                rows, cursor = await keyset_page(
                    ctx.session, query, CustomerRow.created_at, CustomerRow.id, MAX_LIMIT, cursor
                )
            yield [_cells(row, spec.columns, stores, zone, run.lang) for row in rows]
            if cursor is None:
                return

    headings = [translate(HEADINGS[c], run.lang) for c in spec.columns]
    written = await write_table(
        run, pages(), headings=headings, total=total, format=spec.format, excel_bom=spec.excel_bom
    )
    async with run.ctx() as ctx:
        filters = {k: v for k, v in msgspec.to_builtins(spec.filters).items() if v is not None}
        audit = {"filters": filters, "rows": written.rows, "format": spec.format}
        ctx.audit("export.customers", "export", run.job_id, audit)
    return {
        "file_id": str(written.file_id),
        "rows": written.rows,
        "filename": file_name("customers", zone, spec.format),
    }
