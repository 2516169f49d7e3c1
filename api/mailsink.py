"""A real SMTP server that keeps what it receives (aiosmtpd): the mail sink for dev and tests.

It runs on the caller's event loop (`loop.create_server`), on 127.0.0.1 only; port 0 picks a
free port (tests). Messages are kept in memory, newest last, up to `capacity`.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass(frozen=True, slots=True)
class ReceivedMail:
    received_at: datetime
    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message.get("Subject", ""))

    @property
    def to(self) -> str:
        return str(self.message.get("To", ""))

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain", "html"))
        return str(part.get_content()) if part is not None else ""

    def header(self, name: str) -> str:
        return str(self.message.get(name, ""))


class MailSink:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, capacity: int = 500) -> None:
        self.host = host
        self.port = port
        self.messages: deque[ReceivedMail] = deque(maxlen=capacity)
        self._server: asyncio.Server | None = None
        self._arrived = asyncio.Condition()

    async def start(self) -> int:
        """Listen; returns the bound port."""
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: SMTP(self, hostname="mailsink.local"), self.host, self.port)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # aiosmtpd hook name
        raw = envelope.original_content or envelope.content or b""
        data = raw if isinstance(raw, bytes) else raw.encode()
        parsed: Any = email.message_from_bytes(data, policy=email.policy.default)
        self.messages.append(
            ReceivedMail(
                received_at=datetime.now(UTC),
                mail_from=str(envelope.mail_from or ""),
                rcpt_tos=tuple(str(r) for r in envelope.rcpt_tos),
                message=parsed,
            )
        )
        async with self._arrived:
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[ReceivedMail]:  # noqa: ASYNC109 - a test helper's deadline
        """Wait until at least `count` messages have arrived; returns them all."""
        async with asyncio.timeout(timeout), self._arrived:
            await self._arrived.wait_for(lambda: len(self.messages) >= count)
        return list(self.messages)
