"""An XLSX is read as a stream: a longer workbook costs no memory for its cells (openpyxl's parser
keeps one emptied element of some 70 bytes per row it has read, about 70 MB at the 1,000,000-row
limit, where holding the cells would take gigabytes), and its first rows come without reading the
rest (what every preview of an import does)."""

from __future__ import annotations

import time
import tracemalloc
from datetime import date
from pathlib import Path

import xlsxwriter

from domain.integrations import sheets


def _workbook(path: Path, n: int) -> Path:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["姓名", "手机", "生日", "标签"])
    for k in range(1, n + 1):
        sheet.write_row(k, 0, [f"会员{k % 50}", 13500000000 + k])  # few distinct strings: a small string table
        sheet.write_datetime(k, 2, date(1990, 1, 1 + k % 28), dates)  # type: ignore[arg-type]
        sheet.write_string(k, 3, "会员")
    book.close()
    return path


def _peak_reading(path: Path) -> tuple[int, int]:
    layout = sheets.inspect(path, path.name)
    tracemalloc.start()
    try:
        count = sum(1 for _ in sheets.rows(path, layout))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_longer_workbook_costs_no_memory_for_its_cells(tmp_path: Path) -> None:
    short_rows, short_peak = _peak_reading(_workbook(tmp_path / "short.xlsx", 2_000))
    long_rows, long_peak = _peak_reading(_workbook(tmp_path / "long.xlsx", 16_000))
    assert (short_rows, long_rows) == (2_001, 16_001)
    per_row = (long_peak - short_peak) / (long_rows - short_rows)
    assert per_row < 100, per_row  # four cells held would be 4 × (a str or int object) and more


def test_the_first_rows_come_without_reading_the_rest(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "members.xlsx", 16_000)
    layout = sheets.inspect(path, "members.xlsx")
    started = time.perf_counter()
    first = sheets.rows(path, layout)
    header, row = next(first), next(first)
    first.close()
    head_seconds = time.perf_counter() - started
    started = time.perf_counter()
    assert sum(1 for _ in sheets.rows(path, layout)) == 16_001
    whole_seconds = time.perf_counter() - started
    assert (header, row) == (["姓名", "手机", "生日", "标签"], ["会员1", "13500000001", "1990-01-02", "会员"])
    assert head_seconds < whole_seconds / 10, (head_seconds, whole_seconds)
