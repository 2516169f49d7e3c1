"""The dev SMTP sink's mailbox: served in dev mode only, each tenant sees only its own mail."""

from __future__ import annotations

import dataclasses
import socket
from email.message import EmailMessage

import aiosmtplib
from litestar.testing import AsyncTestClient

from api.app import create_app
from api.settings import Settings
from domain.integrations.mailer import TENANT_HEADER
from tests.factories import Api, expect

MAILBOX = "/api/v1/dev/mailbox"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_the_mailbox_shows_the_callers_tenant_mail(api: Api, settings: Settings) -> None:
    a = await api.signup()
    b = await api.signup()
    port = _free_port()
    app = create_app(dataclasses.replace(settings, mail_sink=True, smtp_port=port))
    async with AsyncTestClient(app=app) as client:
        message = EmailMessage()
        message["From"] = "CRM <no-reply@localhost>"
        message["To"] = "buyer@example.com"
        message["Subject"] = "您的订单 SO-2025-000001 已确认"
        message[TENANT_HEADER] = a.id
        message.set_content("订单 SO-2025-000001")
        await aiosmtplib.send(message, hostname="127.0.0.1", port=port)

        mine = expect(await client.get(MAILBOX, headers=a.owner.headers), 200)
        theirs = expect(await client.get(MAILBOX, headers=b.owner.headers), 200)

    assert mine["running"] is True
    assert [(m["to"], m["subject"], m["rcpt_tos"]) for m in mine["items"]] == [
        ("buyer@example.com", "您的订单 SO-2025-000001 已确认", ["buyer@example.com"])
    ]
    assert "SO-2025-000001" in mine["items"][0]["text"]
    assert theirs == {"running": True, "items": []}


async def test_without_a_sink_the_mailbox_is_empty(api: Api) -> None:
    tenant = await api.signup()
    assert expect(await api.client.get(MAILBOX, headers=tenant.owner.headers), 200) == {"running": False, "items": []}


def test_the_mailbox_does_not_exist_outside_dev(settings: Settings) -> None:
    production = dataclasses.replace(settings, env="production", jwt_secret="x" * 40)
    paths = {route.path for route in create_app(production).routes}
    assert MAILBOX not in paths
    assert "/api/v1/notifications" in paths
    assert not production.mail_sink_in_process
    assert not production.worker_in_process
