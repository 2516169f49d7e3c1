"""The HTTP contract: problem+json errors, body limit, probes, the OpenAPI document, SPA serving."""

from __future__ import annotations

import json
import re
from typing import Any, get_args

from httpx import Response

from api.cli import OPENAPI_FILE, openapi_document
from api.codes import CODES_FILE, codes_document
from api.settings import Settings
from api.spa import STATIC_DIR
from domain.customers.schemas import MergeField
from tests.factories import Api, expect

PROBLEM_JSON = "application/problem+json"
PASCAL_CASE = re.compile(r"^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*$")
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def assert_problem(response: Response, status: int, code: str) -> dict[str, Any]:
    body = expect(response, status)
    assert response.headers["content-type"].split(";")[0] == PROBLEM_JSON
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"https://errors.retail-crm.dev/{code}"
    assert isinstance(body["title"], str)
    assert body["title"]
    assert isinstance(body["detail"], str)
    assert body["detail"]
    return dict(body)


async def test_every_error_status_is_problem_json_with_a_code(api: Api) -> None:
    tenant = await api.signup()
    analyst = await api.user(tenant, "analyst")
    customer = await api.customer(tenant.owner, phone="13800138000")
    url = f"/api/v1/customers/{customer['id']}"

    assert_problem(await api.client.get("/api/v1/customers"), 401, "unauthenticated")
    assert_problem(
        await api.client.post("/api/v1/customers", json={"name": "李四"}, headers=analyst.headers),
        403,
        "permission_denied",
    )
    assert_problem(
        await api.client.get("/api/v1/customers/01900000-0000-7000-8000-000000000000", headers=tenant.owner.headers),
        404,
        "not_found",
    )
    assert_problem(
        await api.client.put(url, json={"name": "x"}, headers=tenant.owner.headers), 405, "method_not_allowed"
    )
    assert_problem(
        await api.client.post(
            "/api/v1/customers", json={"name": "李四", "phone": "13800138000"}, headers=tenant.owner.headers
        ),
        409,
        "phone_taken",
    )
    assert_problem(
        await api.client.patch(url, json={"name": "王五"}, headers={**tenant.owner.headers, "If-Match": '"7"'}),
        412,
        "version_mismatch",
    )
    invalid = assert_problem(
        await api.client.post("/api/v1/customers", json={"name": ""}, headers=tenant.owner.headers),
        422,
        "validation_failed",
    )
    assert [e["field"] for e in invalid["errors"]] == ["name"]


async def test_malformed_json_is_a_400_problem(api: Api) -> None:
    tenant = await api.signup()
    response = await api.client.post(
        "/api/v1/customers",
        content=b'{"name": ',
        headers={**tenant.owner.headers, "content-type": "application/json"},
    )
    assert_problem(response, 400, "bad_request")


async def test_body_over_the_limit_is_413(api: Api, settings: Settings) -> None:
    tenant = await api.signup()
    padding = "x" * (settings.max_body_bytes + 1)
    big = json.dumps({"name": "大客户", "notes": padding})
    assert len(big.encode()) > settings.max_body_bytes
    response = await api.client.post(
        "/api/v1/customers", content=big, headers={**tenant.owner.headers, "content-type": "application/json"}
    )
    assert_problem(response, 413, "body_too_large")
    listed = expect(await api.client.get("/api/v1/customers", headers=tenant.owner.headers), 200)
    assert listed["items"] == []


async def test_health_and_readiness(api: Api) -> None:
    health = await api.client.get("/health")
    assert expect(health, 200) == {"status": "ok", "checks": {}}
    ready = await api.client.get("/ready")
    assert expect(ready, 200) == {"status": "ok", "checks": {"postgres": "ok", "redis": "ok"}}


async def test_every_response_carries_a_request_id(api: Api) -> None:
    generated = await api.client.get("/health")
    assert len(generated.headers["x-request-id"]) >= 32
    kept = await api.client.get("/health", headers={"X-Request-ID": "trace-123"})
    assert kept.headers["x-request-id"] == "trace-123"
    replaced = await api.client.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    assert replaced.headers["x-request-id"] != "bad id with spaces"


def test_committed_openapi_matches_the_app() -> None:
    """Drift check: regenerate with `python -m api openapi` when the API changes."""
    generated = json.dumps(openapi_document(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    committed = OPENAPI_FILE.read_text(encoding="utf-8")
    assert generated == committed, "openapi/openapi.json is stale: run `python -m api openapi`"


def test_committed_codes_match_the_source() -> None:
    """The SPA's list of codes to translate (its i18n test reads openapi/codes.json) is current."""
    committed = json.loads(CODES_FILE.read_text(encoding="utf-8"))
    assert committed == codes_document(), "openapi/codes.json is stale: run `python -m api openapi`"
    assert {"orders:approve", "tenant:read"} <= set(committed["permissions"])
    assert {"auth.login", "order.approved"} <= set(committed["audit_actions"])
    # Codes raised in all the ways the source raises them: an error class, `code=`, a conflict text.
    assert {"not_found", "permission_escalation", "email_taken", "phone_taken"} <= set(committed["problem_codes"])


def test_every_operation_has_a_pascal_case_id_and_a_tag() -> None:
    document = openapi_document()
    paths: dict[str, dict[str, Any]] = document["paths"]  # type: ignore[assignment]
    operations = [
        (method, path, op) for path, item in paths.items() for method, op in item.items() if method in HTTP_METHODS
    ]
    assert len(operations) >= 40
    bad_ids = [
        (m, p, op.get("operationId")) for m, p, op in operations if not PASCAL_CASE.match(op.get("operationId", ""))
    ]
    assert bad_ids == []
    untagged = [(m, p) for m, p, op in operations if not op.get("tags")]
    assert untagged == []
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids))
    assert all(p.startswith(("/api/v1/", "/health", "/ready")) for p in paths)


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    paths: dict[str, dict[str, Any]] = openapi_document()["paths"]  # type: ignore[assignment]
    return [(m, p, op) for p, item in paths.items() for m, op in item.items() if m in HTTP_METHODS]


def test_the_contract_states_what_the_server_does_around_each_operation() -> None:
    public = {("post", "/api/v1/auth/login"), ("get", "/health"), ("get", "/api/v1/public/kb/{tenant_slug}/articles")}
    operations = _operations()
    by_key = {(m, p): op for m, p, op in operations}
    for key in public:
        assert by_key[key]["security"] == [], key
    assert "security" not in by_key[("get", "/api/v1/customers")]  # the document-wide default applies
    for method, path, op in operations:
        responses = op["responses"]
        assert "content" not in responses.get("204", {}), (method, path)  # nothing follows a 204
        if method in {"post", "put", "patch"}:
            assert {"400", "413", "415", "422"} <= set(responses), (method, path)
        names = {p["name"] for p in op.get("parameters", [])}
        if "If-Match" in names:
            assert "412" in responses, (method, path)
        if method == "post" and op.get("security") != []:
            assert "Idempotency-Key" in names, (method, path)
        if path not in {"/health", "/ready"}:  # the probes answer for themselves; the rest may be a 503
            assert "Retry-After" in (responses["503"].get("headers") or {}), (method, path)
        for parameter in op.get("parameters", []):
            if parameter["name"] == "cursor":
                assert parameter["schema"]["pattern"] == "^([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)?$", (method, path)
    product = by_key[("get", "/api/v1/products/{product_id}")]["responses"]["200"]
    assert "ETag" in product["headers"]
    assert "409" in by_key[("delete", "/api/v1/roles/{role_id}")]["responses"]
    assert "409" in by_key[("get", "/api/v1/orders/{order_id}/invoice.pdf")]["responses"]


async def test_schema_ui_and_document_are_served(api: Api) -> None:
    ui = await api.client.get("/schema")
    assert ui.status_code == 200
    assert ui.headers["content-type"].startswith("text/html")
    assert "Retail CRM API" in ui.text
    document = await api.client.get("/schema/openapi.json")
    assert document.status_code == 200
    assert document.json()["info"]["title"] == "Retail CRM API"
    assert document.json()["paths"].keys() == openapi_document()["paths"].keys()  # type: ignore[attr-defined]


async def test_schema_ui_loads_nothing_from_a_cdn(api: Api) -> None:
    ui = await api.client.get("/schema")
    assert ui.status_code == 200
    assert re.findall(r"""(?:src|href)=['"](https?://[^'"]+)""", ui.text) == []


async def test_spa_deep_links_fall_back_to_index_html(api: Api) -> None:
    index = STATIC_DIR / "index.html"
    response = await api.client.get("/customers/some/deep/link")
    assert response.headers["content-type"].startswith("text/html")
    if index.is_file():
        assert response.status_code == 200
        assert response.content == index.read_bytes()
        assert response.headers["cache-control"] == "no-cache"
    else:
        assert response.status_code == 503
        assert "not built" in response.text


async def test_unknown_api_paths_are_404_problems_not_the_spa(api: Api) -> None:
    for path in ("/api/v1/nope", "/api/v1/customers/extra/segment", "/api/v2/customers"):
        body = assert_problem(await api.client.get(path), 404, "not_found")
        assert "<html" not in json.dumps(body).lower()


async def test_missing_static_file_is_404_not_the_spa(api: Api) -> None:
    assert_problem(await api.client.get("/assets/does-not-exist.js"), 404, "not_found")


async def test_options_lists_every_method_of_the_path(api: Api) -> None:
    response = await api.client.options("/api/v1/public/csat/some-token")
    assert response.status_code == 204
    assert response.headers["allow"] == "GET, OPTIONS, POST"


def _body_schema(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None
    schema = content["schema"]
    ref = schema.get("$ref") or next((s["$ref"] for s in schema.get("oneOf", []) if "$ref" in s), None)
    return dict(document["components"]["schemas"][ref.rsplit("/", 1)[1]]) if ref else None


def test_the_contract_states_the_rules_the_server_enforces_on_bodies() -> None:
    document: dict[str, Any] = openapi_document()
    bodies = [(m, p, _body_schema(document, op)) for m, p, op in _operations()]
    objects = [(m, p, s) for m, p, s in bodies if s is not None and s.get("type") == "object"]
    assert len(objects) > 50
    for method, path, schema in objects:  # unknown fields are refused (Input), so the contract says so
        assert schema.get("additionalProperties") is False, (method, path)
    schemas = document["components"]["schemas"]
    signup = schemas["SignupIn"]["properties"]
    assert (signup["owner_password"]["minLength"], signup["tenant_slug"]["pattern"]) == (10, "^[a-z0-9]+(-[a-z0-9]+)*$")
    assert (signup["tenant_slug"]["minLength"], signup["tenant_slug"]["maxLength"]) == (3, 40)
    assert schemas["PasswordChange"]["properties"]["new_password"]["minLength"] == 10
    assert schemas["LoginIn"]["properties"]["password"]["minLength"] == 1  # an existing password is whatever it is
    assert signup["owner_email"]["format"] == "email"  # what tenants.validation.normalise_email checks
    customer = schemas["CustomerCreate"]["properties"]
    assert (customer["email"]["format"], customer["phone"]["examples"]) == ("email", ["13800138000", "+85291234567"])
    keep = schemas["MergeIn"]["properties"]["keep"]
    assert keep["propertyNames"]["enum"] == sorted(get_args(MergeField))  # tags are united, never kept
    assert "format" not in schemas["LoginIn"]["properties"]["email"]  # a lookup: any text finds or does not
    names = [rule["required"] for rule in schemas["ProductCreate"]["anyOf"]]
    assert names == [["name_zh"], ["name_en"]]  # a Chinese or an English name
    assert schemas["AdjustmentCreate"]["properties"]["quantity_delta"]["not"] == {"const": 0}
    price = schemas["ProductCreate"]["properties"]["list_price"]
    assert (price["type"], price["pattern"]) == ("string", "^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,2})?$")
