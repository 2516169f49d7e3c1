"""Process-wide resources kept on the app state, and typed accessors for them."""

from __future__ import annotations

from dataclasses import dataclass, field

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.mailsink import MailSink
from api.settings import Settings
from domain.marketing.channels import NoSmsGateway, SmsGateway
from tenants.auth import AuthConfig
from tenants.files import FileStore


@dataclass(slots=True)
class Resources:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    redis: Redis
    auth: AuthConfig
    files: FileStore  # exports and uploads, per tenant (tenants/files.py)
    mail_sink: MailSink | None = None  # the dev SMTP sink, when this process runs it
    # Where campaign SMS go: the dev/test sink (GET /api/v1/dev/sms) in dev mode; a provider adapter
    # otherwise (none is configured yet: SMS recipients fail visibly).
    sms: SmsGateway = field(default_factory=NoSmsGateway)
