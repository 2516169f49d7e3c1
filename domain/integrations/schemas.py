"""Schemas of the integration machinery's own resources: long jobs and imports."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from domain.integrations.models import Job as JobRow
from tenants.messages import translate
from tenants.schemas import Input

JobStateName = Literal["queued", "running", "succeeded", "failed", "cancelled"]


class JobProgress(msgspec.Struct, kw_only=True):
    done: int
    total: int | None  # unknown until the job has counted its work


class Job(msgspec.Struct, kw_only=True):
    """A long job as its user follows it: poll it (or watch the live stream) until `state` is
    final; a succeeded export has `result.file_id` and `file_url` until `expires_at`."""

    id: uuid.UUID
    kind: str
    state: JobStateName
    progress: JobProgress
    result: dict[str, Any] | None
    error: str  # why it failed, in the reader's language; empty otherwise
    cancel_requested: bool
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    expires_at: datetime | None
    file_url: str | None


def job_out(row: JobRow, lang: str, *, file_available: bool) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        state=row.state,  # type: ignore[arg-type]  # written only from JobState
        progress=JobProgress(done=int(row.progress.get("done", 0)), total=row.progress.get("total")),
        result=row.result,
        error=translate(row.error, lang) if row.error else "",
        cancel_requested=row.cancel_requested,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        expires_at=row.expires_at,
        file_url=f"/api/v1/jobs/{row.id}/file" if file_available else None,
    )


# ---- imports ----

ImportStatus = Literal["previewed", "running", "done", "failed", "cancelled"]
Policy = Literal["skip", "update", "create"]
ImportResource = Literal["customers", "products"]
# What a row can be matched by: customers phone, email, external_id; products sku, barcode,
# external_id (another is a 422 naming `match_by`).
MatchBy = Literal["phone", "email", "external_id", "sku", "barcode"]


class ImportStart(Input):
    """Run a previewed import. `mapping`: column header → field (columns left out are not
    imported; `custom.<key>` for a custom field); `policy`: what a row whose `match_by` value an
    existing record has does (skip it, update that record with the row's non-empty cells, or
    create a new one anyway); `match_by`: customers phone (the default), email or external_id,
    products sku (the default), barcode or external_id; `dry_run`: check and count everything,
    write nothing."""

    mapping: Annotated[
        dict[Annotated[str, msgspec.Meta(max_length=200)], Annotated[str, msgspec.Meta(max_length=40)]],
        msgspec.Meta(max_length=200),
    ]
    policy: Policy = "skip"
    match_by: MatchBy | None = None
    dry_run: bool = False


class ImportField(msgspec.Struct, kw_only=True):
    """A field a column can be mapped to: the importer's own or `custom.<key>`."""

    field: str
    label: str  # in the reader's language
    required: bool  # a new record needs a value (a row without one fails, naming it)
    must_map: bool  # the start is a 422 unless a column is mapped to it


class ImportColumn(msgspec.Struct, kw_only=True):
    header: str
    suggested_field: str | None  # recognised from the header (zh or en words)


class CellProblem(msgspec.Struct, kw_only=True):
    column: str  # the column header ("" when the row as a whole is wrong)
    reason: str  # in the reader's language


class ImportPreviewRow(msgspec.Struct, kw_only=True):
    row: int  # as a spreadsheet numbers it: the header is row 1
    cells: list[str]
    errors: list[CellProblem]


class ImportCounts(msgspec.Struct, kw_only=True):
    read: int
    created: int
    updated: int
    skipped: int
    failed: int


class Import(msgspec.Struct, kw_only=True):
    """An uploaded file: what was found in it (`encoding` and `delimiter` for CSV, `headers`),
    the suggested or chosen `mapping`, the first rows checked with it (`preview`), and once
    started, its job (`job_id`: follow it at /jobs/{id}, cancel it there) and `counts`;
    `checkpoint` data rows are committed. `error_report_url` once it ended with failed rows."""

    id: uuid.UUID
    resource: ImportResource
    file_name: str
    size: int
    format: Literal["csv", "xlsx"]
    encoding: str
    delimiter: str
    headers: list[str]
    columns: list[ImportColumn]
    fields: list[ImportField]
    mapping: dict[str, str]
    preview: list[ImportPreviewRow]
    status: ImportStatus
    policy: Policy
    match_by: MatchBy
    dry_run: bool
    job_id: uuid.UUID | None
    total: int | None
    checkpoint: int
    counts: ImportCounts
    error_report_url: str | None
    created_at: datetime
    finished_at: datetime | None
