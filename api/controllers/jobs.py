"""Long jobs: exports now (imports next). A job belongs to the user who started it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import File
from litestar.status_codes import HTTP_202_ACCEPTED

from api.deps import CtxDep
from api.openapi import PROBLEMS
from api.params import Cursor, Limit
from api.security import AUTHENTICATED, STAFF_ONLY, check_permission, resources
from domain.customers import exports as customer_exports
from domain.customers.schemas import CustomerExport
from domain.integrations import jobs
from domain.integrations.models import Job as JobRow
from domain.integrations.schemas import Job, job_out
from domain.orders import exports as order_exports
from domain.orders.schemas import OrderExport
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.errors import Conflict, NotFound
from tenants.files import FileStore
from tenants.pagination import DEFAULT_LIMIT, Page

_STAFF = "A job belongs to the staff user who started it; API keys have none."


def _out(ctx: Ctx, files: FileStore, row: JobRow) -> Job:
    return job_out(row, ctx.meta.lang, file_available=_file_of(files, row) is not None)


def _file_of(files: FileStore, row: JobRow) -> Path | None:
    file_id = (row.result or {}).get("file_id")
    if row.state != jobs.JobState.SUCCEEDED or not file_id or (row.expires_at and row.expires_at < utcnow()):
        return None
    return files.path(row.tenant_id, uuid.UUID(file_id))


class ExportController(Controller):
    path = "/api/v1/exports"
    tags = ["Jobs"]

    @post(
        "/",
        operation_id="CreateExport",
        status_code=HTTP_202_ACCEPTED,
        opt={AUTHENTICATED: True, STAFF_ONLY: _STAFF, PROBLEMS: {409}},
        summary="Export the customer or order list as it is filtered (CSV or XLSX): a job; follow it at "
        "Location, download its file (customers:export or orders:export)",
    )
    async def create_export(self, ctx: CtxDep, data: JSONBody[CustomerExport | OrderExport]) -> Response[Job]:
        if isinstance(data, CustomerExport):
            check_permission(ctx.actor, "customers:export")
            kind, spec = customer_exports.KIND, msgspec.to_builtins(await customer_exports.spec_of(ctx, data))
        else:
            check_permission(ctx.actor, "orders:export")
            kind, spec = order_exports.KIND, msgspec.to_builtins(order_exports.spec_of(data))
        row = await jobs.enqueue(ctx, kind, {"spec": spec})
        job = job_out(row, ctx.meta.lang, file_available=False)
        return Response(job, status_code=HTTP_202_ACCEPTED, headers={"Location": f"/api/v1/jobs/{row.id}"})


class JobController(Controller):
    path = "/api/v1/jobs"
    tags = ["Jobs"]
    opt = {AUTHENTICATED: True, STAFF_ONLY: _STAFF}

    @get("/", operation_id="ListMyJobs", summary="My recent jobs, newest first")
    async def list_jobs(
        self, ctx: CtxDep, request: Request[Any, Any, Any], limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> Page[Job]:
        files = resources(request).files
        rows, next_cursor = await jobs.my_jobs(ctx, limit, cursor)
        return Page(items=[_out(ctx, files, row) for row in rows], next_cursor=next_cursor)

    @get("/{job_id:uuid}", operation_id="GetJob", summary="One of my jobs: its state and progress")
    async def get_job(self, ctx: CtxDep, request: Request[Any, Any, Any], job_id: FromPath[uuid.UUID]) -> Job:
        return _out(ctx, resources(request).files, await jobs.get_job(ctx, job_id))

    @post(
        "/{job_id:uuid}/cancel",
        operation_id="CancelJob",
        status_code=200,
        opt={PROBLEMS: {409}},
        summary="Stop one of my jobs (a running one stops at its next progress step); 409 once it has ended",
    )
    async def cancel_job(self, ctx: CtxDep, request: Request[Any, Any, Any], job_id: FromPath[uuid.UUID]) -> Job:
        return _out(ctx, resources(request).files, await jobs.cancel(ctx, job_id))

    @get(
        "/{job_id:uuid}/file",
        operation_id="DownloadJobFile",
        opt={PROBLEMS: {409}},
        summary="The file an export made, until it expires (24 h); 409 while the job has not succeeded",
    )
    async def download(self, ctx: CtxDep, request: Request[Any, Any, Any], job_id: FromPath[uuid.UUID]) -> File:
        row = await jobs.get_job(ctx, job_id)
        if row.state != jobs.JobState.SUCCEEDED:
            raise Conflict("The job has not finished.", code="job_not_finished")
        found = _file_of(resources(request).files, row)
        if found is None:
            raise NotFound("The file of this job is no longer available; export again.", code="job_file_gone")
        filename = str((row.result or {}).get("filename", "export"))
        return File(path=found, filename=filename, content_disposition_type="attachment")
