"""Imports (customers, products): an uploaded CSV or XLSX becomes an `Import` with a preview, the user
confirms a column mapping and a duplicate policy, and a long job (domain/integrations/jobs.py)
writes the rows in batches.

Each batch is one transaction as the user who started it: the rows the resource's importer
writes, the import's `checkpoint` (data rows done), counts and `errors_size` (the committed
length of the error report) commit together or not at all. The report is appended and synced
before that commit and cut back to `errors_size` when the job starts again, so a job run again
after its worker died (PgQueuer, stale heartbeat) or resumed after a failure or a cancel goes on
at the next batch with exactly what was committed: no row twice, none lost. A failed row is
reported (row number, column, reason, the original cells) and never stops the others. One audit
entry per run to its end, with the counts.
"""

from __future__ import annotations

import csv
import io
import os
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from domain.integrations import sheets
from domain.integrations.cells import plain
from domain.integrations.jobs import Cancelled, JobFailed, JobRun, enqueue
from domain.integrations.models import Import as ImportRow
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.errors import Conflict, FieldError, Invalid, NotFound, TooLarge
from tenants.files import FileStore
from tenants.messages import translate
from tenants.scoping import of_tenant

MAX_BYTES = 100 * 1024 * 1024
MAX_ROWS = 1_000_000
PREVIEW_ROWS = 20
BATCH = 1000
Cells = dict[str, str]  # field → cell text
Result = Literal["created", "updated", "skipped", "failed"]
COUNTS = ("read", "created", "updated", "skipped", "failed")
FINAL = frozenset({"done", "failed", "cancelled"})


class FileTooLarge(TooLarge):
    code = "file_too_large"


@dataclass(frozen=True, slots=True)
class Outcome:
    row: int  # the row number as a spreadsheet shows it (the header is row 1)
    result: Result
    problems: list[tuple[str, str]]  # (field, reason msgid)


@dataclass(frozen=True, slots=True)
class Settings:
    """What the user chose, as a batch needs it."""

    import_id: uuid.UUID
    file_name: str
    policy: str  # skip update create
    match_by: str  # one of the importer's match_by


@dataclass(frozen=True, slots=True)
class Column:
    """A field a column of the file can be mapped to."""

    field: str
    label: str  # an English message id, shown translated
    required: bool = False  # a new record needs it (the mapping needs the importer's `required`)
    own_labels: tuple[str, str] | None = None  # (zh, en) as the tenant wrote them (custom fields)
    words: tuple[str, ...] = ()  # more header words it is recognised by (custom fields' labels, key)

    def label_in(self, lang: str) -> str:
        if self.own_labels is None:
            return translate(self.label, lang)
        return self.own_labels[0] if lang.startswith("zh") else self.own_labels[1]


class Importer(Protocol):
    """What a resource (customers, products) gives the import machinery."""

    kind: str  # the job kind
    resource: str
    required: tuple[str, ...]  # fields the mapping must map
    match_by: tuple[str, ...]  # the fields a row can be matched with an existing record by (first: the default)

    async def columns(self, ctx: Ctx) -> list[Column]:
        """Every field, the tenant's custom fields included (read anew each time)."""
        ...

    def suggest(self, headers: list[str]) -> dict[str, str | None]:
        """The importer's own fields recognised from the headers (custom fields: `suggest`)."""
        ...

    async def check(self, ctx: Ctx, rows: list[Cells]) -> list[list[tuple[str, str]]]: ...

    async def write(self, ctx: Ctx, rows: list[tuple[int, Cells]], settings: Settings) -> list[Outcome]: ...


# ---- writing a batch in waves ----

Rows = list[tuple[int, dict[str, Any]]]  # (row number, column values)


class ParsedRow(Protocol):
    """A row as an importer parsed it: its values, or what is wrong with it."""

    @property
    def values(self) -> dict[str, Any] | None: ...

    @property
    def problems(self) -> list[tuple[str, str]]: ...


async def write_in_waves(
    ctx: Ctx,
    rows: Sequence[tuple[int, ParsedRow]],
    keys: Callable[[dict[str, Any]], set[tuple[str, str]]],
    write_wave: Callable[[Rows], Awaitable[list[Outcome]]],
    clash: Callable[[str], tuple[str, str]],
) -> list[Outcome]:
    """Each row's outcome in the rows' order, written in file order: rows that share a key with an
    earlier row of the batch go in a later wave, so a file naming a record twice behaves as if
    read row by row. A wave is one savepoint; a clash the checks could not foresee (`clash` turns
    the unique violation into the row's problem) redoes it in halves down to the rows that clash,
    so a few clashes cost a few savepoints, not one per row."""
    outcomes: dict[int, Outcome] = {}
    pending: Rows = []
    for number, parsed in rows:
        if parsed.values is None:
            outcomes[number] = Outcome(number, "failed", parsed.problems)
        else:
            pending.append((number, parsed.values))
    while pending:
        wave: Rows = []
        later: Rows = []
        seen: set[tuple[str, str]] = set()
        for number, values in pending:
            named = keys(values)
            (later if named & seen else wave).append((number, values))
            seen |= named
        for outcome in await _wave_or_halves(ctx, wave, write_wave, clash):
            outcomes[outcome.row] = outcome
        pending = later
    return [outcomes[n] for n, _ in rows]


async def _wave_or_halves(
    ctx: Ctx,
    wave: Rows,
    write_wave: Callable[[Rows], Awaitable[list[Outcome]]],
    clash: Callable[[str], tuple[str, str]],
) -> list[Outcome]:
    try:
        async with ctx.session.begin_nested():
            return await write_wave(wave)
    except IntegrityError as error:
        if len(wave) == 1:
            return [Outcome(wave[0][0], "failed", [clash(str(error.orig))])]
    half = len(wave) // 2
    return await _wave_or_halves(ctx, wave[:half], write_wave, clash) + await _wave_or_halves(
        ctx, wave[half:], write_wave, clash
    )


# ---- receiving a file ----


class Upload:
    """A file being received, streamed into the tenant's files; at most MAX_BYTES (413 past it)."""

    def __init__(self, files: FileStore, tenant_id: uuid.UUID) -> None:
        self.files, self.tenant_id, self.file_id, self.size = files, tenant_id, uuid.uuid4(), 0
        self._out = files.staging(tenant_id, self.file_id).open("wb")

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > MAX_BYTES:
            self.discard()
            raise FileTooLarge("The file is larger than 100 MB; split it into smaller files.")
        self._out.write(chunk)

    def finish(self) -> None:
        self._out.close()
        self.files.publish(self.tenant_id, self.file_id)

    def discard(self) -> None:
        self._out.close()
        self.files.remove(self.tenant_id, self.file_id)


async def receive(ctx: Ctx, files: FileStore, importer: Importer, upload: Upload, file_name: str) -> ImportRow:
    """An import of the received file: its layout and headers read, a mapping suggested; 422 for
    a file that is no table (the file is removed then)."""
    file_id, size = upload.file_id, upload.size
    path = files.path(ctx.tenant_id, file_id)
    assert path is not None
    try:
        layout = sheets.inspect(path, file_name)
        header = next(sheets.rows(path, layout), None)
    except (sheets.Unreadable, UnicodeError, csv.Error) as exc:
        files.remove(ctx.tenant_id, file_id)
        message = str(exc) if isinstance(exc, sheets.Unreadable) else "The file cannot be read as a table."
        raise Invalid([FieldError("file", message)]) from exc
    if not header or not any(c.strip() for c in header):
        files.remove(ctx.tenant_id, file_id)
        raise Invalid([FieldError("file", "The file has no header row.")])
    headers = sheets.headers_of(header)
    suggested = suggest(importer, headers, await importer.columns(ctx))
    row = ImportRow(
        tenant_id=ctx.tenant_id,
        resource=importer.resource,
        file_id=file_id,
        file_name=file_name[:255],
        size=size,
        format=layout.format,
        encoding=layout.encoding,
        delimiter=layout.delimiter,
        headers=headers,
        mapping={h: f for h, f in suggested.items() if f is not None},
        policy="skip",
        match_by=importer.match_by[0],
        dry_run=False,
        status="previewed",
        counts=dict.fromkeys(COUNTS, 0),
        checkpoint=0,
        errors_size=0,
        created_by=ctx.staff_user_id,
    )
    ctx.session.add(row)
    await ctx.session.flush()
    await ctx.session.refresh(row)
    return row


def suggest(importer: Importer, headers: list[str], columns: list[Column]) -> dict[str, str | None]:
    """The field each column probably holds: the importer's own words, then a header equal to a
    custom field's label (either language) or key, case, spaces and punctuation aside; each
    field once, for the first column that names it."""
    out = importer.suggest(headers)
    taken = {f for f in out.values() if f is not None}
    words: dict[str, str] = {}
    for column in columns:
        for word in column.words:
            words.setdefault(plain(word), column.field)
    for header in headers:
        field = words.get(plain(header))
        if out.get(header) is None and field is not None and field not in taken:
            out[header] = field
            taken.add(field)
    return out


def _layout(row: ImportRow) -> sheets.Layout:
    return sheets.Layout(row.format, row.encoding, row.delimiter)  # type: ignore[arg-type]  # written from Format


def _data_rows(path: Path, row: ImportRow) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of every data row; blank rows are skipped but keep their number."""
    source = sheets.rows(path, _layout(row))
    next(source, None)
    for number, cells in enumerate(source, start=2):
        if any(c.strip() for c in cells):
            yield number, cells


def _cells(cells: list[str], headers: list[str], mapping: dict[str, str]) -> Cells:
    index = {h: i for i, h in enumerate(headers)}
    return {field: cells[index[h]] if index[h] < len(cells) else "" for h, field in mapping.items()}


@dataclass(frozen=True, slots=True)
class PreviewRow:
    row: int
    cells: list[str]
    problems: list[tuple[str, str]]  # (column header, reason msgid)


async def preview(ctx: Ctx, files: FileStore, importer: Importer, row: ImportRow) -> list[PreviewRow]:
    """The first PREVIEW_ROWS data rows, checked with the import's mapping (no write)."""
    path = files.path(ctx.tenant_id, row.file_id)
    if path is None:
        return []
    first: list[tuple[int, list[str]]] = []
    for item in _data_rows(path, row):
        first.append(item)
        if len(first) == PREVIEW_ROWS:
            break
    checked = await importer.check(ctx, [_cells(cells, row.headers, row.mapping) for _, cells in first])
    return [
        PreviewRow(number, cells, _by_column(problems, row.headers, row.mapping))
        for (number, cells), problems in zip(first, checked, strict=True)
    ]


def _by_column(problems: list[tuple[str, str]], headers: list[str], mapping: dict[str, str]) -> list[tuple[str, str]]:
    """(column header, reason) in the order of the file's columns; a field no column holds (a
    required custom field) is named as the API names it, first."""
    column = {field: header for header, field in mapping.items()}
    named = [(column.get(f, f), reason) for f, reason in problems]
    return sorted(named, key=lambda p: headers.index(p[0]) if p[0] in headers else -1)


# ---- the user's choices ----


async def get_import(ctx: Ctx, import_id: uuid.UUID, *, lock: bool = False) -> ImportRow:
    """The caller's import; another user's (or tenant's) is a 404 like a missing one."""
    query = select(ImportRow).where(of_tenant(ctx.tenant_id, ImportRow), ImportRow.id == import_id)
    row = (await ctx.session.execute(query.with_for_update() if lock else query)).scalar_one_or_none()
    if row is None or row.created_by != ctx.actor.user_id:
        raise NotFound("No such import.")
    return row


def check_choices(
    importer: Importer, columns: list[Column], headers: list[str], mapping: dict[str, str], match_by: str
) -> None:
    """422 listing every wrong choice: unknown columns or fields, a field twice, a required field
    or the matching field unmapped, a matching field the importer does not offer. A required
    custom field need not be mapped: a new row without it fails, naming it; updates need none."""
    errors: list[FieldError] = []
    seen: set[str] = set()
    fields = {c.field for c in columns}
    for header, field in mapping.items():
        if header not in headers:
            errors.append(FieldError(f"mapping.{header}", "is not a column of the file"))
        elif field not in fields:
            errors.append(FieldError(f"mapping.{header}", "is not a field that can be imported"))
        elif field in seen:
            errors.append(FieldError(f"mapping.{header}", "is mapped from another column already"))
        else:
            seen.add(field)
    errors += [FieldError("mapping", f"must map a column to {f}") for f in importer.required if f not in seen]
    if match_by not in importer.match_by:
        errors.append(FieldError("match_by", f"must be one of: {', '.join(importer.match_by)}"))
    elif match_by not in seen:
        errors.append(FieldError("match_by", "must be a mapped field"))
    if errors:
        raise Invalid(errors)


async def start(
    ctx: Ctx,
    importer: Importer,
    import_id: uuid.UUID,
    mapping: dict[str, str],
    policy: str,
    match_by: str | None,
    dry_run: bool,
) -> ImportRow:
    """Run a previewed import with the user's choices (no `match_by`: the importer's first): a
    job, queued with this transaction."""
    row = await get_import(ctx, import_id, lock=True)
    if row.status != "previewed":
        raise Conflict("The import has already been started.", code="import_started")
    match_by = match_by or importer.match_by[0]
    check_choices(importer, await importer.columns(ctx), row.headers, mapping, match_by)
    row.mapping, row.policy, row.match_by, row.dry_run = mapping, policy, match_by, dry_run
    return await _queue(ctx, importer, row)


async def resume(ctx: Ctx, importer: Importer, import_id: uuid.UUID) -> ImportRow:
    """Go on with a failed or cancelled import from its checkpoint."""
    row = await get_import(ctx, import_id, lock=True)
    if row.status not in ("failed", "cancelled"):
        raise Conflict("Only a failed or cancelled import can be resumed.", code="import_not_resumable")
    return await _queue(ctx, importer, row)


async def _queue(ctx: Ctx, importer: Importer, row: ImportRow) -> ImportRow:
    job = await enqueue(ctx, importer.kind, {"import_id": str(row.id)})
    row.job_id, row.status, row.finished_at, row.updated_at = job.id, "running", None, utcnow()
    await ctx.session.flush()
    return row


def report_path(files: FileStore, row: ImportRow) -> tuple[Path, int] | None:
    """The error report and how many of its bytes are committed, once the import has ended."""
    if row.status not in FINAL or row.error_file_id is None or row.counts.get("failed", 0) == 0:
        return None
    published = files.path(row.tenant_id, row.error_file_id)
    if published is not None:
        return published, row.errors_size
    staging = files.staging(row.tenant_id, row.error_file_id)
    return (staging, row.errors_size) if staging.is_file() else None


# ---- the job ----


class _Superseded(Exception):
    """Another run of the same import committed past this one's checkpoint: this run stops."""


def _report_line(
    outcome: Outcome, headers: list[str], mapping: dict[str, str], original: list[str], lang: str
) -> bytes:
    out = io.StringIO()
    lines = csv.writer(out)
    for column, reason in _by_column(outcome.problems, headers, mapping):
        lines.writerow([outcome.row, column, translate(reason, lang), *original])
    return out.getvalue().encode("utf-8")


def _report_header(headers: list[str], lang: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow([translate("Row", lang), translate("Column", lang), translate("Reason", lang), *headers])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")  # the BOM Chinese Excel needs


async def _begin(run: JobRun, import_id: uuid.UUID) -> ImportRow:
    async with run.ctx() as ctx:
        row = await get_import(ctx, import_id, lock=True)
        if row.error_file_id is None:
            row.error_file_id = uuid.uuid4()
        row.status = "running"
        if row.total is None:
            path = run.files.path(ctx.tenant_id, row.file_id)
            if path is None:
                raise JobFailed("The uploaded file is no longer available; upload it again.")
            row.total = sum(1 for _ in islice(_data_rows(path, row), MAX_ROWS + 1))  # no further: refused
        await ctx.session.flush()
        ctx.session.expunge(row)
        return row


async def _end(run: JobRun, import_id: uuid.UUID, status: str) -> dict[str, Any]:
    async with run.ctx() as ctx:
        row = await get_import(ctx, import_id, lock=True)
        row.status, row.finished_at, row.updated_at = status, utcnow(), utcnow()
        if status == "done" and row.error_file_id is not None:
            staging = run.files.staging(ctx.tenant_id, row.error_file_id)
            if staging.is_file() and row.counts.get("failed", 0):
                run.files.publish(ctx.tenant_id, row.error_file_id)
        audit = {
            **row.counts,
            "status": status,
            "file_name": row.file_name,
            "policy": row.policy,
            "match_by": row.match_by,
            "dry_run": row.dry_run,
        }
        ctx.audit(f"import.{row.resource}", "import", row.id, audit)
        return {"import_id": str(row.id), "status": status, "rows": row.counts.get("read", 0), **row.counts}


async def run_import(run: JobRun, importer: Importer) -> dict[str, Any]:
    """The job: every data row after the checkpoint, BATCH at a time (see the module docstring)."""
    import_id = uuid.UUID(str(run.params["import_id"]))
    row = await _begin(run, import_id)
    path = run.files.path(run.tenant_id, row.file_id)
    assert row.error_file_id is not None
    if path is None:
        raise JobFailed("The uploaded file is no longer available; upload it again.")
    settings = Settings(import_id, row.file_name, row.policy, row.match_by)
    report = run.files.staging(run.tenant_id, row.error_file_id)
    checkpoint, errors_size = row.checkpoint, row.errors_size
    try:
        if (row.total or 0) > MAX_ROWS:  # before any row is written, not after a million of them
            raise JobFailed("The file has more than 1,000,000 rows; split it into smaller files.")
        await run.progress(checkpoint, row.total)
        with report.open("r+b" if report.exists() else "w+b") as out:
            out.truncate(errors_size)
            out.seek(errors_size)
            if errors_size == 0:
                out.write(_report_header(row.headers, run.lang))
            batch: list[tuple[int, list[str]]] = []
            done = 0
            for number, cells in _data_rows(path, row):
                done += 1
                if done <= checkpoint:
                    continue
                batch.append((number, cells))
                if len(batch) == BATCH:
                    checkpoint = await _batch(run, importer, row, settings, batch, out, checkpoint)
                    batch = []
            if batch:
                checkpoint = await _batch(run, importer, row, settings, batch, out, checkpoint)
    except Cancelled:
        await _end(run, import_id, "cancelled")
        raise
    except _Superseded:
        return {"import_id": str(import_id), "status": "superseded"}
    except JobFailed:
        await _end(run, import_id, "failed")
        raise
    except Exception:
        await _end(run, import_id, "failed")
        raise
    return await _end(run, import_id, "done")


async def _batch(
    run: JobRun,
    importer: Importer,
    row: ImportRow,
    settings: Settings,
    batch: list[tuple[int, list[str]]],
    out: Any,
    checkpoint: int,
) -> int:
    """One batch in one transaction with its checkpoint; the report lines are synced first."""
    originals = dict(batch)
    async with run.ctx() as ctx:
        current = await get_import(ctx, row.id, lock=True)
        if current.checkpoint != checkpoint:
            raise _Superseded
        rows = [(n, _cells(cells, row.headers, row.mapping)) for n, cells in batch]
        if row.dry_run:  # the same writes, rolled back: the counts say what would happen
            savepoint = await ctx.session.begin_nested()
            outcomes = await importer.write(ctx, rows, settings)
            await savepoint.rollback()
        else:
            outcomes = await importer.write(ctx, rows, settings)
        for outcome in outcomes:
            if outcome.problems:
                out.write(_report_line(outcome, row.headers, row.mapping, originals[outcome.row], run.lang))
        out.flush()
        os.fsync(out.fileno())
        counts = dict(current.counts)
        counts["read"] = counts.get("read", 0) + len(outcomes)
        for outcome in outcomes:
            counts[outcome.result] = counts.get(outcome.result, 0) + 1
        current.counts, current.errors_size = counts, out.tell()
        current.checkpoint, current.updated_at = checkpoint + len(batch), utcnow()
    await run.progress(checkpoint + len(batch), row.total)
    return checkpoint + len(batch)
