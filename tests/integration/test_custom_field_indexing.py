"""Making a field filterable on a tenant whose records hold values: the request only queues a job
(the field says its filter is being prepared, and the filter is a 409 until then); the job writes
the terms in batches with a checkpoint, goes on from it after a crash, and then the filter finds
exactly the records. Switched off meanwhile, the job stops and writes nothing more."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from api.state import Resources
from api.worker import JobWorker
from domain.custom_fields import indexing
from tenants.db import TenantScope, tenant_session
from tests.api.test_custom_fields import TIERS, _listed, define
from tests.factories import Actor, Api, expect
from tests.integration.test_exports import finished

API = "/api/v1"


@asynccontextmanager
async def worker(resources: Resources) -> AsyncIterator[None]:
    stop = asyncio.Event()
    task = asyncio.create_task(JobWorker(resources).run(stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


async def _field(api: Api, actor: Actor, field_id: str) -> Any:
    return expect(await api.client.get(f"{API}/custom-fields/{field_id}", headers=actor.headers), 200)


async def _index_job(api: Api, actor: Actor) -> Any:
    mine = expect(await api.client.get(f"{API}/jobs", headers=actor.headers), 200)["items"]
    return next(j for j in mine if j["kind"] == "custom_fields.index")


async def _ready(api: Api, actor: Actor, field_id: str, seconds: float = 30) -> Any:
    deadline = time.monotonic() + seconds
    while (field := await _field(api, actor, field_id))["filter_state"] != "ready":
        assert time.monotonic() < deadline, field
        await asyncio.sleep(0.1)
    return field


async def test_the_filter_waits_for_the_job_then_finds_the_records(api: Api, resources: Resources) -> None:
    t = await api.signup()
    h = t.owner.headers
    field = await define(api, t.owner, "tier", "select", options=TIERS)
    assert field["filter_state"] == "off"
    for i in range(3):
        await api.customer(t.owner, name=f"金{i}", custom={"tier": "gold"})
    await api.customer(t.owner, name="银", custom={"tier": "silver"})

    made = expect(
        await api.client.patch(f"{API}/custom-fields/{field['id']}", json={"filterable": True}, headers=h), 200
    )
    assert (made["filterable"], made["filter_state"]) == (True, "preparing")
    for headers, detail in (
        (h, "Filtering by this custom field is still being prepared; try again in a few minutes."),
        ({**h, "Accept-Language": "zh-CN"}, "按此自定义字段筛选仍在准备中，请几分钟后再试。"),
    ):
        early = await api.client.get(f"{API}/customers", params={"cf.tier": "gold"}, headers=headers)
        problem = expect(early, 409)
        assert (problem["code"], problem["detail"], problem["field"]) == (
            "custom_field_filter_preparing",
            detail,
            "cf.tier",
        )
    refused_export = await api.client.post(
        f"{API}/exports", json={"resource": "customers", "filters": {"custom": {"tier": "gold"}}}, headers=h
    )
    assert expect(refused_export, 409)["code"] == "custom_field_filter_preparing"
    # A customer written while the job waits writes her own terms: found too, once.
    await api.customer(t.owner, name="金3", custom={"tier": "gold"})

    async with worker(resources):
        job = await finished(api, t.owner, (await _index_job(api, t.owner))["id"])
        ready = await _ready(api, t.owner, field["id"])
    assert (job["state"], job["result"], job["progress"]) == ("succeeded", {"records": 5}, {"done": 5, "total": 5})
    assert ready["filter_state"] == "ready"
    assert await _listed(api, t.owner, "customers", {"cf.tier": "gold"}) == {"金0", "金1", "金2", "金3"}
    assert await _listed(api, t.owner, "customers", {"cf.tier": "silver"}) == {"银"}


async def test_a_job_run_again_goes_on_from_its_checkpoint(
    api: Api, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = await api.signup()
    h = t.owner.headers
    field = await define(api, t.owner, "tier", "select", options=TIERS)
    for i in range(5):
        await api.customer(t.owner, name=f"金{i}", custom={"tier": "gold"})
    expect(await api.client.patch(f"{API}/custom-fields/{field['id']}", json={"filterable": True}, headers=h), 200)
    job = await _index_job(api, t.owner)
    monkeypatch.setattr(indexing, "BATCH", 2)
    # A worker did one batch (committed with its checkpoint), then died.
    async with tenant_session(resources.sessions, TenantScope(uuid.UUID(t.id))) as session:
        assert await indexing._batch(session, uuid.UUID(t.id), uuid.UUID(field["id"]), uuid.UUID(job["id"])) == 2
    assert (await _field(api, t.owner, field["id"]))["filter_state"] == "preparing"

    async with worker(resources):
        done = await finished(api, t.owner, job["id"])
    assert (done["state"], done["result"]) == ("succeeded", {"records": 3})  # the other three, no more
    assert (await _field(api, t.owner, field["id"]))["filter_state"] == "ready"
    assert await _listed(api, t.owner, "customers", {"cf.tier": "gold"}) == {f"金{i}" for i in range(5)}


async def test_switched_off_while_preparing_the_job_stops_and_no_term_stays(api: Api, resources: Resources) -> None:
    t = await api.signup()
    h = t.owner.headers
    field = await define(api, t.owner, "tier", "select", options=TIERS)
    await api.customer(t.owner, name="金", custom={"tier": "gold"})
    expect(await api.client.patch(f"{API}/custom-fields/{field['id']}", json={"filterable": True}, headers=h), 200)
    job = await _index_job(api, t.owner)
    off = expect(
        await api.client.patch(f"{API}/custom-fields/{field['id']}", json={"filterable": False}, headers=h), 200
    )
    assert off["filter_state"] == "off"
    async with worker(resources):
        done = await finished(api, t.owner, job["id"])
    assert (done["state"], done["result"]) == ("succeeded", {"records": 0, "superseded": True})
    again = expect(
        await api.client.patch(f"{API}/custom-fields/{field['id']}", json={"filterable": True}, headers=h), 200
    )
    assert again["filter_state"] == "preparing"
    async with worker(resources):
        await _ready(api, t.owner, field["id"])
    assert await _listed(api, t.owner, "customers", {"cf.tier": "gold"}) == {"金"}


async def test_a_preparation_cancelled_before_it_ran_is_resumed_by_asking_again(api: Api, resources: Resources) -> None:
    t = await api.signup()
    h = t.owner.headers
    field = await define(api, t.owner, "tier", "select", options=TIERS)
    await api.customer(t.owner, name="金", custom={"tier": "gold"})
    url = f"{API}/custom-fields/{field['id']}"
    expect(await api.client.patch(url, json={"filterable": True}, headers=h), 200)
    first = await _index_job(api, t.owner)
    assert expect(await api.client.post(f"{API}/jobs/{first['id']}/cancel", headers=h), 200)["state"] == "cancelled"
    assert (await _field(api, t.owner, field["id"]))["filter_state"] == "preparing"  # nothing runs it now

    asked = expect(await api.client.patch(url, json={"filterable": True}, headers=h), 200)
    assert (asked["filter_state"], asked["version"]) == ("preparing", 2)  # no change to the definition
    mine = expect(await api.client.get(f"{API}/jobs", headers=h), 200)["items"]
    assert [(j["kind"], j["state"]) for j in mine] == [
        ("custom_fields.index", "queued"),
        ("custom_fields.index", "cancelled"),
    ]
    # Asked again while that one is queued: still one job.
    expect(await api.client.patch(url, json={"filterable": True}, headers=h), 200)
    assert len(expect(await api.client.get(f"{API}/jobs", headers=h), 200)["items"]) == 2
    async with worker(resources):
        await _ready(api, t.owner, field["id"])
    assert await _listed(api, t.owner, "customers", {"cf.tier": "gold"}) == {"金"}
