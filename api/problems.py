"""RFC 9457 problem+json for every error, with a stable machine `code`."""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from tenants.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    PreconditionFailed,
    RateLimited,
    Unauthenticated,
    Unavailable,
)
from tenants.tokens import InvalidTokenError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("api.errors")

_STATUS: dict[type[DomainError], int] = {
    Unavailable: 503,  # before RateLimited, its base: the first match wins
    NotFound: 404,
    Conflict: 409,
    PreconditionFailed: 412,
    Forbidden: 403,
    Unauthenticated: 401,
    RateLimited: 429,
    Invalid: 422,
}
_TITLES = {
    400: "Bad request",
    401: "Unauthenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    428: "Precondition required",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}
_DEFAULT_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "version_mismatch",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
    503: "temporarily_unavailable",
}


def problem(
    status: int, code: str, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": f"https://errors.retail-crm.dev/{code}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _domain_status(exc: DomainError) -> int:
    for kind, status in _STATUS.items():
        if isinstance(exc, kind):
            return status
    return 400


def domain_error_handler(_: Request[Any, Any, Any], exc: DomainError) -> Response[dict[str, Any]]:
    status = _domain_status(exc)
    headers: dict[str, str] = {}
    extra: dict[str, Any] = dict(exc.extra)
    if isinstance(exc, Invalid):
        extra["errors"] = [{"field": e.field, "message": e.message} for e in exc.errors]
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, Unauthenticated):
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return problem(status, exc.code, exc.detail, headers=headers, **extra)


def token_error_handler(_: Request[Any, Any, Any], exc: InvalidTokenError) -> Response[dict[str, Any]]:
    return problem(
        401,
        "invalid_token",
        "The credentials are missing, malformed, expired or revoked.",
        headers={"WWW-Authenticate": 'Bearer realm="api"'},
    )


_PATH = re.compile(r"at `\$\.?([^`]*)`")
_UNKNOWN = re.compile(r"unknown field `([^`]+)`")
_MISSING = re.compile(r"missing required field `([^`]+)`")


def _dotted(path: str) -> str:
    """`lines[0].discount` → `lines.0.discount`: one field-path style in every 422."""
    return re.sub(r"\[(\d+)\]", r".\1", path)


def _field_errors(exc: ValidationException) -> list[dict[str, str]]:
    """Litestar/msgspec validation details → [{field, message}] with body field paths."""
    errors: list[dict[str, str]] = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        message = str(item.get("message", "is invalid")) if isinstance(item, dict) else str(item)
        key = str(item.get("key", "")) if isinstance(item, dict) else ""
        path = _PATH.search(message)
        named = _UNKNOWN.search(message) or _MISSING.search(message)
        if named:
            # Litestar strips the "at `$.x`" path from nested messages and passes it as the key
            # ("data" for the body itself).
            prefix = _dotted(path.group(1) if path else ("" if key in ("", "data") else key))
            name = named.group(1)
            field = f"{prefix}.{name}" if prefix and not prefix.endswith(name) else name
            text = "is not a known field" if named.re is _UNKNOWN else "is required"
            errors.append({"field": field.strip("."), "message": text})
            continue
        field = path.group(1) if path else key or "body"
        clean = _PATH.sub("", message).strip(" -")
        errors.append({"field": _dotted(field), "message": clean or "is invalid"})
    return errors or [{"field": "body", "message": exc.detail or "is invalid"}]


def http_error_handler(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    status = exc.status_code
    if isinstance(exc, ValidationException) or (status == 400 and isinstance(exc.extra, list)):
        return problem(422, "validation_failed", "The request has invalid fields.", errors=_field_errors(exc))  # type: ignore[arg-type]
    headers = dict(exc.headers or {})
    detail = exc.detail if status < 500 else "An unexpected error occurred."
    return problem(status, _DEFAULT_CODES.get(status, "error"), detail, headers=headers)


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, "internal_error", "An unexpected error occurred.")


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DomainError: domain_error_handler,
    InvalidTokenError: token_error_handler,
    HTTPException: http_error_handler,
    Exception: internal_error_handler,
}
