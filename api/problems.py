"""RFC 9457 problem+json for every error, with a stable machine `code`; `title`, `detail` and the
field `message`s in the request's language (tenants.messages: the English text is the msgid)."""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from tenants.db import RETRY_AFTER_SECONDS, unreachable
from tenants.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    PreconditionFailed,
    RateLimited,
    TooLarge,
    Unauthenticated,
    Unavailable,
)
from tenants.messages import Lang, negotiate, translate
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
    TooLarge: 413,
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


def request_lang(request: Request[Any, Any, Any]) -> Lang:
    """The language of the request's problems: its `Accept-Language`, else English (README "Languages")."""
    return negotiate(request.headers.get("accept-language"))


def problem(
    status: int,
    code: str,
    detail: str,
    *,
    lang: str = "en",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[dict[str, Any]]:
    """The one place a problem is built: title, detail and field messages rendered in `lang`."""
    if isinstance(errors := extra.get("errors"), list):
        extra["errors"] = [
            {**e, "message": translate(str(e["message"]), lang)} if isinstance(e, dict) and "message" in e else e
            for e in errors
        ]
    body: dict[str, Any] = {
        "type": f"https://errors.retail-crm.dev/{code}",
        "title": translate(_TITLES.get(status, "Error"), lang),
        "status": status,
        "detail": translate(detail, lang),
        "code": code,
        **extra,
    }
    headers = {**(headers or {}), "Content-Language": lang, "Vary": "Accept-Language"}
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _domain_status(exc: DomainError) -> int:
    for kind, status in _STATUS.items():
        if isinstance(exc, kind):
            return status
    return 400


def domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[dict[str, Any]]:
    status = _domain_status(exc)
    headers: dict[str, str] = {}
    extra: dict[str, Any] = dict(exc.extra)
    if isinstance(exc, Invalid):
        extra["errors"] = [{"field": e.field, "message": e.message} for e in exc.errors]
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, Unauthenticated):
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return problem(status, exc.code, exc.detail, lang=request_lang(request), headers=headers, **extra)


def token_error_handler(request: Request[Any, Any, Any], exc: InvalidTokenError) -> Response[dict[str, Any]]:
    return problem(
        401,
        "invalid_token",
        "The credentials are missing, malformed, expired or revoked.",
        lang=request_lang(request),
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


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    status = exc.status_code
    lang = request_lang(request)
    if isinstance(exc, ValidationException) or (status == 400 and isinstance(exc.extra, list)):
        errors = _field_errors(exc)  # type: ignore[arg-type]
        return problem(422, "validation_failed", "The request has invalid fields.", lang=lang, errors=errors)
    headers = dict(exc.headers or {})
    detail = exc.detail if status < 500 else "An unexpected error occurred."
    return problem(status, _DEFAULT_CODES.get(status, "error"), detail, lang=lang, headers=headers)


_unreachable_noted = [-60.0, 0]  # when the last warning was logged, requests answered 503 since


def _note_unreachable(request: Request[Any, Any, Any], exc: Exception) -> None:
    """One warning a minute while the database is out of reach, with the count of the rest."""
    now = time.monotonic()
    if now - _unreachable_noted[0] < 60:
        _unreachable_noted[1] += 1
        return
    also = f" ({_unreachable_noted[1]} more requests in the last minute)" if _unreachable_noted[1] else ""
    _unreachable_noted[:] = [now, 0]
    log.warning("database unreachable on %s %s: %s%s", request.method, request.url.path, type(exc).__name__, also)


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    if unreachable(exc):
        # Lost or refused, not rejected: the client may retry. A cut COMMIT may have committed;
        # with the same Idempotency-Key the retry replays it instead of writing twice.
        _note_unreachable(request, exc)
        lost = Unavailable(
            "The database could not be reached, so the change may not have been saved; retry shortly "
            "(with the same Idempotency-Key, a retry never applies it twice).",
            retry_after=RETRY_AFTER_SECONDS,
            code="database_unavailable",
        )
        return domain_error_handler(request, lost)
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(
        HTTP_500_INTERNAL_SERVER_ERROR, "internal_error", "An unexpected error occurred.", lang=request_lang(request)
    )


def problem_for(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """The problem the exception handlers below give for `exc`, for code that answers outside them."""
    kind = next(k for k in type(exc).__mro__ if k in EXCEPTION_HANDLERS)
    handler: Any = EXCEPTION_HANDLERS[kind]
    response: Response[dict[str, Any]] = handler(request, exc)
    return response


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DomainError: domain_error_handler,
    InvalidTokenError: token_error_handler,
    HTTPException: http_error_handler,
    Exception: internal_error_handler,
}
