"""An app under test whose outgoing mail lands in its own dev SMTP sink (a real aiosmtpd server
on a free port), and a wait for what arrived there."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from api.mailsink import MailSink, ReceivedMail
from api.settings import Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclasses.dataclass
class Mailed:
    client: AsyncTestClient[Litestar]
    app: Litestar

    @property
    def sink(self) -> MailSink:
        sink: MailSink | None = self.app.state.resources.mail_sink
        assert sink is not None
        return sink

    @property
    def messages(self) -> list[ReceivedMail]:
        return list(self.sink.messages)

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[ReceivedMail]:  # noqa: ASYNC109 - a test helper's deadline
        """At least `count` messages, polled: the sink runs on the app's own event loop."""
        deadline = time.monotonic() + timeout
        while len(self.sink.messages) < count:
            assert time.monotonic() < deadline, f"{len(self.sink.messages)} of {count} messages arrived"
            await asyncio.sleep(0.05)
        return self.messages


@asynccontextmanager
async def mailing_app(settings: Settings, *, base_url: str, **changes: Any) -> AsyncIterator[Mailed]:
    app = create_app(
        dataclasses.replace(settings, mail_sink=True, smtp_port=free_port(), public_base_url=base_url, **changes)
    )
    async with AsyncTestClient(app=app) as client:
        yield Mailed(client, app)
