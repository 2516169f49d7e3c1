"""Exporting a list as it is filtered, the one way every list export goes: count it, page through
it along its keyset as the user who asked (her store and `own` scope apply), turn each page into
cells in her language and the tenant's zone, write the file (domain/integrations/tables.py), and
audit what left (`export.<resource>` with the filters and the row count: personal data, PIPL).
A context says only what its list is and how a row reads."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import msgspec
from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute

from domain.integrations.jobs import JobRun
from domain.integrations.tables import Format, file_name, write_table
from tenants.context import Ctx
from tenants.messages import translate
from tenants.models import Store
from tenants.pagination import MAX_LIMIT, keyset_page
from tenants.scoping import of_tenant
from tenants.zones import tenant_zone


class ListSpec(Protocol):
    """What the user asked for, as the job keeps it (each context's ExportSpec)."""

    @property
    def filters(self) -> msgspec.Struct: ...
    @property
    def columns(self) -> Sequence[str]: ...
    @property
    def format(self) -> Format: ...
    @property
    def excel_bom(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Frame:
    """What every row is written with: the tenant's zone, its stores' codes, the user's language."""

    zone: ZoneInfo
    stores: dict[uuid.UUID, str]
    lang: str


@dataclass(frozen=True, slots=True)
class ListExport:
    resource: str  # "customers": audit action export.customers, file customers-<time>.csv
    spec: ListSpec
    listed: Callable[[Ctx], Select[Any]]  # the list as filtered, in the caller's scope
    created_at: InstrumentedAttribute[Any]  # the keyset: newest first, ties by id
    row_id: InstrumentedAttribute[Any]
    headings: Mapping[Any, str]  # column → English msgid
    cells: Callable[[Ctx, Sequence[Any], Frame], Awaitable[list[list[Any]]]]
    # Headings already in the user's language (custom fields' labels), after the columns'.
    custom_headings: Sequence[str] = ()


async def export_list(run: JobRun, export: ListExport) -> dict[str, Any]:
    spec = export.spec
    async with run.ctx() as ctx:
        total = (
            await ctx.session.execute(select(func.count()).select_from(export.listed(ctx).subquery()))
        ).scalar_one()
        zone = await tenant_zone(ctx.session, ctx.tenant_id)
        codes = await ctx.session.execute(select(Store.id, Store.code).where(of_tenant(ctx.tenant_id, Store)))
        frame = Frame(zone, {row.id: row.code for row in codes}, run.lang)

    async def pages() -> AsyncIterator[list[list[Any]]]:
        cursor: str | None = None
        while True:
            async with run.ctx() as ctx:
                rows, cursor = await keyset_page(
                    ctx.session, export.listed(ctx), export.created_at, export.row_id, MAX_LIMIT, cursor
                )
                page = await export.cells(ctx, rows, frame)
            yield page
            if cursor is None:
                return

    headings = [translate(export.headings[c], run.lang) for c in spec.columns] + list(export.custom_headings)
    written = await write_table(
        run, pages(), headings=headings, total=total, format=spec.format, excel_bom=spec.excel_bom
    )
    async with run.ctx() as ctx:
        filters = {k: v for k, v in msgspec.to_builtins(spec.filters).items() if v is not None}
        audit = {"filters": filters, "rows": written.rows, "format": spec.format}
        ctx.audit(f"export.{export.resource}", "export", run.job_id, audit)
    filename = file_name(export.resource, zone, spec.format)
    return {"file_id": str(written.file_id), "rows": written.rows, "filename": filename}
