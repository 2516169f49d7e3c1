"""An import as its user sees it: the preview of its first rows and the state of its job, in
her language."""

from __future__ import annotations

from sqlalchemy import select

from domain.integrations.imports import Importer, preview, suggest
from domain.integrations.jobs import JobState
from domain.integrations.models import Import as ImportRow
from domain.integrations.models import Job as JobRow
from domain.integrations.schemas import (
    CellProblem,
    Import,
    ImportColumn,
    ImportCounts,
    ImportField,
    ImportPreviewRow,
)
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.files import FileStore
from tenants.messages import translate
from tenants.scoping import of_tenant

# A job that ended without its handler saying so (cancelled while queued, refused before it began).
_ENDED = {JobState.CANCELLED.value: "cancelled", JobState.FAILED.value: "failed"}


async def settle(ctx: Ctx, row: ImportRow) -> None:
    """A running import whose job has ended without it (cancelled before a worker took it) takes
    the job's end, so it can be resumed."""
    if row.status != "running" or row.job_id is None:
        return
    query = select(JobRow.state).where(of_tenant(ctx.tenant_id, JobRow), JobRow.id == row.job_id)
    state = (await ctx.session.execute(query)).scalar_one_or_none()
    if state in _ENDED:
        row.status, row.finished_at = _ENDED[state], row.finished_at or utcnow()


async def import_out(ctx: Ctx, files: FileStore, importer: Importer, row: ImportRow, *, report: bool) -> Import:
    lang = ctx.meta.lang
    columns = await importer.columns(ctx)
    suggested = suggest(importer, row.headers, columns)
    rows = await preview(ctx, files, importer, row)
    counts = {k: int(row.counts.get(k, 0)) for k in ("read", "created", "updated", "skipped", "failed")}
    return Import(
        id=row.id,
        resource=row.resource,  # type: ignore[arg-type]  # written from the importers' resources
        file_name=row.file_name,
        size=row.size,
        format=row.format,  # type: ignore[arg-type]  # written from sheets.Format
        encoding=row.encoding,
        delimiter=row.delimiter,
        headers=row.headers,
        columns=[ImportColumn(header=h, suggested_field=suggested.get(h)) for h in row.headers],
        fields=[
            ImportField(
                field=c.field, label=c.label_in(lang), required=c.required, must_map=c.field in importer.required
            )
            for c in columns
        ],
        mapping=row.mapping,
        preview=[
            ImportPreviewRow(
                row=r.row,
                cells=r.cells,
                errors=[CellProblem(column=c, reason=translate(reason, lang)) for c, reason in r.problems],
            )
            for r in rows
        ],
        status=row.status,  # type: ignore[arg-type]  # written from ImportStatus
        policy=row.policy,  # type: ignore[arg-type]  # written from Policy
        match_by=row.match_by,  # type: ignore[arg-type]  # written from MatchBy
        dry_run=row.dry_run,
        job_id=row.job_id,
        total=row.total,
        checkpoint=row.checkpoint,
        counts=ImportCounts(**counts),
        error_report_url=f"/api/v1/imports/{row.id}/errors" if report else None,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )
