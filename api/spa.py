"""Serves the built SPA at `/`, with deep links (`/customers/…`) falling back to index.html."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from litestar import Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File

from api.security import PUBLIC

STATIC_DIR = Path(__file__).resolve().parent / "static"
_SERVER_PATHS = ("api", "schema", "health", "ready")


def _is_server_path(relative: str) -> bool:
    """Paths the API owns: never answered with the SPA, so unknown ones stay a 404 problem."""
    head = relative.split("/", 1)[0]
    return head in _SERVER_PATHS


def _index() -> Response[bytes]:
    index = STATIC_DIR / "index.html"
    if not index.is_file():
        return Response(
            b"<!doctype html><title>CRM</title><p>The SPA is not built yet: run <code>make build</code>.</p>",
            media_type="text/html",
            status_code=503,
        )
    return Response(index.read_bytes(), media_type="text/html", headers={"Cache-Control": "no-cache"})


@get("/", include_in_schema=False, opt={PUBLIC: True})
async def spa_root() -> Response[bytes]:
    return _index()


@get("/{path:path}", include_in_schema=False, opt={PUBLIC: True})
async def spa_files(path: FromPath[str]) -> Response[bytes] | File:
    relative = path.lstrip("/")
    if _is_server_path(relative):
        raise NotFoundException(f"No route for /{relative}")
    candidate = (STATIC_DIR / relative).resolve()
    if STATIC_DIR in candidate.parents and candidate.is_file():
        media_type = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
        cache = "public, max-age=31536000, immutable" if relative.startswith("assets/") else "no-cache"
        return File(candidate, media_type=media_type, headers={"Cache-Control": cache})
    if Path(relative).suffix and not relative.endswith(".html"):
        raise NotFoundException(f"No file /{relative}")
    return _index()
