"""Property-based fuzzing of the whole published contract (openapi/openapi.json) against a real
server: every operation gets generated requests, signed in as a tenant owner. No response may be a
server error, and each must have a documented status, content type, schema and headers; a request
the contract forbids must be refused, and one it allows must not be refused for its form (a 422
for a business rule, a 404 for an id that names nothing, a 409 or a 412 are documented answers).
The contract's examples go first; then short stateful sequences follow its links from a create to
what it made. `make test` runs a few derandomized examples per operation and ten sequences;
`make fuzz` runs many more (FUZZ_EXAMPLES, FUZZ_SCENARIOS)."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import socket
import threading
from collections.abc import Iterator
from typing import ClassVar

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import CheckContext, not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.cli import OPENAPI_FILE
from api.settings import Settings
from tests.factories import PASSWORD, unique_slug

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
# What valid data may get: schemathesis's defaults (2xx, 3xx, 401, 403, 404, 409, 429; 5xx is
# not_a_server_error's to report) plus the two answers the contract documents for well-formed
# requests: 412 (an If-Match that is not the current version) and 422 for a business rule (a
# phone number that is not one, a store that does not exist) — `valid_data_is_not_refused_for_its_form`
# keeps that 422 from hiding a refusal of the form itself.
VALID_DATA_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "412", "422", "429", "5xx"]
# What invalid data may get: schemathesis's defaults plus 413, the documented refusal of a body
# past the size limit (a generated invalid body can be a large one).
INVALID_DATA_STATUSES = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20260301,  # with `derandomize` below: the same cases on every run
        "checks": {
            "positive_data_acceptance": {"expected-statuses": VALID_DATA_STATUSES},
            "negative_data_rejection": {"expected-statuses": INVALID_DATA_STATUSES},
        },
        # No NUL characters in generated strings: PostgreSQL text cannot hold one, so the input gate
        # refuses it in every string of every request (tests/api/test_input_gate.py), a rule JSON
        # Schema could only state as a pattern on each of them.
        # Every request signs in as the owner: a generated Authorization or X-API-Key would make most
        # cases a 401 that never reaches validation (credentials have tests of their own).
        "generation": {"allow-x00": False, "with-security-parameters": False},
    }
)
# The messages of a refusal of form (msgspec's decoder, Litestar's parameters, the input gate),
# as opposed to a business rule: valid data must never get one.
_FORM_REFUSAL = re.compile(
    r"Expected |Invalid enum value|(is required|is not a known field)$|must be an id written|"
    r"must not contain a NUL|must be an RFC 3339|must be the ETag|nests deeper than|must be true or false$|"
    r"must be a whole number$|must be one of: "
)


def valid_data_is_not_refused_for_its_form(ctx: CheckContext, response: Response, case: schemathesis.Case) -> None:
    """A 422 to schema-valid data must be a business rule, never the contract and the server
    disagreeing on what the data may look like."""
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code != 422:
        return
    errors = response.json().get("errors") or []
    refused = [e for e in errors if _FORM_REFUSAL.match(str(e.get("message", "")))]
    assert not refused, f"schema-valid data refused for its form: {refused}"


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    valid_data_is_not_refused_for_its_form,
]

schema = (
    schemathesis.openapi.from_path(OPENAPI_FILE, config=CONFIG)
    # Operations that would end the run's own credentials, so later cases would only test 401s:
    .exclude(operation_id=["Logout", "ChangeMyPassword", "ConfirmPasswordReset", "DeactivateUser"])
    # A never-ending server-sent event stream: a generated request would hang until its timeout.
    .exclude(operation_id="StreamEvents")
)


def _owner_of_new_tenant(base_url: str) -> dict[str, str]:
    """The bearer header of the owner of a tenant signed up just now."""
    slug = unique_slug("fuzz")
    signup = httpx.post(
        f"{base_url}/api/v1/signup",
        json={
            "tenant_name": f"Chain {slug}",
            "tenant_slug": slug,
            "owner_email": "owner@example.com",
            "owner_password": PASSWORD,
            "owner_name": "Owner",
        },
        timeout=30,
    )
    assert signup.status_code == 201, signup.text
    return {"Authorization": f"Bearer {signup.json()['access_token']}"}


@pytest.fixture(scope="module")
def live(settings: Settings) -> Iterator[tuple[str, dict[str, str]]]:
    """A uvicorn server in its own thread and event loop (the fuzzing calls are synchronous), and
    the bearer header of a freshly signed-up tenant owner."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings), log_level="warning", lifespan="on", timeout_graceful_shutdown=2, access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    try:
        for _ in range(1500):
            if server.started or not thread.is_alive():
                break
            threading.Event().wait(0.02)
        assert server.started, "the fuzzing server did not start"
        base_url = f"http://127.0.0.1:{port}"
        yield base_url, _owner_of_new_tenant(base_url)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


_keys = itertools.count()


def _own_idempotency_key(case: schemathesis.Case) -> None:
    """Generated keys repeat across cases (the shrinker loves "0"), and a key sent again with
    another body is rightly a 422: each call gets its own, unless the key is the invalid part."""
    key = (case.headers or {}).get("Idempotency-Key")
    if key is not None and len(key) <= 255:
        case.headers["Idempotency-Key"] = f"fuzz-{next(_keys)}"


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_fails_on_generated_input(case: schemathesis.Case, live: tuple[str, dict[str, str]]) -> None:
    base_url, headers = live
    _own_idempotency_key(case)
    case.call_and_validate(base_url=base_url, headers=headers, timeout=30, checks=CHECKS)


# Stateful: sequences that follow the contract's links (a create's `id` into the reads, updates
# and deletes of what it made), checked like every single call. Bounded: a few short scenarios.
SCENARIOS = int(os.environ.get("FUZZ_SCENARIOS", "10"))
STEPS = int(os.environ.get("FUZZ_STEPS", "8"))


def _linked_operations() -> list[str]:
    """Each create that links to the operations on what it made, and those operations."""
    document = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    found: list[str] = []
    for item in document["paths"].values():
        links = item.get("post", {}).get("responses", {}).get("201", {}).get("links", {})
        if links:
            found += [item["post"]["operationId"], *(link["operationId"] for link in links.values())]
    return found


class Workflows(schema.include(operation_id=_linked_operations()).as_state_machine()):  # type: ignore[misc]
    # Set by the test from the live server (Hypothesis builds the machine itself).
    base_url: ClassVar[str] = ""

    def setup(self) -> None:
        # Each sequence on a tenant of its own: what a step gets (a 201, or a 409 for a SKU an
        # earlier sequence took) then depends only on the sequence, as Hypothesis requires when it
        # replays one.
        self.headers = _owner_of_new_tenant(self.base_url)

    def before_call(self, case: schemathesis.Case) -> None:
        _own_idempotency_key(case)

    def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, object]:
        return {"base_url": self.base_url, "headers": self.headers, "timeout": 30}

    def validate_response(self, response: Response, case: schemathesis.Case, **kwargs: object) -> None:
        case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)


def test_linked_operations_work_in_sequence(live: tuple[str, dict[str, str]]) -> None:
    Workflows.base_url = live[0]
    Workflows.run(
        settings=hypothesis_settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
