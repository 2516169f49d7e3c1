"""Exporting the customer list as it is filtered (domain/integrations/list_exports.py): which
columns there are, their headings, and how a customer reads in a cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, get_args

import msgspec

from domain.custom_fields import public as custom_fields
from domain.customers.models import Customer as CustomerRow
from domain.customers.queries import filtered
from domain.customers.schemas import CustomerExport, CustomerFilters, ExportColumn
from domain.integrations.jobs import JobRun
from domain.integrations.list_exports import Frame, ListExport, export_list
from domain.integrations.tables import local_time
from tenants.context import Ctx
from tenants.errors import FieldError, Invalid
from tenants.messages import translate

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
    custom_columns: list[str] = msgspec.field(default_factory=list)  # custom field keys, after `columns`
    format: Literal["csv", "xlsx"]
    excel_bom: bool


async def spec_of(ctx: Ctx, data: CustomerExport) -> ExportSpec:
    """The job's parameters; custom field filters and columns are checked now (a 422 before any
    job starts), the filters kept as the terms they match."""
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
    every = data.columns is None and data.custom_columns is None
    columns = list(COLUMNS if data.columns is None else data.columns)
    keys = await custom_fields.export_keys(
        ctx, "customer", None if every else data.custom_columns or [], "custom_columns"
    )
    if not columns and not keys:
        raise Invalid([FieldError("columns", "name at least one column")])
    return ExportSpec(
        filters=filters,
        custom_terms=await custom_fields.matching_terms(ctx, "customer", custom),
        columns=columns,
        custom_columns=keys,
        format=data.format,
        excel_bom=data.excel_bom,
    )


def _cells(row: CustomerRow, columns: list[Column], frame: Frame) -> list[Any]:
    lang = frame.lang
    yes, no = translate("Yes", lang), translate("No", lang)
    values: dict[Column, Any] = {
        "name": row.name,
        "phone": row.phone,
        "email": row.email,
        "gender": translate(WORDS[row.gender], lang),
        "birthday": row.birthday.isoformat() if row.birthday else None,
        "tags": ", ".join(row.tags or []),
        "lifecycle_stage": translate(WORDS[row.lifecycle_stage], lang),
        "home_store": frame.stores.get(row.home_store_id) if row.home_store_id else None,
        "email_consent": yes if row.email_consent else no,
        "sms_consent": yes if row.sms_consent else no,
        "created_at": local_time(row.created_at, frame.zone),
    }
    return [values[c] for c in columns]


async def export_customers(run: JobRun) -> dict[str, Any]:
    spec = msgspec.convert(run.params["spec"], ExportSpec)
    async with run.ctx() as ctx:
        extra = await custom_fields.export_columns(ctx, "customer", spec.custom_columns, run.lang)

    async def cells(ctx: Ctx, rows: Sequence[CustomerRow], frame: Frame) -> list[list[Any]]:
        return [
            _cells(row, spec.columns, frame) + [c.read((row.custom or {}).get(c.key)) for c in extra] for row in rows
        ]

    export = ListExport(
        resource="customers",
        spec=spec,
        listed=lambda ctx: filtered(ctx, spec.filters, spec.custom_terms),
        created_at=CustomerRow.created_at,
        row_id=CustomerRow.id,
        headings=HEADINGS,
        custom_headings=[c.heading for c in extra],
        cells=cells,
    )
    return await export_list(run, export)
