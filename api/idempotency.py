"""`Idempotency-Key` on POST: same key + same request → the stored response, replayed.

Placed after authentication, so the principal (and its tenant) is known. For a POST carrying the
header, this middleware opens the request's tenant transaction itself, claims the key in it
(domain/integrations/idempotency.py), lets the handler run on that same transaction (provide_ctx
picks it up from the scope), buffers the response, stores it on the claim and commits once:
claim, write and stored response are atomic. A response of 400 or above rolls everything back,
so the key stays free and a retry runs again (nothing was written; errors are not replayed).
If storing or the COMMIT fails, the buffered answer is void and the client gets that problem
instead (a cut COMMIT: 503, the outcome unknown; the retry with the same key settles it).

Routes without a principal (signup, login, refresh) have no tenant to store keys in: the header
is ignored there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from litestar import Litestar, Request
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy.ext.asyncio import AsyncSession

from api.problems import problem_for
from api.state import Resources
from domain.integrations import idempotency
from tenants.context import run_after_commit
from tenants.db import tenant_session
from tenants.errors import Conflict, invalid
from tenants.principal import Principal

_STATE_KEY = "idempotency_transaction"
_KEPT_HEADERS = (b"content-type", b"etag", b"location")


@dataclass(slots=True)
class SharedTransaction:
    """The request's tenant transaction, owned by this middleware; provide_ctx reuses it."""

    session: AsyncSession
    after_commit: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


def shared_transaction(scope: Scope) -> SharedTransaction | None:
    found = scope.get("state", {}).get(_STATE_KEY)
    return found if isinstance(found, SharedTransaction) else None


def principal_key(principal: Principal) -> str:
    return f"{'user' if principal.kind == 'user' else 'key'}:{principal.actor_id}"


class _Rollback(Exception):
    """The handler answered with an error: undo the claim together with whatever it wrote."""


@dataclass(slots=True)
class _Captured:
    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytearray = field(default_factory=bytearray)
    complete: bool = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.body.extend(message.get("body", b""))
            self.complete = not message.get("more_body", False)

    def stored(self) -> idempotency.StoredResponse:
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in self.headers if k.lower() in _KEPT_HEADERS}
        return idempotency.StoredResponse(self.status, headers, bytes(self.body))

    async def replay_to(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": bytes(self.body), "more_body": False})


async def _send_stored(stored: idempotency.StoredResponse, send: Send) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored.headers.items()]
    headers += [(b"content-length", str(len(stored.body)).encode()), (b"idempotent-replayed", b"true")]
    await send({"type": "http.response.start", "status": stored.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body, "more_body": False})


async def _read_body(receive: Receive, limit: int) -> tuple[list[Any], bytes | None]:
    """Buffer the request body; None when it is larger than the app accepts (the app answers 413)."""
    messages: list[Any] = []
    size = 0
    while True:
        message: Any = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, None
        size += len(message.get("body", b""))
        if size > limit:
            return messages, None
        if not message.get("more_body", False):
            return messages, b"".join(m.get("body", b"") for m in messages)


async def _send_problem(scope: Scope, receive: Receive, send: Send, exc: Exception) -> None:
    request: Request[Any, Any, Any] = Request(scope, receive)
    response = problem_for(request, exc)
    await response.to_asgi_response(app=None, request=request)(scope, receive, send)


def _replaying(messages: list[Any], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Any:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


def idempotency_middleware(app: ASGIApp) -> ASGIApp:
    """ASGI middleware factory (see the module docstring)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        principal = scope.get("user")
        raw_key = dict(scope.get("headers", [])).get(b"idempotency-key") if scope["type"] == ScopeType.HTTP else None
        if raw_key is None or scope.get("method") != "POST" or not isinstance(principal, Principal):
            await app(scope, receive, send)
            return
        key = raw_key.decode("latin-1")
        if not idempotency.valid_key(key):
            raise invalid(idempotency.HEADER, f"must be 1–{idempotency.MAX_KEY_LENGTH} visible ASCII characters")
        res: Resources = Litestar.from_scope(scope).state.resources
        messages, body = await _read_body(receive, res.settings.max_body_bytes)
        receive = _replaying(messages, receive)
        if body is None:
            await app(scope, receive, send)
            return
        path = scope["path"] + (f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else "")
        owner = principal_key(principal)
        request_hash = idempotency.fingerprint("POST", path, body)
        captured = _Captured()
        shared: SharedTransaction | None = None
        try:
            async with tenant_session(res.sessions, principal.scope) as session:
                claim = await idempotency.claim(session, principal.tenant_id, owner, key, "POST", path, request_hash)
                if claim.outcome == "claimed":
                    shared = SharedTransaction(session)
                    scope.setdefault("state", {})[_STATE_KEY] = shared
                    await app(scope, receive, captured.send)
                    if not captured.complete or captured.status >= 400:
                        raise _Rollback
                    await idempotency.store(session, principal.tenant_id, owner, key, captured.stored())
        except _Rollback:
            await captured.replay_to(send)
            return
        except Exception as exc:
            if not captured.status:
                raise  # nothing answered yet: the app's exception handlers answer as for any request
            # The handler's answer is void: storing it or the COMMIT failed. Litestar's handlers
            # refuse once a response has started (ours went to the buffer), so answer here.
            await _send_problem(scope, receive, send, exc)
            return
        if claim.outcome == "in_flight":
            raise Conflict(
                "A request with this Idempotency-Key is still being processed; retry later.",
                code="idempotency_in_flight",
            )
        if claim.outcome == "reused":
            raise idempotency.KeyReused()
        if claim.outcome == "replay" and claim.stored is not None:
            await _send_stored(claim.stored, send)
            return
        await run_after_commit(shared.after_commit if shared else [])
        await captured.replay_to(send)

    return middleware
