"""The published contract: OpenAPI config, plus what Litestar cannot infer, written once from the
app's own route table: the problem+json error responses of every operation (Litestar documents
its own `{status_code, detail, extra}` shape), and the HTTP semantics around them — which routes
need no credentials, 204s without a body, the ETag / If-Match / Idempotency-Key headers.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import msgspec
from litestar import Litestar, Router
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import (
    Components,
    Link,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    Schema,
    SecurityScheme,
)
from litestar.routes import HTTPRoute

from api.problems import PROBLEM_JSON
from api.security import PUBLIC
from tenants.body_types import type_nodes

API_VERSION = "1.0.0"
# Route opt: statuses a route answers beyond what its method and path imply, e.g. {409} for a
# DELETE refused while the record is in use.
PROBLEMS = "problems"
_PATH_TYPE = re.compile(r"\{(\w+):\w+\}")
_DESCRIPTIONS = {
    400: "Malformed JSON or invalid UTF-8 in the body",
    401: "Missing, invalid or expired credentials",
    403: "The caller lacks the permission this route declares",
    404: "No such resource in the caller's tenant and scope",
    409: "Conflicts with the current state (duplicate, illegal transition, in use)",
    412: "If-Match does not match the current version",
    413: "Request body too large",
    415: "The body is not JSON (send Content-Type: application/json)",
    422: "Invalid fields, listed in `errors`",
    429: "Rate limited; see Retry-After",
    503: "The database or another part this needs is out of reach for a moment; retry after Retry-After "
    "seconds (a write may or may not have been saved: retry it with the same Idempotency-Key)",
}


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Retail CRM API",
        version=API_VERSION,
        description="Multi-tenant CRM and customer-order API for retail chains. Errors are RFC 9457 "
        "problem+json with a stable `code`. Lists use keyset pagination (`limit`, `cursor`).",
        # The contract is public: its router is marked so the guard lets it through.
        openapi_router=Router(path="/schema", route_handlers=[], include_in_schema=False, opt={PUBLIC: True}),
        render_plugins=[
            # Self-hosted assets (copied from swagger-ui-dist by the SPA build): no CDN.
            SwaggerRenderPlugin(
                path="/",
                js_url="/schema-ui/swagger-ui-bundle.js",
                css_url="/schema-ui/swagger-ui.css",
                standalone_preset_js_url="/schema-ui/swagger-ui-standalone-preset.js",
                # Litestar's default favicon is a jsDelivr URL.
                favicon="<link rel='icon' type='image/svg+xml' href='/favicon.svg'>",
            )
        ],
        components=Components(
            security_schemes={
                "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT"),
                "ApiKey": SecurityScheme(type="apiKey", name="X-API-Key", security_scheme_in="header"),
            }
        ),
        security=[{"BearerToken": []}, {"ApiKey": []}],
        use_handler_docstrings=False,
    )


PROBLEM_SCHEMA = Schema(
    type=OpenAPIType.OBJECT,
    required=["type", "title", "status", "detail", "code"],
    properties={
        "type": Schema(type=OpenAPIType.STRING),
        "title": Schema(type=OpenAPIType.STRING),
        "status": Schema(type=OpenAPIType.INTEGER),
        "detail": Schema(type=OpenAPIType.STRING),
        "code": Schema(type=OpenAPIType.STRING, description="Stable machine-readable error code"),
        "errors": Schema(
            type=OpenAPIType.ARRAY,
            description="Invalid fields (422 only)",
            items=Schema(
                type=OpenAPIType.OBJECT,
                required=["field", "message"],
                properties={"field": Schema(type=OpenAPIType.STRING), "message": Schema(type=OpenAPIType.STRING)},
            ),
        ),
        "existing_customer_id": Schema(type=OpenAPIType.STRING, format=None, description="409 phone_taken"),
        "current_version": Schema(type=OpenAPIType.INTEGER, description="412 version_mismatch"),
        "permission": Schema(type=OpenAPIType.STRING, description="403 permission_denied"),
    },
    additional_properties=True,
)


def _statuses(route: HTTPRoute, method: str, public: bool, if_match: bool) -> set[int]:
    # Liveness answers from the process alone, readiness documents its own 503 (a Health body);
    # everything else needs the database or Redis.
    statuses = {422} if route.path in {"/health", "/ready"} else {422, 503}
    has_body = method in {"POST", "PATCH", "PUT"}
    if has_body:
        statuses |= {400, 413, 415}
    if public:
        if route.path.startswith("/api/v1/auth/"):
            statuses |= {401, 429}
        if route.path == "/api/v1/signup":
            statuses.add(409)
        if route.path.startswith("/api/v1/public/"):  # token pages: unknown or expired token; answered once
            statuses |= {404, 409} if has_body else {404}
        return statuses
    statuses |= {401, 403, 429}
    if "{" in route.path:
        statuses.add(404)
    if has_body:
        statuses.add(409)
    if if_match:
        statuses.add(412)
    return statuses


_STRING = Schema(type=OpenAPIType.STRING)
_ETAG = OpenAPIHeader(
    schema=_STRING, description='The version as a strong entity tag, e.g. "3": send it back in If-Match'
)
_REPLAYED = OpenAPIHeader(
    schema=Schema(type=OpenAPIType.STRING, enum=["true"]),
    description="Present when this is the stored response of an earlier request with the same Idempotency-Key",
)
_RETRY_AFTER = OpenAPIHeader(
    schema=Schema(type=OpenAPIType.INTEGER, minimum=1), description="Seconds to wait before retrying", required=True
)
_IF_MATCH = (
    'The ETag read before the change (`"3"`): 412 when the resource has changed since. Compared strongly '
    "(a weak tag never matches); `*`, an empty value or no header: no check."
)
_IDEMPOTENCY_KEY = Parameter(
    name="Idempotency-Key",
    param_in="header",
    required=False,
    schema=Schema(type=OpenAPIType.STRING, max_length=255),
    description="Any unique string (a UUID): a retry with the same key and body gets the first response "
    "again instead of doing the work twice; the same key with another body is a 422, and while the first "
    "request is still running, a 409.",
)


def _has_if_match(operation: Operation) -> bool:
    return any(isinstance(p, Parameter) and p.name == "If-Match" for p in operation.parameters or [])


def _document_semantics(operation: Operation, method: str, public: bool, versioned: bool) -> None:
    """Security, empty 204s and the concurrency headers of one operation."""
    if public:
        operation.security = []
    for status, response in (operation.responses or {}).items():
        if status == "204" and isinstance(response, OpenAPIResponse):
            response.content = None
        if versioned and status in {"200", "201"} and isinstance(response, OpenAPIResponse):
            response.headers = {**(response.headers or {}), "ETag": _ETAG}
        if method == "POST" and not public and status in {"200", "201"} and isinstance(response, OpenAPIResponse):
            response.headers = {**(response.headers or {}), "Idempotent-Replayed": _REPLAYED}
    for parameter in operation.parameters or []:
        if isinstance(parameter, Parameter) and parameter.name == "If-Match":
            parameter.description = _IF_MATCH
    if method == "POST" and not public:
        operation.parameters = [*(operation.parameters or []), _IDEMPOTENCY_KEY]


def document_problems(app: Litestar) -> None:
    """Replace Litestar's default error responses with problem+json ones, per operation."""
    schema = app.openapi_schema
    schema.components.schemas = {**(schema.components.schemas or {}), "Problem": PROBLEM_SCHEMA}
    problem = OpenAPIMediaType(schema=Reference(ref="#/components/schemas/Problem"))
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        item = (schema.paths or {}).get(_PATH_TYPE.sub(r"{\1}", route.path))
        if item is None:
            continue
        # A path is versioned when one of its operations takes If-Match: its reads carry the ETag.
        operations = [getattr(item, m.lower(), None) for h in route.route_handlers for m in h.http_methods]
        versioned = any(op is not None and _has_if_match(op) for op in operations)
        for handler in route.route_handlers:
            public = bool(handler.opt.get(PUBLIC))
            for method in handler.http_methods:
                operation = getattr(item, method.lower(), None)
                if operation is None or operation.responses is None:
                    continue
                if_match = _has_if_match(operation)
                for code in [c for c in operation.responses if c.startswith("4")]:
                    del operation.responses[code]
                statuses = _statuses(route, method, public, if_match) | set(handler.opt.get(PROBLEMS, ()))
                _document_semantics(operation, method, public, versioned and (method == "GET" or if_match))
                for status in sorted(statuses):
                    operation.responses[str(status)] = OpenAPIResponse(
                        description=_DESCRIPTIONS[status],
                        content={PROBLEM_JSON: problem},
                        headers={"Retry-After": _RETRY_AFTER} if status in {429, 503} else None,
                    )


def _body_structs(app: Litestar) -> dict[str, msgspec.inspect.StructType]:
    """Every struct a request body can hold, by class name."""
    return {
        info.cls.__name__: info
        for route in app.routes
        for handler in getattr(route, "route_handlers", ())
        if (data := handler.parsed_fn_signature.parameters.get("data")) is not None
        for _, info in type_nodes(data.annotation)
        if isinstance(info, msgspec.inspect.StructType)
    }


def _input_components(app: Litestar) -> Iterator[tuple[Schema, msgspec.inspect.StructType]]:
    structs = _body_structs(app)
    for name, component in (app.openapi_schema.components.schemas or {}).items():
        if isinstance(component, Schema) and (info := structs.get(name) or structs.get(component.title or "")):
            yield component, info


def close_input_schemas(app: Litestar) -> None:
    """State `additionalProperties: false` on every request body type that refuses unknown
    fields (msgspec's `forbid_unknown_fields`, set by `tenants.schemas.Input`): Litestar does not;
    and add each body's cross-field `json_schema_rules`."""
    for component, info in _input_components(app):
        if not info.forbid_unknown_fields:
            continue
        component.additional_properties = False
        aliases = component.field_aliases()
        for key, value in getattr(info.cls, "json_schema_rules", {}).items():
            setattr(component, aliases.get(key, key), value)


# msgspec constraint → the JSON Schema keyword (a Litestar Schema attribute) that states it.
_CONSTRAINTS = {
    "min_length": "min_length",
    "max_length": "max_length",
    "pattern": "pattern",
    "ge": "minimum",
    "le": "maximum",
    "gt": "exclusive_minimum",
    "lt": "exclusive_maximum",
    "multiple_of": "multiple_of",
}
_SCALARS = (msgspec.inspect.StrType, msgspec.inspect.IntType, msgspec.inspect.FloatType)
_LISTS = (msgspec.inspect.ListType, msgspec.inspect.SetType, msgspec.inspect.VarTupleType)


def _unwrapped(info: msgspec.inspect.Type) -> msgspec.inspect.Type:
    """The one type under `| None` and metadata (msgspec leaves `| UNSET` out); a true union stays."""
    if isinstance(info, msgspec.inspect.Metadata):
        return _unwrapped(info.type)
    if isinstance(info, msgspec.inspect.UnionType):
        members = [m for m in info.types if not isinstance(m, msgspec.inspect.NoneType)]
        return _unwrapped(members[0]) if len(members) == 1 else info
    return info


def _items_schema(schema: Schema | Reference) -> Schema | None:
    if not isinstance(schema, Schema):
        return None
    if isinstance(schema.items, Schema):
        return schema.items
    return next((found for m in schema.one_of or [] if (found := _items_schema(m)) is not None), None)


def _state_constraints(info: msgspec.inspect.Type, schema: Schema) -> None:
    for constraint, keyword in _CONSTRAINTS.items():
        value = getattr(info, constraint, None)
        if value is not None and getattr(schema, keyword) is None:
            setattr(schema, keyword, value)


def publish_constraints(app: Litestar) -> None:
    """State every constraint msgspec checks on a request body's fields: Litestar drops those of
    a list's items (`list[PermissionKey]`: each 3–64 characters), a `ge=0` under `| UNSET` and
    the names a mapping's keys may take (`dict[MergeField, ...]`), so the contract allowed values
    the server refuses."""
    for component, info in _input_components(app):
        for field in info.fields:
            prop = (component.properties or {}).get(field.encode_name)
            if not isinstance(prop, Schema):
                continue
            kind = _unwrapped(field.type)
            if isinstance(kind, _SCALARS):
                _state_constraints(kind, prop)
            elif (
                isinstance(kind, _LISTS)
                and isinstance(item := _unwrapped(kind.item_type), _SCALARS)
                and (items := _items_schema(prop)) is not None
            ):
                _state_constraints(item, items)
            elif isinstance(kind, msgspec.inspect.DictType) and isinstance(
                key := _unwrapped(kind.key_type), msgspec.inspect.LiteralType
            ):
                prop.property_names = Schema(type=OpenAPIType.STRING, enum=sorted(key.values))


def _without_null(schema: Schema) -> Schema:
    """`oneOf: [X, null]` as X itself (X's keywords, then the outer ones such as a pattern)."""
    members = [m for m in schema.one_of or [] if not (isinstance(m, Schema) and m.type == OpenAPIType.NULL)]
    if schema.one_of is None or len(members) == len(schema.one_of):
        return schema
    if len(members) != 1 or not isinstance(members[0], Schema):
        return dataclasses.replace(schema, one_of=members)
    outer = {f.name: v for f in dataclasses.fields(schema) if (v := getattr(schema, f.name)) is not None}
    del outer["one_of"]
    return dataclasses.replace(members[0], **outer)


def parameters_are_never_null(app: Litestar) -> None:
    """A query parameter or header is there or not; Litestar publishes an optional one as
    `oneOf: [X, null]`, so a client (or a fuzzer) would send the text `null` for it."""
    for item in (app.openapi_schema.paths or {}).values():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(item, method, None)
            for parameter in (operation.parameters or []) if operation is not None else []:
                if isinstance(parameter, Parameter) and isinstance(parameter.schema, Schema):
                    parameter.schema = _without_null(parameter.schema)


_METHODS = ("get", "put", "post", "delete", "patch")


def _created_with_id(operation: Operation | None, components: dict[str, Schema]) -> OpenAPIResponse | None:
    """The 201 of a create operation whose body is a resource with an `id`, if it is one."""
    created = (operation.responses or {}).get("201") if operation is not None else None
    media = (created.content or {}).get("application/json") if isinstance(created, OpenAPIResponse) else None
    ref = media.schema if media is not None else None
    target = components.get(ref.ref.rsplit("/", 1)[-1]) if isinstance(ref, Reference) else None
    has_id = isinstance(target, Schema) and "id" in (target.properties or {})
    return created if has_id and isinstance(created, OpenAPIResponse) else None


def link_created_resources(app: Litestar) -> None:
    """OpenAPI links from each create (`POST /things` → 201 with an `id`) to the operations on
    the one it made (`/things/{thing_id}`): clients and the contract fuzzer's stateful phase
    follow them, reading the id from the body."""
    paths = app.openapi_schema.paths or {}
    components = {k: v for k, v in (app.openapi_schema.components.schemas or {}).items() if isinstance(v, Schema)}
    for path, item in paths.items():
        created = _created_with_id(item.post, components)
        if created is None:
            continue
        for item_path, target in paths.items():
            match = re.fullmatch(re.escape(path) + r"/\{(\w+)\}", item_path)
            if match is None:
                continue
            for method in _METHODS:
                operation = getattr(target, method, None)
                if operation is None or operation.operation_id is None:
                    continue
                link = Link(operation_id=operation.operation_id, parameters={match.group(1): "$response.body#/id"})
                created.links = {**(created.links or {}), operation.operation_id: link}
