"""Imports: upload a CSV or XLSX (multipart, streamed to the file store), see the preview, start
it with a mapping and a duplicate policy, follow its job, download its error report. An import
belongs to the staff user who uploaded it, and needs the permission of its resource (customers
`customers:import`, products `products:manage`): the routes check it once they know the resource,
after refusing at once a caller who may import nothing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import multipart
from litestar import Controller, Request, Response, get, post
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import FromPath, JSONBody
from litestar.response import Stream
from litestar.status_codes import HTTP_201_CREATED, HTTP_202_ACCEPTED

from api.deps import CtxDep
from api.openapi import PROBLEMS
from api.security import AUTHENTICATED, STAFF_ONLY, check_permission, resources
from domain.catalog import imports as product_imports
from domain.customers import imports as customer_imports
from domain.integrations import imports
from domain.integrations.import_views import import_out, settle
from domain.integrations.models import Import as ImportRow
from domain.integrations.schemas import Import, ImportStart
from tenants.context import Ctx
from tenants.errors import FieldError, Forbidden, Invalid, NotFound, invalid
from tenants.files import FileStore

UPLOAD = "upload"  # opt: the body is a multipart stream the input gate must not read (api/input.py)
IMPORTERS: dict[str, imports.Importer] = {"customers": customer_imports.IMPORTER, "products": product_imports.IMPORTER}
# The permission each resource's import needs: products reuse products:manage (an import is
# writing products in bulk, nothing a product manager may not do one by one).
PERMISSIONS = {"customers": "customers:import", "products": "products:manage"}
_STAFF = "An import belongs to the staff user who started it; API keys have none."
_OPT = {AUTHENTICATED: True, STAFF_ONLY: _STAFF}


def _may_import_something(ctx: Ctx) -> None:
    """403 before anything is read for a caller who may import no resource (naming the first)."""
    if not any(ctx.actor.can(p) for p in PERMISSIONS.values()):
        check_permission(ctx.actor, PERMISSIONS["customers"])


async def _own_import(ctx: Ctx, import_id: uuid.UUID, *, lock: bool = False) -> ImportRow:
    """The caller's import, once she may import its resource."""
    _may_import_something(ctx)
    row = await imports.get_import(ctx, import_id, lock=lock)
    check_permission(ctx.actor, PERMISSIONS[row.resource])
    return row


@dataclass
class _UploadOperation(Operation):
    """The contract of the upload: a multipart form Litestar cannot infer from a streamed body."""

    def __post_init__(self) -> None:
        form = Schema(
            type=OpenAPIType.OBJECT,
            required=["resource", "file"],
            properties={
                "resource": Schema(type=OpenAPIType.STRING, enum=sorted(IMPORTERS), description="What the rows are"),
                "file": Schema(
                    type=OpenAPIType.STRING,
                    format="binary",  # type: ignore[arg-type]  # OpenAPI's own word for a file part
                    description="CSV (UTF-8 with or without BOM, GB18030/GBK; , ; tab or |) or XLSX, ≤ 100 MB, "
                    "≤ 1,000,000 rows, headers in the first row",
                ),
            },
        )
        self.request_body = RequestBody(content={"multipart/form-data": OpenAPIMediaType(schema=form)}, required=True)


@dataclass
class _Form:
    fields: dict[str, str] = field(default_factory=dict)
    upload: imports.Upload | None = None
    file_name: str = ""


async def _read_form(request: Request[Any, Any, Any], files: FileStore, tenant_id: uuid.UUID) -> _Form:
    """The multipart body, its file part streamed into the file store chunk by chunk."""
    media, options = multipart.parse_options_header(request.headers.get("content-type", ""))
    if media != "multipart/form-data" or not options.get("boundary"):
        raise invalid("body", "must be multipart/form-data with a file part")
    form = _Form()
    parser = multipart.PushMultipartParser(options["boundary"], max_header_count=16)
    current: multipart.MultipartSegment | None = None
    text = bytearray()
    try:
        async for chunk in request.stream():
            for event in parser.parse(chunk):
                if isinstance(event, multipart.MultipartSegment):
                    current, text = event, bytearray()
                    if event.name == "file" and event.filename is not None and form.upload is None:
                        form.upload, form.file_name = imports.Upload(files, tenant_id), event.filename
                elif event is None:
                    if current is not None and current.name != "file":
                        form.fields[current.name] = text.decode("utf-8", errors="replace")
                    current = None
                elif current is not None and current.name == "file" and form.upload is not None:
                    form.upload.write(event)
                elif len(text) < 1024:
                    text += event
        for _ in parser.parse(b""):
            pass
    except multipart.ParserError as exc:
        if form.upload is not None:
            form.upload.discard()
        raise invalid("body", "is not a well-formed multipart form") from exc
    except BaseException:
        if form.upload is not None:
            form.upload.discard()
        raise
    return form


async def _out(ctx: Ctx, request: Request[Any, Any, Any], row: ImportRow) -> Import:
    files = resources(request).files
    await settle(ctx, row)
    return await import_out(
        ctx, files, IMPORTERS[row.resource], row, report=imports.report_path(files, row) is not None
    )


class ImportController(Controller):
    path = "/api/v1/imports"
    tags = ["Imports"]
    opt = _OPT

    @post(
        "/",
        operation_id="CreateImport",
        status_code=HTTP_201_CREATED,
        opt={UPLOAD: True, PROBLEMS: {413}},
        request_max_body_size=imports.MAX_BYTES + 64 * 1024,
        operation_class=_UploadOperation,
        summary="Upload a CSV or XLSX file to import (multipart: resource, file): its preview — encoding, "
        "delimiter, headers, suggested mapping, the first 20 rows checked (customers: customers:import, "
        "products: products:manage)",
    )
    async def create_import(self, ctx: CtxDep, request: Request[Any, Any, Any]) -> Response[Import]:
        _may_import_something(ctx)
        files = resources(request).files
        form = await _read_form(request, files, ctx.tenant_id)
        resource = form.fields.get("resource", "")
        importer = IMPORTERS.get(resource)
        errors = []
        if importer is None:
            errors.append(FieldError("resource", "must be one of: customers, products"))
        if form.upload is None:
            errors.append(FieldError("file", "is required"))
        if errors or importer is None or form.upload is None:
            if form.upload is not None:
                form.upload.discard()
            raise Invalid(errors)
        try:
            check_permission(ctx.actor, PERMISSIONS[resource])
        except Forbidden:
            form.upload.discard()
            raise
        form.upload.finish()
        row = await imports.receive(ctx, files, importer, form.upload, form.file_name)
        out = await import_out(ctx, files, importer, row, report=False)
        return Response(out, status_code=HTTP_201_CREATED, headers={"Location": f"/api/v1/imports/{row.id}"})

    @get("/{import_id:uuid}", operation_id="GetImport", summary="One of my imports: its preview, state and counts")
    async def get_import(self, ctx: CtxDep, request: Request[Any, Any, Any], import_id: FromPath[uuid.UUID]) -> Import:
        return await _out(ctx, request, await _own_import(ctx, import_id))

    @post(
        "/{import_id:uuid}/start",
        operation_id="StartImport",
        status_code=HTTP_202_ACCEPTED,
        summary="Run a previewed import with a mapping and a duplicate policy, or as a dry run: a job "
        "(follow it at /jobs/{job_id}); 409 once started",
    )
    async def start_import(
        self, ctx: CtxDep, request: Request[Any, Any, Any], import_id: FromPath[uuid.UUID], data: JSONBody[ImportStart]
    ) -> Response[Import]:
        row = await _own_import(ctx, import_id)
        started = await imports.start(
            ctx, IMPORTERS[row.resource], import_id, data.mapping, data.policy, data.match_by, data.dry_run
        )
        out = await _out(ctx, request, started)
        return Response(out, status_code=HTTP_202_ACCEPTED, headers={"Location": f"/api/v1/jobs/{started.job_id}"})

    @post(
        "/{import_id:uuid}/resume",
        operation_id="ResumeImport",
        status_code=HTTP_202_ACCEPTED,
        summary="Go on with a failed or cancelled import from its last committed batch: a new job; 409 otherwise",
    )
    async def resume_import(
        self, ctx: CtxDep, request: Request[Any, Any, Any], import_id: FromPath[uuid.UUID]
    ) -> Response[Import]:
        row = await _own_import(ctx, import_id, lock=True)
        await settle(ctx, row)
        resumed = await imports.resume(ctx, IMPORTERS[row.resource], import_id)
        out = await _out(ctx, request, resumed)
        return Response(out, status_code=HTTP_202_ACCEPTED, headers={"Location": f"/api/v1/jobs/{resumed.job_id}"})

    @get(
        "/{import_id:uuid}/errors",
        operation_id="DownloadImportErrors",
        summary="The error report of an ended import (CSV: row, column, reason, the original row); 404 when "
        "no row failed",
    )
    async def download_errors(
        self, ctx: CtxDep, request: Request[Any, Any, Any], import_id: FromPath[uuid.UUID]
    ) -> Stream:
        row = await _own_import(ctx, import_id)
        await settle(ctx, row)
        found = imports.report_path(resources(request).files, row)
        if found is None:
            raise NotFound("This import has no error report.", code="import_report_missing")
        path, size = found

        async def committed() -> AsyncIterator[bytes]:
            with path.open("rb") as source:
                left = size
                while left > 0 and (chunk := source.read(min(65536, left))):
                    left -= len(chunk)
                    yield chunk

        stem = row.file_name.rsplit(".", 1)[0] or "import"
        return Stream(
            committed(),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f"attachment; filename=\"errors.csv\"; filename*=UTF-8''{_quote(stem)}-errors.csv"
            },
        )


def _quote(text: str) -> str:
    return quote(text, safe="")
