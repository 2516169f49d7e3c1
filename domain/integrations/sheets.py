"""Reading an uploaded table (CSV or XLSX) row by row, for every import job: which encoding and
delimiter a CSV has (what Chinese Excel writes is GB18030/GBK, or UTF-8 with a BOM), its headers,
and its data rows as text cells numbered as a spreadsheet numbers them (the header is row 1).

Both are read as streams, so memory stays flat whatever the size and a preview reads only its
first rows: a CSV line by line, an XLSX by openpyxl's read-only mode, which parses the sheet's XML
as it goes (through defusedxml) and holds only the workbook's shared strings and an emptied
element of some 70 bytes per row read. calamine is faster but loads the whole sheet (a 10 MB
workbook of 300,000 rows took 175 MB; the 100 MB limit would take gigabytes, once per preview).
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import charset_normalizer
import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.utils.exceptions import InvalidFileException

from domain.integrations.tables import Format

SAMPLE = 64 * 1024  # what encoding and delimiter are decided on
DELIMITERS = ",;\t|"
_XLSX_MAGIC = b"PK\x03\x04"


class Unreadable(Exception):
    """The file is no table this product reads; the message is an English msgid."""


@dataclass(frozen=True, slots=True)
class Layout:
    format: Format
    encoding: str  # CSV only: utf-8, utf-8-sig or gb18030 (or what charset detection found)
    delimiter: str  # CSV only


def _utf8(sample: bytes, complete: bool) -> bool:
    """Strict UTF-8, allowing a character cut at the end of a sample that is not the whole file."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(sample: bytes, complete: bool) -> str:
    """UTF-8 (with its BOM, or strict UTF-8 on the sample) first; then GB18030, the superset of
    GBK that Chinese Excel writes; anything else as charset detection judges it."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if _utf8(sample, complete):
        return "utf-8"
    try:
        codecs.getincrementaldecoder("gb18030")("strict").decode(sample, final=complete)
    except UnicodeDecodeError:
        pass
    else:
        return "gb18030"
    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        raise Unreadable("The file is neither a CSV text file nor an XLSX workbook.")
    return str(best.encoding)


def detect_delimiter(text: str) -> str:
    lines = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(lines, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = lines.split("\n", 1)[0]
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def inspect(path: Path, file_name: str) -> Layout:
    """The format of the file at `path` (by content, then name), and a CSV's encoding and delimiter."""
    with path.open("rb") as source:
        sample = source.read(SAMPLE)
        complete = not source.read(1)
    if sample.startswith(_XLSX_MAGIC) or file_name.lower().endswith((".xlsx", ".xlsm")):
        if not sample.startswith(_XLSX_MAGIC):
            raise Unreadable("The file is neither a CSV text file nor an XLSX workbook.")
        return Layout("xlsx", "", "")
    if not sample.strip():
        raise Unreadable("The file is empty.")
    if b"\x00" in sample:
        raise Unreadable("The file is neither a CSV text file nor an XLSX workbook.")
    encoding = detect_encoding(sample, complete)
    text = sample.decode(encoding, errors="ignore")
    return Layout("csv", encoding, detect_delimiter(text))


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without `.0` (a phone typed into Excel is a number), dates
    in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\x00", "")


def rows(path: Path, layout: Layout) -> Iterator[list[str]]:
    """Every row of the table, the header row first, as text cells (NULs dropped: PostgreSQL text
    cannot hold them)."""
    if layout.format == "xlsx":
        yield from _workbook_rows(path)
        return
    with path.open("r", encoding=layout.encoding, errors="replace", newline="") as text:
        yield from csv.reader((part.replace("\x00", "") for part in text), delimiter=layout.delimiter)


# What openpyxl raises for a file that is a zip but no workbook it can read.
_BROKEN_WORKBOOK = (
    zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, IndexError, ParseError,
    DefusedXmlException, OSError,
)  # fmt: skip


def _workbook_rows(path: Path) -> Iterator[list[str]]:
    """The first sheet's rows, streamed (from an open file: openpyxl refuses a path whose name
    does not end in .xlsx, and uploads are stored under their ids)."""
    with path.open("rb") as source:
        try:
            book = openpyxl.load_workbook(source, read_only=True, data_only=True)
        except _BROKEN_WORKBOOK as exc:
            raise Unreadable("The workbook cannot be read; save it again as XLSX or CSV.") from exc
        try:
            if not book.worksheets:
                return
            for values in book.worksheets[0].iter_rows(values_only=True):
                yield [cell_text(v) for v in values]
        except _BROKEN_WORKBOOK as exc:
            raise Unreadable("The workbook cannot be read; save it again as XLSX or CSV.") from exc
        finally:
            book.close()


def headers_of(cells: list[str]) -> list[str]:
    """The header row as unique column names: a blank one is `#n` (its position), a repeated one
    gets ` (2)`, ` (3)`."""
    out: list[str] = []
    for n, cell in enumerate(cells, start=1):
        name = cell.strip().lstrip("\ufeff") or f"#{n}"
        base, k = name, 2
        while name in out:
            name, k = f"{base} ({k})", k + 1
        out.append(name[:200])
    return out
