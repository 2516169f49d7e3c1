"""Exporting customers: a long job on PgQueuer that writes the list as the user sees it (her
store scope), in her language, as CSV for Chinese Excel or XLSX; audited; cancellable; the file
is the user's own."""

from __future__ import annotations

import asyncio
import io
import time
import zipfile
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio

from api.state import Resources
from api.worker import JobWorker
from tests.factories import Actor, Api, expect
from tests.orders_support import act, create_order, pay, shop

API = "/api/v1"
ZH = {"Accept-Language": "zh-CN"}


@pytest_asyncio.fixture(loop_scope="session")
async def job_worker(resources: Resources) -> AsyncIterator[None]:
    """The worker's PgQueuer queue manager, as `python -m api worker` runs it."""
    stop = asyncio.Event()
    task = asyncio.create_task(JobWorker(resources).run(stop))
    yield
    stop.set()
    await asyncio.wait_for(task, 15)


async def export(api: Api, actor: Actor, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    response = await api.client.post(f"{API}/exports", json=body, headers={**actor.headers, **(headers or {})})
    job = expect(response, 202)
    assert response.headers["location"] == f"/api/v1/jobs/{job['id']}"
    return job


async def finished(api: Api, actor: Actor, job_id: str, seconds: float = 30) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        job = expect(await api.client.get(f"{API}/jobs/{job_id}", headers=actor.headers), 200)
        if job["state"] in {"succeeded", "failed", "cancelled"}:
            return job
        assert time.monotonic() < deadline, f"the job is still {job['state']}: {job}"
        await asyncio.sleep(0.1)


async def test_a_store_manager_exports_her_stores_members_as_csv_for_chinese_excel(api: Api, job_worker: None) -> None:
    tenant = await api.signup()
    here = await api.store(tenant, "SH01")
    there = await api.store(tenant, "SH02")
    for n in range(3):
        await api.customer(tenant.owner, name=f"本店{n}", phone=f"1380013800{n}", home_store_id=here, tags=["VIP"])
    await api.customer(tenant.owner, name="别店", home_store_id=there)
    await api.customer(tenant.owner, name="散客")  # no home store: every store's
    manager = await api.user(tenant, "store_manager", scope={"kind": "store", "store_ids": [here]})
    await api.client.put(f"{API}/settings/customers", json={"visibility": "home_store"}, headers=tenant.owner.headers)

    job = await export(api, manager, {"resource": "customers", "format": "csv"}, ZH)
    assert (job["state"], job["file_url"]) == ("queued", None)
    done = await finished(api, manager, job["id"])

    assert done["state"] == "succeeded", done
    assert (done["progress"], done["result"]["rows"]) == ({"done": 4, "total": 4}, 4)
    response = await api.client.get(done["file_url"], headers=manager.headers)
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Chinese Excel needs to read UTF-8
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:4] == ["姓名", "手机", "邮箱", "性别"]
    names = sorted(line.split(",")[0] for line in lines[1:])
    assert names == ["散客", "本店0", "本店1", "本店2"]  # not the other store's member
    first = next(line for line in lines if line.startswith("本店0"))
    cells = first.split(",")
    assert (cells[1], cells[3], cells[5], cells[7]) == ("+8613800138000", "未知", "VIP", "SH01")

    audit = expect(
        await api.client.get(f"{API}/audit-log", params={"action": "export.customers"}, headers=tenant.owner.headers),
        200,
    )
    assert [(e["changes"]["rows"], e["changes"]["format"]) for e in audit["items"]] == [(4, "csv")]


async def test_an_xlsx_export_with_chosen_columns_and_a_filter(api: Api, job_worker: None) -> None:
    tenant = await api.signup()
    await api.customer(tenant.owner, name="Alice Li", tags=["VIP"])
    await api.customer(tenant.owner, name="Bob Wu")
    body = {"resource": "customers", "format": "xlsx", "columns": ["name", "tags"], "filters": {"tag": "VIP"}}
    done = await finished(api, tenant.owner, (await export(api, tenant.owner, body))["id"])

    assert (done["state"], done["result"]["rows"]) == ("succeeded", 1)
    assert done["result"]["filename"].endswith(".xlsx")
    content = (await api.client.get(done["file_url"], headers=tenant.owner.headers)).content
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    shared = zipfile.ZipFile(io.BytesIO(content)).namelist()
    text = sheet + "".join(
        zipfile.ZipFile(io.BytesIO(content)).read(n).decode() for n in shared if n.endswith("sharedStrings.xml")
    )
    assert ("Alice Li" in text, "Name" in text, "Tags" in text) == (True, True, True)
    assert "Bob Wu" not in text


async def test_an_export_keeps_the_lists_custom_field_filters(api: Api, job_worker: None) -> None:
    tenant = await api.signup()
    h = tenant.owner.headers
    field = {"entity": "customer", "key": "tier", "type": "select", "label_en": "Tier", "filterable": True}
    field["options"] = [{"value": "gold"}, {"value": "silver"}]
    expect(await api.client.post(f"{API}/custom-fields", json=field, headers=h), 201)
    await api.customer(tenant.owner, name="Gold Li", custom={"tier": "gold"})
    await api.customer(tenant.owner, name="Silver Wu", custom={"tier": "silver"})
    body = {"resource": "customers", "format": "csv", "columns": ["name"], "filters": {"custom": {"tier": "gold"}}}
    done = await finished(api, tenant.owner, (await export(api, tenant.owner, body))["id"])
    assert (done["state"], done["result"]["rows"]) == ("succeeded", 1)
    content = (await api.client.get(done["file_url"], headers=h)).content.decode("utf-8-sig")
    assert ("Gold Li" in content, "Silver Wu" in content) == (True, False)
    refused = await api.client.post(
        f"{API}/exports", json={"resource": "customers", "filters": {"custom": {"tier": "bronze"}}}, headers=h
    )
    assert expect(refused, 422)["errors"] == [{"field": "cf.tier", "message": "is not one of the field's options"}]


async def test_a_queued_export_is_cancelled_and_never_runs(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    await api.customer(tenant.owner, name="周一")
    job = await export(api, tenant.owner, {"resource": "customers"})
    cancelled = expect(await api.client.post(f"{API}/jobs/{job['id']}/cancel", headers=tenant.owner.headers), 200)
    assert cancelled["state"] == "cancelled"
    again = await api.client.post(f"{API}/jobs/{job['id']}/cancel", headers=tenant.owner.headers)
    assert expect(again, 409)["code"] == "job_ended"

    stop = asyncio.Event()
    worker = asyncio.create_task(JobWorker(resources).run(stop))
    await asyncio.sleep(1.5)  # the worker takes the entry and finds the job ended
    stop.set()
    await asyncio.wait_for(worker, 15)
    after = expect(await api.client.get(f"{API}/jobs/{job['id']}", headers=tenant.owner.headers), 200)
    assert (after["state"], after["result"], after["file_url"]) == ("cancelled", None, None)
    file = await api.client.get(f"{API}/jobs/{job['id']}/file", headers=tenant.owner.headers)
    assert expect(file, 409)["code"] == "job_not_finished"


async def test_a_job_is_its_users_alone(api: Api) -> None:
    tenant = await api.signup()
    colleague = await api.user(tenant, "store_manager")
    job = await export(api, tenant.owner, {"resource": "customers"})
    assert (await api.client.get(f"{API}/jobs/{job['id']}", headers=colleague.headers)).status_code == 404
    mine = expect(await api.client.get(f"{API}/jobs", headers=tenant.owner.headers), 200)
    assert [j["id"] for j in mine["items"]] == [job["id"]]
    assert expect(await api.client.get(f"{API}/jobs", headers=colleague.headers), 200)["items"] == []
    sales = await api.user(tenant, "sales")
    refused = await api.client.post(f"{API}/exports", json={"resource": "customers"}, headers=sales.headers)
    assert expect(refused, 403)["code"] == "permission_denied"
    unknown = await api.client.post(f"{API}/exports", json={"resource": "planets"}, headers=tenant.owner.headers)
    assert unknown.status_code == 422


async def test_orders_export_as_the_list_shows_them_to_a_store_manager(
    api: Api, resources: Resources, job_worker: None
) -> None:
    s = await shop(api, resources)
    owner = s.tenant.owner
    member = await create_order(api, owner, s, [{"product_id": s.products["A"], "quantity": 1}])
    await act(api, owner, member["id"], "submit")
    await pay(api, owner, member["id"], "40.00")
    walk_in = await api.client.post(
        f"{API}/orders",
        json={"store_id": s.store_id, "channel": "store", "lines": [{"product_id": s.products["B"], "quantity": 1}]},
        headers=owner.headers,
    )
    expect(walk_in, 201)
    other = await api.store(s.tenant, "SH02")
    await api.client.post(
        f"{API}/inventory/adjustments",
        json={
            "store_id": other,
            "product_id": s.products["B"],
            "quantity_delta": 3,
            "reason": "到货",
            "kind": "receipt",
        },
        headers=owner.headers,
    )
    elsewhere = {"store_id": other, "channel": "store", "lines": [{"product_id": s.products["B"], "quantity": 1}]}
    expect(await api.client.post(f"{API}/orders", json=elsewhere, headers=owner.headers), 201)
    manager = await api.user(s.tenant, "store_manager", scope={"kind": "store", "store_ids": [s.store_id]})

    body = {
        "resource": "orders",
        "format": "csv",
        "columns": ["number", "status", "payment_state", "store", "customer", "total", "paid_total"],
    }
    done = await finished(api, manager, (await export(api, manager, body, ZH))["id"])

    assert (done["state"], done["result"]["rows"]) == ("succeeded", 2), done
    lines = (await api.client.get(done["file_url"], headers=manager.headers)).content.decode("utf-8-sig").splitlines()
    assert lines[0] == "订单号,状态,付款,门店,客户,金额,已付"
    rows = sorted(line.split(",")[1:] for line in lines[1:])
    assert rows == [
        ["已审批", "部分付款", "SH01", "张三丰", "100.00", "40.00"],
        ["草稿", "未付款", "SH01", "散客", "35.50", "0.00"],
    ]
    sales = await api.user(s.tenant, "sales")
    refused = await api.client.post(f"{API}/exports", json={"resource": "orders"}, headers=sales.headers)
    assert expect(refused, 403)["permission"] == "orders:export"
