"""Read deadlines for slow clients, which uvicorn does not have.

uvicorn times out only an idle keep-alive connection: a client that opens a connection and sends
its request line and headers a byte at a time (slowloris), or announces a body and trickles it,
holds a connection and its buffers for as long as it likes. Neither uvicorn's config nor its
protocols offer a header or body read timeout (checked against uvicorn 0.55: `timeout_keep_alive`
is armed only after a response), and hypercorn's `read_timeout` resets on every byte, which is the
trickle it should stop. So this subclass of uvicorn's httptools protocol adds two deadlines:

- the *head deadline*: from the first byte of a request (or the connection opening) to the end
  of its headers, `HTTP_HEAD_TIMEOUT_SECONDS` (default 10);
- the *body deadline*: from the end of the headers to the end of the body,
  `HTTP_BODY_TIMEOUT_SECONDS` (default 60; bodies are at most a few MB).

A connection past either deadline is closed, as nginx does for a client header timeout (the
handler, if one already runs, sees the client disconnect). Behind a reverse proxy these limits are
a second line; the proxy's own timeouts (nginx `client_header_timeout`, `client_body_timeout`)
are the first.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class DeadlineHttpToolsProtocol(HttpToolsProtocol):
    head_timeout: float = 10.0
    body_timeout: float = 60.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self.head_timeout)

    def data_received(self, data: bytes) -> None:
        between_requests = self.cycle is None or self.cycle.response_complete
        if self._deadline is None and between_requests:
            self._arm(self.head_timeout)  # the first bytes of the next request on this connection
        super().data_received(data)

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._arm(self.body_timeout)

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def http_protocol(head_timeout: float, body_timeout: float) -> type[DeadlineHttpToolsProtocol]:
    """The protocol class for `uvicorn.Config(http=...)` with these deadlines."""
    return type(
        "HttpWithDeadlines",
        (DeadlineHttpToolsProtocol,),
        {"head_timeout": head_timeout, "body_timeout": body_timeout},
    )
