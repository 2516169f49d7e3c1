"""Email machinery: where mail goes (SMTP settings), the plain-text templates in zh-CN and en,
and one message per outbox event. What to send, and when, is each context's consumer's call."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any, Literal

import aiosmtplib
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from domain.integrations.events import Event

TENANT_HEADER = "X-CRM-Tenant"  # lets the dev mailbox show each tenant only its own mail
_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),  # plain-text mail: nothing to escape
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
SmtpSecurity = Literal["none", "starttls", "tls"]


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    """Where mail goes: `starttls` upgrades a plain connection (port 587), `tls` connects over
    TLS from the start (port 465); credentials are sent only when a username is set."""

    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    security: SmtpSecurity = "none"
    timeout: float = 30.0

    def send_options(self) -> dict[str, Any]:
        """Keyword arguments for aiosmtplib.send."""
        options: dict[str, Any] = {
            "hostname": self.host,
            "port": self.port,
            "timeout": self.timeout,
            "use_tls": self.security == "tls",
            "start_tls": self.security == "starttls",
        }
        if self.username:
            options |= {"username": self.username, "password": self.password}
        return options


def template_locale(locale: str) -> str:
    return "zh-CN" if locale.lower().startswith("zh") else "en"


def render_template(name: str, **values: Any) -> str:
    """A plain-text template of this directory (`csat.en.txt`, ...), strictly rendered."""
    return _TEMPLATES.get_template(name).render(**values)


async def send_mail(
    smtp: SmtpConfig, event: Event, to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> None:
    """One plain-text email for one outbox event, tagged with its tenant (raises on refusal, so
    the outbox retries the event). Its Message-ID is the event's: receivers can dedupe."""
    await send_message(smtp, event.tenant_id, to, subject, body, message_id=message_id(event.id), headers=headers)


def message_id(key: uuid.UUID | str) -> str:
    """The Message-ID of the email about `key` (an event id, ...): stable, so a repeat dedupes."""
    return f"<{key}@retail-crm>"


async def send_message(
    smtp: SmtpConfig,
    tenant_id: uuid.UUID,
    to: str,
    subject: str,
    body: str,
    *,
    message_id: str,
    headers: dict[str, str] | None = None,
    html: str | None = None,
) -> None:
    """One email tagged with its tenant: plain text, and `html` as its alternative when given;
    `headers` adds e.g. Reply-To, In-Reply-To."""
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = message_id
    message[TENANT_HEADER] = str(tenant_id)
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    await aiosmtplib.send(message, **smtp.send_options())
