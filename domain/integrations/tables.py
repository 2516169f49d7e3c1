"""Writing a list out as a file, for every export job: CSV (UTF-8, with a BOM by default, which
is what Chinese Excel needs to read it as UTF-8; amounts as written, "12.50") or XLSX (XlsxWriter
in constant-memory mode; amounts as numbers with their places),
row by row as the pages come, so memory stays flat whatever the length. The file is written aside
and published whole, or removed if the job stops; progress is reported after every page.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

import xlsxwriter

from domain.integrations.jobs import JobRun

Format = Literal["csv", "xlsx"]


@dataclass(frozen=True, slots=True)
class Written:
    file_id: uuid.UUID
    rows: int


class _Sheet(Protocol):
    def row(self, values: list[Any]) -> None: ...


class _CsvSheet:
    def __init__(self, out: Any) -> None:
        self._lines = csv.writer(out)

    def row(self, values: list[Any]) -> None:
        self._lines.writerow(["" if v is None else v for v in values])


class _XlsxSheet:
    """Amounts (Decimal) become numbers shown with their places, so they sum in Excel."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self._sheet = book.add_worksheet()
        self._book = book
        self._formats: dict[int, Any] = {}
        self._next = 0

    def _amount_format(self, places: int) -> Any:
        if places not in self._formats:
            self._formats[places] = self._book.add_format({"num_format": "0." + "0" * places if places else "0"})
        return self._formats[places]

    def row(self, values: list[Any]) -> None:
        for col, value in enumerate(values):
            if isinstance(value, Decimal):
                places = max(0, -int(value.as_tuple().exponent))
                self._sheet.write_number(self._next, col, float(value), self._amount_format(places))
            elif value is not None:
                self._sheet.write(self._next, col, value)
        self._next += 1


@contextmanager
def _sheet(path: Path, format: Format, excel_bom: bool) -> Iterator[_Sheet]:
    if format == "csv":
        with path.open("w", newline="", encoding="utf-8-sig" if excel_bom else "utf-8") as out:
            yield _CsvSheet(out)
        return
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        yield _XlsxSheet(book)
    finally:
        book.close()


async def write_table(
    run: JobRun,
    pages: AsyncIterator[list[list[Any]]],
    *,
    headings: list[str],
    total: int,
    format: Format,
    excel_bom: bool,
) -> Written:
    """Write `headings`, then every page of rows, into a new file of the job's tenant."""
    file_id = uuid.uuid4()
    staging = run.files.staging(run.tenant_id, file_id)
    done = 0
    await run.progress(0, total)
    try:
        with _sheet(staging, format, excel_bom) as sheet:
            sheet.row(headings)
            async for rows in pages:
                for row in rows:
                    sheet.row(row)
                done += len(rows)
                await run.progress(done, total)
    except BaseException:
        run.files.remove(run.tenant_id, file_id)
        raise
    run.files.publish(run.tenant_id, file_id)
    return Written(file_id, done)


def local_time(moment: datetime, zone: ZoneInfo) -> str:
    """A time as a spreadsheet shows it: the tenant's wall clock, to the minute."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def file_name(what: str, zone: ZoneInfo, format: Format) -> str:
    return f"{what}-{datetime.now(zone).strftime('%Y%m%d-%H%M')}.{format}"
