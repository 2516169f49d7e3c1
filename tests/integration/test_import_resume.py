"""An import whose worker dies goes on from its last committed batch when its job runs again (as
PgQueuer hands a job with a stale heartbeat to another worker): exactly the file's customers, none
twice, every bad row reported once. A worker that dies after writing a batch's report lines but
before its commit leaves them out of the report. A cancelled import is resumed the same way."""

from __future__ import annotations

import csv
import io
import os
from typing import Any

import pytest

from api.state import Resources
from domain.integrations import imports
from tests.factories import Api, expect
from tests.imports_support import API, gbk_csv, run_job, start, upload

ROWS = 95  # ten batches of 10, the last one short; every 7th row is bad


class Killed(BaseException):
    """The worker process dying: no handler of the job sees it (it is no Exception)."""


def _file() -> bytes:
    lines = []
    for n in range(ROWS):
        phone = "123" if n % 7 == 3 else f"1380000{n:04d}"
        lines.append(f"客户{n},{phone},,,,")
    return gbk_csv(*lines)


async def _count(api: Api, headers: dict[str, str]) -> int:
    total, cursor = 0, None
    while True:
        params: dict[str, Any] = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        page = expect(await api.client.get(f"{API}/customers", params=params, headers=headers), 200)
        total += len(page["items"])
        if not (cursor := page["next_cursor"]):
            return total


BAD = [n for n in range(ROWS) if n % 7 == 3]


async def _check_finished(api: Api, headers: dict[str, str], import_id: str) -> None:
    done = expect(await api.client.get(f"{API}/imports/{import_id}", headers=headers), 200)
    assert done["status"] == "done", done
    assert done["counts"] == {"read": ROWS, "created": ROWS - len(BAD), "updated": 0, "skipped": 0, "failed": len(BAD)}
    assert done["checkpoint"] == ROWS
    assert await _count(api, headers) == ROWS - len(BAD)
    report = (await api.client.get(done["error_report_url"], headers=headers)).content.decode("utf-8-sig")
    rows = [line[0] for line in csv.reader(io.StringIO(report))][1:]
    assert rows == [str(n + 2) for n in BAD]  # each bad row once, by its row number in the file


async def test_a_worker_killed_between_batches_resumes_at_the_next_one(
    api: Api, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "BATCH", 10)
    tenant = await api.signup()
    preview = await upload(api, tenant.owner, _file())
    started = await start(api, tenant.owner, preview["id"], {"mapping": preview["mapping"]})

    real = imports._batch
    calls = 0

    async def dies_after_three(*args: Any) -> int:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise Killed
        return await real(*args)

    monkeypatch.setattr(imports, "_batch", dies_after_three)
    with pytest.raises(Killed):
        await run_job(resources, tenant.id, started["job_id"])
    halfway = expect(await api.client.get(f"{API}/imports/{preview['id']}", headers=tenant.owner.headers), 200)
    assert (halfway["status"], halfway["checkpoint"], halfway["counts"]["read"]) == ("running", 30, 30)
    job = expect(await api.client.get(f"{API}/jobs/{started['job_id']}", headers=tenant.owner.headers), 200)
    assert job["state"] == "running"  # what a dead worker leaves: PgQueuer runs it again later
    assert await _count(api, tenant.owner.headers) == 30 - len([n for n in BAD if n < 30])

    await run_job(resources, tenant.id, started["job_id"])  # another worker takes the job
    await _check_finished(api, tenant.owner.headers, preview["id"])


async def test_a_worker_killed_inside_a_batch_leaves_neither_its_rows_nor_its_report_lines(
    api: Api, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "BATCH", 10)
    tenant = await api.signup()
    preview = await upload(api, tenant.owner, _file())
    started = await start(api, tenant.owner, preview["id"], {"mapping": preview["mapping"]})
    synced, real_fsync = 0, os.fsync

    def dies_at_the_fifth_sync(fd: int) -> None:
        nonlocal synced
        synced += 1
        if synced == 5:  # batch 5's rows are written and its report lines are on disk; no commit yet
            raise Killed
        real_fsync(fd)

    monkeypatch.setattr(imports.os, "fsync", dies_at_the_fifth_sync)
    with pytest.raises(Killed):
        await run_job(resources, tenant.id, started["job_id"])
    halfway = expect(await api.client.get(f"{API}/imports/{preview['id']}", headers=tenant.owner.headers), 200)
    assert halfway["checkpoint"] == 40
    monkeypatch.setattr(imports.os, "fsync", real_fsync)

    await run_job(resources, tenant.id, started["job_id"])
    await _check_finished(api, tenant.owner.headers, preview["id"])


async def test_a_cancelled_import_keeps_its_batches_and_resumes_from_them(
    api: Api, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "BATCH", 10)
    tenant = await api.signup()
    preview = await upload(api, tenant.owner, _file())
    started = await start(api, tenant.owner, preview["id"], {"mapping": preview["mapping"]})
    real = imports._batch
    calls = 0

    async def cancels_during_the_second(*args: Any) -> int:
        nonlocal calls
        calls += 1
        if calls == 2:
            cancel = await api.client.post(f"{API}/jobs/{started['job_id']}/cancel", headers=tenant.owner.headers)
            assert cancel.status_code == 200
        return await real(*args)

    monkeypatch.setattr(imports, "_batch", cancels_during_the_second)
    await run_job(resources, tenant.id, started["job_id"])
    stopped = expect(await api.client.get(f"{API}/imports/{preview['id']}", headers=tenant.owner.headers), 200)
    assert (stopped["status"], stopped["checkpoint"], stopped["counts"]["read"]) == ("cancelled", 20, 20)
    job = expect(await api.client.get(f"{API}/jobs/{started['job_id']}", headers=tenant.owner.headers), 200)
    assert job["state"] == "cancelled"
    assert stopped["error_report_url"] == f"/api/v1/imports/{preview['id']}/errors"  # the rows so far

    monkeypatch.setattr(imports, "_batch", real)
    resumed = expect(await api.client.post(f"{API}/imports/{preview['id']}/resume", headers=tenant.owner.headers), 202)
    assert (resumed["status"], resumed["checkpoint"]) == ("running", 20)
    assert resumed["job_id"] != started["job_id"]
    again = await api.client.post(f"{API}/imports/{preview['id']}/resume", headers=tenant.owner.headers)
    assert expect(again, 409)["code"] == "import_not_resumable"
    await run_job(resources, tenant.id, resumed["job_id"])
    await _check_finished(api, tenant.owner.headers, preview["id"])
    audit = expect(
        await api.client.get(f"{API}/audit-log", params={"action": "import.customers"}, headers=tenant.owner.headers),
        200,
    )
    assert sorted((e["changes"]["status"], e["changes"]["read"]) for e in audit["items"]) == [
        ("cancelled", 20),
        ("done", ROWS),
    ]


async def test_a_job_cancelled_before_any_worker_took_it_can_be_resumed(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    preview = await upload(api, tenant.owner, gbk_csv("张三,13800138000,,,,"))
    started = await start(api, tenant.owner, preview["id"], {"mapping": preview["mapping"]})
    expect(await api.client.post(f"{API}/jobs/{started['job_id']}/cancel", headers=tenant.owner.headers), 200)
    stopped = expect(await api.client.get(f"{API}/imports/{preview['id']}", headers=tenant.owner.headers), 200)
    assert (stopped["status"], stopped["checkpoint"]) == ("cancelled", 0)
    resumed = expect(await api.client.post(f"{API}/imports/{preview['id']}/resume", headers=tenant.owner.headers), 202)
    await run_job(resources, tenant.id, resumed["job_id"])
    done = expect(await api.client.get(f"{API}/imports/{preview['id']}", headers=tenant.owner.headers), 200)
    assert (done["status"], done["counts"]["created"]) == ("done", 1)
