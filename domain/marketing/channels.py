"""How a campaign message leaves: email over SMTP in two steps, SMS through a gateway.

**Email, exactly once.** SMTP cannot dedupe, so the send loop orders its steps around the one
moment that decides delivery — the final "." of the DATA section: `prepare` runs MAIL, RCPT and
DATA and writes the whole message but not the dot; the loop then commits the recipient as sent;
`finish` writes the dot and reads the answer. A worker killed before the commit leaves the server
with an unfinished message, which it discards (RFC 5321 §4.1.1.4), and the recipient queued, so
the next run sends it once; killed after the commit, the dot is microseconds away. (Written by
hand on aiosmtplib's protocol because no mail library exposes that moment.) A refusal at RCPT is a
bounce; one after the dot turns the recipient failed.

**SMS** goes through an `SmsGateway`: a real provider adapter, or the dev/test `SmsSink`. The
loop sends inside the recipient's transaction with the recipient's id as the message id, and a
gateway treats a repeated id as the same message (providers' out-id / client reference), so a
worker killed after the send and before the commit sends nothing twice.
"""

from __future__ import annotations

import re
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any, Protocol

import aiosmtplib

from domain.integrations.mailer import SmtpConfig

_LONE_NEWLINE = re.compile(rb"\r\n|\r|\n")
_LEADING_DOT = re.compile(rb"^\.", re.MULTILINE)


class Refused(Exception):
    """The server refused the recipient or the message (`permanent`: a 5xx, a bounce)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.permanent = 500 <= code < 600


class EmailChannel:
    """One SMTP connection for a run of messages, each sent in two steps (see the module)."""

    def __init__(self, smtp: SmtpConfig) -> None:
        self.config = smtp
        self.client: aiosmtplib.SMTP | None = None

    async def open(self) -> None:
        options = self.config.send_options()
        client = aiosmtplib.SMTP(
            hostname=options["hostname"],
            port=options["port"],
            timeout=options["timeout"],
            use_tls=options["use_tls"],
            start_tls=options["start_tls"],
        )
        await client.connect()
        if self.config.username:
            await client.login(self.config.username, self.config.password)
        self.client = client

    async def close(self) -> None:
        if self.client is not None and self.client.is_connected:
            try:
                await self.client.quit()
            except aiosmtplib.SMTPException:
                self.client.close()
        self.client = None

    async def prepare(self, to: str, message: EmailMessage) -> None:
        """Everything but the final dot; Refused when the server will not take the recipient."""
        if self.client is None or not self.client.is_connected:
            await self.open()
        client = self._connected()
        try:
            await client.mail(self.config.sender)
            await client.rcpt(to)
        except aiosmtplib.SMTPResponseException as error:
            await self._reset()
            raise Refused(error.code, error.message) from None
        protocol = self._protocol()
        protocol.write(b"DATA\r\n")
        start = await protocol.read_response(timeout=self.config.timeout)
        if start.code != 354:
            await self._reset()
            raise Refused(start.code, start.message)
        body = _LEADING_DOT.sub(b"..", _LONE_NEWLINE.sub(b"\r\n", message.as_bytes()))
        protocol.write(body if body.endswith(b"\r\n") else body + b"\r\n")

    async def finish(self) -> None:
        """The dot: the server delivers the prepared message now."""
        protocol = self._protocol()
        protocol.write(b".\r\n")
        done = await protocol.read_response(timeout=self.config.timeout)
        if done.code != 250:
            raise Refused(done.code, done.message)

    async def abort(self) -> None:
        """Drop a prepared message: without its dot the server never delivers it."""
        if self.client is not None:
            self.client.close()
        self.client = None

    def _connected(self) -> aiosmtplib.SMTP:
        if self.client is None:
            raise aiosmtplib.SMTPServerDisconnected("not connected")
        return self.client

    def _protocol(self) -> Any:
        protocol = self._connected().protocol
        if protocol is None:
            raise aiosmtplib.SMTPServerDisconnected("not connected")
        return protocol

    async def _reset(self) -> None:
        try:
            await self._connected().rset()
        except aiosmtplib.SMTPException:
            await self.abort()


class SmsGateway(Protocol):
    """Sends one SMS; a repeated `message_id` is the same message, never a second one."""

    async def send(self, tenant_id: uuid.UUID, to: str, text: str, message_id: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Sms:
    tenant_id: uuid.UUID
    to: str
    text: str
    message_id: str
    sent_at: datetime


class SmsSink:
    """The dev and test gateway: keeps what it was given (GET /api/v1/dev/sms shows it)."""

    def __init__(self, capacity: int = 1000) -> None:
        self.messages: deque[Sms] = deque(maxlen=capacity)
        self._seen: set[str] = set()

    async def send(self, tenant_id: uuid.UUID, to: str, text: str, message_id: str) -> None:
        if message_id in self._seen:
            return
        self._seen.add(message_id)
        self.messages.append(Sms(tenant_id, to, text, message_id, datetime.now(UTC)))


class NoSmsGateway:
    """Where no provider is configured: every SMS fails visibly on its recipient."""

    async def send(self, tenant_id: uuid.UUID, to: str, text: str, message_id: str) -> None:
        raise Refused(554, "no SMS provider is configured")
