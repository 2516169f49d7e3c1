"""The input gate: what neither PostgreSQL nor Python can hold is refused before any handler runs,
with the problem a client can act on, so no route has to think of it.

- A NUL character, in the query string, the path or any JSON string (PostgreSQL text cannot
  store it): 422 naming the field.
- JSON nested deeper than `MAX_DEPTH` (the decoder would recurse out of the stack): 422.
- A body that is not JSON (`Content-Type` other than `application/json` or `…+json`): 415.
- An id in the path in any form but the canonical one (braces, `urn:uuid:`, no dashes — Python's
  UUID() accepts them all): 404, as for any URL that names nothing; in a query filter: 422.
- A query parameter in any form but its one: a time not RFC 3339 with its offset (Litestar also
  takes `0.5` as a Unix timestamp, and naive times), a boolean not `true`/`false`, `null` for an
  optional filter, a choice not among its values; or given twice when it takes one value: 422.
- A body that is not its route's type *exactly*: Litestar converts leniently (`"2"` for an
  integer, `0` for a boolean, `{…}`-braced UUIDs), so the body is decoded strictly against the
  route's `data` type first; a mismatch is the usual 422 naming the field. A whole number written
  `5.0` is an integer, as in JSON Schema.
- Money, rates and percentages written in any form but their grammar (`tenants/decimals.py`: a
  JSON string of ASCII digits with the stored number of places — not `12`, `"1e3"`, `"1_000"`,
  `"１２"` or `"0.001"`): 422 naming the field, checked on the raw text the decoder would lose.

The NUL and depth checks cost a byte search on the common path; the strict decode is msgspec's
(microseconds for a request body). Litestar caches the body, so the handler does not read it again.
"""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, unquote

import msgspec
from litestar import Request, Response
from litestar.constants import RESERVED_KWARGS
from litestar.exceptions import ValidationException

from api.problems import http_error_handler, problem, request_lang
from tenants.decimals import decimal_fields, misspelt

MAX_DEPTH = 32
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_NUL_ESCAPE = b"\\u0000"


def _refuse(field: str, message: str, lang: str) -> Response[dict[str, Any]]:
    return _refuse_all([(field, message)], lang)


def _refuse_all(fields: list[tuple[str, str]], lang: str) -> Response[dict[str, Any]]:
    errors = [{"field": field, "message": message} for field, message in fields]
    return problem(422, "validation_failed", "The request has invalid fields.", lang=lang, errors=errors)


def _nul_in_query(query: bytes) -> str | None:
    """The name of the first query parameter holding a NUL, if any."""
    lowered = query.lower()
    if b"%00" not in lowered and b"\x00" not in lowered:
        return None
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return name.replace("\x00", "") or "query"
    return "query"


def _nul_path(value: Any, path: str = "") -> str | None:
    """The dotted path of the first JSON string (or key) holding a NUL."""
    if isinstance(value, str):
        return (path or "body") if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if "\x00" in key:
                return name.replace("\x00", "")
            if found := _nul_path(item, name):
                return found
    if isinstance(value, list):
        for i, item in enumerate(value):
            if found := _nul_path(item, f"{path}.{i}" if path else str(i)):
                return found
    return None


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest (iteratively: the point is not to recurse)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
# RFC 3339 date-time, offset required (the contract's `format: date-time`): Litestar's datetime
# conversion also takes Unix timestamps (`0.5`) and naive times, which name no moment.
_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})", re.ASCII
)
_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_BOOLEAN = re.compile(r"true|false")
_FILTER_FORMS: dict[type, tuple[re.Pattern[str], str]] = {
    uuid.UUID: (_CANONICAL_UUID, "must be an id written 8-4-4-4-12"),
    datetime: (_RFC3339, "must be an RFC 3339 date-time with an offset, e.g. 2026-03-01T00:00:00+08:00"),
    # Litestar reads `True`, `1` or `null` (→ None) for a boolean or any optional filter.
    bool: (_BOOLEAN, "must be true or false"),
    int: (_INTEGER, "must be a whole number"),
}


@dataclass(frozen=True, slots=True)
class _QueryParameter:
    form: re.Pattern[str] | None  # None: any text
    message: str
    repeatable: bool  # a list: `?tag=a&tag=b`


_query_parameters: dict[int, dict[str, _QueryParameter]] = {}


def _form(types: list[Any]) -> tuple[re.Pattern[str] | None, str]:
    for kind in types:
        if kind in _FILTER_FORMS:
            return _FILTER_FORMS[kind]
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            values = [str(member.value) for member in kind]
            return re.compile("|".join(map(re.escape, values))), f"must be one of: {', '.join(values)}"
    return None, ""


def _parameters(request: Request[Any, Any, Any]) -> dict[str, _QueryParameter]:
    """The route's query parameters with their one written form (ids, moments, booleans, numbers,
    choices), worked out once per route handler."""
    handler = request.route_handler
    found = _query_parameters.get(id(handler))
    if found is None:
        found = {}
        skip = RESERVED_KWARGS | set(handler.resolve_dependencies()) | set(request.path_params)
        for name, field in handler.parsed_fn_signature.parameters.items():
            kwarg = field.kwarg_definition
            if name in skip or getattr(kwarg, "header", None) or getattr(kwarg, "cookie", None):
                continue
            types = [t.annotation for t in field.inner_types] if field.inner_types else [field.annotation]
            form, message = _form(types)
            found[getattr(kwarg, "query", None) or name] = _QueryParameter(form, message, field.is_non_string_sequence)
        _query_parameters[id(handler)] = found
    return found


def _misformed_filter(request: Request[Any, Any, Any]) -> tuple[str, str] | None:
    """The first query parameter written in a form other than its one, or given twice though it
    takes one value (Litestar would keep the last): (name, message)."""
    if not request.scope.get("query_string") or not (parameters := _parameters(request)):
        return None
    seen: set[str] = set()
    for name, value in parse_qsl(request.scope["query_string"].decode("latin-1"), keep_blank_values=True):
        parameter = parameters.get(name)
        if parameter is None:
            continue
        if not parameter.repeatable and name in seen:
            return name, "appears more than once"
        seen.add(name)
        if parameter.form is not None and value and not parameter.form.fullmatch(value):
            return name, parameter.message
    return None


def _canonical_ids(request: Request[Any, Any, Any]) -> bool:
    """Whether every UUID path parameter was written in its canonical (8-4-4-4-12) form."""
    ids = [str(v) for v in request.path_params.values() if isinstance(v, uuid.UUID)]
    if not ids:
        return True
    segments = set(unquote(request.scope.get("path", "")).lower().split("/"))
    return all(i in segments for i in ids)


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def _body_problem(body: bytes, lang: str) -> Response[dict[str, Any]] | None:
    suspicious_nul = _NUL_ESCAPE in body
    maybe_deep = body.count(b"[") + body.count(b"{") > MAX_DEPTH
    if not suspicious_nul and not maybe_deep:
        return None
    try:
        decoded = msgspec.json.decode(body)
    except RecursionError:
        return _refuse("body", f"nests deeper than {MAX_DEPTH} levels", lang)
    except msgspec.DecodeError:
        return None  # malformed JSON: the decoder's own 400 says so
    if maybe_deep and _depth(decoded) > MAX_DEPTH:
        return _refuse("body", f"nests deeper than {MAX_DEPTH} levels", lang)
    if suspicious_nul and (field := _nul_path(decoded)):
        return _refuse(field, "must not contain a NUL character", lang)
    return None


async def input_gate(request: Request[Any, Any, Any]) -> Response[dict[str, Any]] | None:
    """Litestar `before_request`: a problem response for input no handler can hold, else None."""
    lang = request_lang(request)
    if field := _nul_in_query(request.scope.get("query_string", b"")):
        return _refuse(field, "must not contain a NUL character", lang)
    if "\x00" in unquote(request.scope.get("raw_path", b"").decode("latin-1")):
        return _refuse("path", "must not contain a NUL character", lang)
    if not _canonical_ids(request):
        return problem(404, "not_found", "No such resource (ids are written in their 8-4-4-4-12 form).", lang=lang)
    if misformed := _misformed_filter(request):
        return _refuse(*misformed, lang)
    opt = request.route_handler.opt
    if request.method not in _BODY_METHODS or opt.get("upload") or opt.get("body_ignored"):
        # An upload (multipart) is streamed by its handler, never read whole here; a one-click
        # unsubscribe (RFC 8058) carries a form body nobody reads.
        return None
    body = await request.body()
    if not body:
        return None
    if not _is_json(request.headers.get("content-type", "")):
        return problem(
            415, "unsupported_media_type", "Send the body as JSON (Content-Type: application/json).", lang=lang
        )
    return _body_problem(body, lang) or _strict_problem(request, body, lang)


def _strict_problem(request: Request[Any, Any, Any], body: bytes, lang: str) -> Response[dict[str, Any]] | None:
    data = request.route_handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return None
    if (decimals := decimal_fields(data.annotation)) and (wrong := _misspelt_decimals(body, decimals)):
        return _refuse_all(wrong, lang)
    try:
        msgspec.json.decode(body, type=data.annotation, strict=True)
    except msgspec.ValidationError as error:
        found: msgspec.ValidationError | None = error
        if _FLOAT_FOR_INT.match(str(error)):
            found = _error_with_integral_floats(body, data.annotation)
        if found is None:
            return None
        return http_error_handler(request, ValidationException(extra=[{"message": str(found), "key": ""}]))
    except msgspec.DecodeError:
        return None  # malformed JSON: the decoder's own 400 says so
    return None


# JSON has one kind of number, and JSON Schema counts `5.0` as an integer: an integer field takes
# it (Litestar's decoder reads it as 5), though msgspec's strict mode would not. `5.5` still fails.
# (Also where the field takes an int among other types: `int | null`, a rule's value.)
_FLOAT_FOR_INT = re.compile(r"Expected `[^`]*\bint\b[^`]*`, got `float`")


def _error_with_integral_floats(body: bytes, body_type: Any) -> msgspec.ValidationError | None:
    """What the strict decode says once whole floats are ints (the body is valid JSON by now)."""
    try:
        msgspec.json.decode(msgspec.json.encode(_integral(msgspec.json.decode(body))), type=body_type, strict=True)
    except msgspec.ValidationError as error:
        return error
    return None


def _integral(value: Any) -> Any:
    """`value` with every float that is a whole number (and fits 64 bits) written as an int."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    if isinstance(value, dict):
        return {key: _integral(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_integral(item) for item in value]
    return value


def _misspelt_decimals(body: bytes, decimals: Any) -> list[tuple[str, str]]:
    try:
        return misspelt(msgspec.json.decode(body), decimals)
    except msgspec.DecodeError:
        return []  # malformed JSON: the decoder's own 400 says so
