"""Helpers of the import suites: upload a file, start it, run its job as the worker would."""

from __future__ import annotations

from typing import Any

import msgspec

from api.state import Resources
from api.worker import build_job_handlers
from domain.integrations import jobs
from tests.factories import Actor, Api, expect

API = "/api/v1"
ZH = {"Accept-Language": "zh-CN"}
GBK_HEADERS = "姓名,手机,邮箱,生日,门店,标签"


def gbk_csv(*lines: str) -> bytes:
    """A CSV as Chinese Excel saves it (GBK, CRLF)."""
    return ("\r\n".join([GBK_HEADERS, *lines]) + "\r\n").encode("gbk")


async def upload(
    api: Api,
    actor: Actor,
    content: bytes,
    name: str = "客户.csv",
    headers: dict[str, str] | None = None,
    status: int = 201,
    resource: str = "customers",
) -> Any:
    response = await api.client.post(
        f"{API}/imports",
        data={"resource": resource},
        files={"file": (name, content, "text/csv")},
        headers={**actor.headers, **(headers or {})},
    )
    body = expect(response, status)
    if status == 201:
        assert response.headers["location"] == f"/api/v1/imports/{body['id']}"
    return body


async def start(api: Api, actor: Actor, import_id: str, body: dict[str, Any], status: int = 202) -> Any:
    response = await api.client.post(f"{API}/imports/{import_id}/start", json=body, headers=actor.headers)
    return expect(response, status)


async def run_job(resources: Resources, tenant_id: str, job_id: str) -> None:
    """The job, run to its end exactly as the worker's PgQueuer entrypoint runs it."""
    entry = msgspec.json.encode({"tenant_id": tenant_id, "job_id": job_id})
    await jobs.run(resources.sessions, resources.files, build_job_handlers(resources), entry)


async def imported(
    api: Api,
    resources: Resources,
    actor: Actor,
    content: bytes,
    choices: dict[str, Any],
    name: str = "客户.csv",
    resource: str = "customers",
) -> Any:
    """Upload, start with `choices` (the suggested mapping unless given) and run: the import at its end."""
    preview = await upload(api, actor, content, name, resource=resource)
    started = await start(api, actor, preview["id"], {"mapping": preview["mapping"], **choices})
    await run_job(resources, actor.tenant_id, started["job_id"])
    return expect(await api.client.get(f"{API}/imports/{preview['id']}", headers=actor.headers), 200)


async def customers(api: Api, actor: Actor, **params: Any) -> list[dict[str, Any]]:
    page = expect(await api.client.get(f"{API}/customers", params={"limit": 100, **params}, headers=actor.headers), 200)
    return list(page["items"])
