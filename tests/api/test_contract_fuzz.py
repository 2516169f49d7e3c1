"""Property-based fuzzing of the whole published contract (openapi/openapi.json) against a real
server: every operation gets generated requests, signed in as a tenant owner, and no response may
be a server error. `make test` runs a few derandomized examples per operation; `make fuzz` runs
many more (FUZZ_EXAMPLES)."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.cli import OPENAPI_FILE
from api.settings import Settings
from tests.factories import PASSWORD, unique_slug

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = (
    schemathesis.openapi.from_path(OPENAPI_FILE)
    # Operations that would end the run's own credentials, so later cases would only test 401s:
    .exclude(operation_id=["Logout", "ChangeMyPassword", "ConfirmPasswordReset", "DeactivateUser"])
    # A never-ending server-sent event stream: a generated request would hang until its timeout.
    .exclude(operation_id="StreamEvents")
)


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
        yield base_url, {"Authorization": f"Bearer {signup.json()['access_token']}"}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


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
    case.call_and_validate(base_url=base_url, headers=headers, timeout=30, checks=CHECKS)
