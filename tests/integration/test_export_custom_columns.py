"""The customer export writes the tenant's custom fields as columns: headed by their labels in
the exporter's language, each value as a person reads it (option labels, a removed option marked,
yes/no words, dates, numbers), archived fields left out unless named; CSV and XLSX, cell by cell."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any
from xml.etree import ElementTree

from tests.factories import Actor, Api, Tenant, expect
from tests.integration.test_exports import ZH, export, finished, job_worker

API = "/api/v1"
__all__ = ["job_worker"]  # the fixture, used by name
TIERS = [
    {"value": "gold", "label_zh": "金卡", "label_en": "Gold"},
    {"value": "bronze", "label_zh": "铜卡", "label_en": "Bronze"},
]
HOBBIES = [
    {"value": "tea", "label_zh": "茶", "label_en": "Tea"},
    {"value": "hiking", "label_zh": "徒步", "label_en": ""},  # no English label: the Chinese one
]


async def _define(api: Api, actor: Actor, key: str, field_type: str, zh: str, en: str, **more: Any) -> Any:
    body = {"entity": "customer", "key": key, "type": field_type, "label_zh": zh, "label_en": en, **more}
    return expect(await api.client.post(f"{API}/custom-fields", json=body, headers=actor.headers), 201)


async def _tenant(api: Api) -> Tenant:
    t = await api.signup()
    o = t.owner
    await _define(api, o, "nickname", "text", "昵称", "Nickname")
    await _define(api, o, "visits", "number", "到店次数", "Visits")
    await _define(api, o, "credit", "decimal", "余额", "Credit")
    await _define(api, o, "joined_on", "date", "入会日期", "Joined on")
    await _define(api, o, "vip", "boolean", "贵宾", "VIP")
    tier = await _define(api, o, "tier", "select", "等级", "Tier", options=TIERS)
    await _define(api, o, "hobbies", "multiselect", "爱好", "", options=HOBBIES)
    old = await _define(api, o, "old_code", "text", "旧编号", "Old code")
    await api.customer(
        o,
        name="Alice Li",
        custom={
            "nickname": "Ali",
            "visits": 3,
            "credit": "12.50",
            "joined_on": "2026-03-01",
            "vip": True,
            "tier": "bronze",
            "hobbies": ["tea", "hiking"],
            "old_code": "A1",
        },
    )
    await api.customer(o, name="Bob Wu", custom={"vip": False, "tier": "gold"})  # newest: first in the file
    h = o.headers
    expect(
        await api.client.patch(
            f"{API}/custom-fields/{old['id']}", json={"archived": True}, headers={**h, "If-Match": '"1"'}
        ),
        200,
    )
    bronze_gone = {"options": TIERS[:1]}
    expect(
        await api.client.patch(f"{API}/custom-fields/{tier['id']}", json=bronze_gone, headers={**h, "If-Match": '"1"'}),
        200,
    )
    return t


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _sheet(content: bytes) -> list[list[Any]]:
    """The first sheet's cells, row by row: strings as text, numbers as floats, blanks as ""
    (read with the standard library, so the test trusts no spreadsheet package)."""
    book = zipfile.ZipFile(io.BytesIO(content))
    # S314 (untrusted XML): this is the file the server itself just wrote.
    shared: list[str] = []
    if "xl/sharedStrings.xml" in book.namelist():
        strings = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))  # noqa: S314
        shared = ["".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t")) for si in strings.findall("m:si", _NS)]
    rows: list[list[Any]] = []
    sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))  # noqa: S314
    for row in sheet.iter(f"{{{_NS['m']}}}row"):
        cells: list[Any] = []
        for cell in row.findall("m:c", _NS):
            column = re.match(r"[A-Z]+", cell.get("r", "")).group()  # type: ignore[union-attr]
            index = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(column))) - 1
            cells.extend([""] * (index - len(cells)))
            value = cell.findtext("m:v", "", _NS)
            if cell.get("t") == "inlineStr":  # what xlsxwriter writes in its constant-memory mode
                cells.append("".join(t.text or "" for t in cell.iter(f"{{{_NS['m']}}}t")))
            else:
                cells.append(shared[int(value)] if cell.get("t") == "s" else float(value))
        rows.append(cells)
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


async def _file(api: Api, actor: Actor, body: dict[str, Any], headers: dict[str, str] | None = None) -> bytes:
    done = await finished(api, actor, (await export(api, actor, body, headers))["id"])
    assert done["state"] == "succeeded", done
    return (await api.client.get(done["file_url"], headers=actor.headers)).content


async def test_custom_columns_in_a_csv_read_as_an_english_reader_reads_them(api: Api, job_worker: None) -> None:
    t = await _tenant(api)
    keys = ["nickname", "visits", "credit", "joined_on", "vip", "tier", "hobbies"]
    body = {"resource": "customers", "format": "csv", "columns": ["name"], "custom_columns": keys}
    rows = list(csv.reader(io.StringIO((await _file(api, t.owner, body)).decode("utf-8-sig"))))
    assert rows == [
        ["Name", "Nickname", "Visits", "Credit", "Joined on", "VIP", "Tier", "爱好"],
        ["Bob Wu", "", "", "", "", "No", "Gold", ""],
        ["Alice Li", "Ali", "3", "12.5", "2026-03-01", "Yes", "bronze (removed option)", "徒步, Tea"],
    ]

    # Every column (nothing named): the custom fields forms show follow the others, in form order.
    every = (await _file(api, t.owner, {"resource": "customers", "format": "csv"}, ZH)).decode("utf-8-sig")
    heading = next(csv.reader(io.StringIO(every)))
    assert heading[11:] == ["昵称", "到店次数", "余额", "入会日期", "贵宾", "等级", "爱好"]
    assert len(heading) == 18  # not the archived field
    # Columns named without custom ones: none of them (as before custom columns existed).
    named = (await _file(api, t.owner, {"resource": "customers", "format": "csv", "columns": ["name"]})).decode(
        "utf-8-sig"
    )
    assert named.splitlines() == ["Name", "Bob Wu", "Alice Li"]
    # An archived field is not offered, so naming it is a 422 like naming no field at all.
    refused = await api.client.post(
        f"{API}/exports",
        json={"resource": "customers", "custom_columns": ["old_code", "shoe"]},
        headers=t.owner.headers,
    )
    assert expect(refused, 422)["errors"] == [
        {"field": "custom_columns.old_code", "message": "is not a custom field of these records"},
        {"field": "custom_columns.shoe", "message": "is not a custom field of these records"},
    ]
    empty = await api.client.post(
        f"{API}/exports",
        json={"resource": "customers", "columns": [], "custom_columns": []},
        headers={**t.owner.headers, **ZH},
    )
    assert expect(empty, 422)["errors"] == [{"field": "columns", "message": "至少选择一列"}]


async def test_custom_columns_in_an_xlsx_in_chinese_with_numbers_as_numbers(api: Api, job_worker: None) -> None:
    t = await _tenant(api)
    body = {
        "resource": "customers",
        "format": "xlsx",
        "columns": [],
        "custom_columns": ["hobbies", "tier", "vip", "credit", "visits", "joined_on"],
    }
    assert _sheet(await _file(api, t.owner, body, ZH)) == [
        ["爱好", "等级", "贵宾", "余额", "到店次数", "入会日期"],
        ["", "金卡", "否", "", "", ""],
        ["徒步、茶", "bronze（已删除的选项）", "是", 12.5, 3.0, "2026-03-01"],
    ]
