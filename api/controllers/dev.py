"""Dev-only routes: registered by create_app only in dev mode (APP_ENV dev/test), never in production."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, get, post
from litestar.params import JSONBody

from api.security import AUTHENTICATED, principal_of, resources
from domain.integrations.mailer import TENANT_HEADER
from domain.marketing import tracking
from domain.marketing.channels import SmsSink
from tenants.db import TenantScope, tenant_session


class MailboxMessage(msgspec.Struct, kw_only=True):
    received_at: datetime
    mail_from: str
    to: str
    rcpt_tos: list[str]
    subject: str
    text: str


class Mailbox(msgspec.Struct, kw_only=True):
    running: bool
    items: list[MailboxMessage]


@get(
    "/api/v1/dev/mailbox",
    operation_id="DevMailbox",
    tags=["Dev"],
    opt={AUTHENTICATED: True},
    summary="Dev only: mail the local SMTP sink received for my tenant, newest first",
)
async def dev_mailbox(request: Request[Any, Any, Any]) -> Mailbox:
    principal = principal_of(request)
    sink = resources(request).mail_sink
    if sink is None:
        return Mailbox(running=False, items=[])
    tenant = str(principal.tenant_id)
    return Mailbox(
        running=True,
        items=[
            MailboxMessage(
                received_at=m.received_at,
                mail_from=m.mail_from,
                to=m.to,
                rcpt_tos=list(m.rcpt_tos),
                subject=m.subject,
                text=m.text,
            )
            for m in reversed(sink.messages)
            if m.header(TENANT_HEADER) == tenant
        ],
    )


class SentSms(msgspec.Struct, kw_only=True):
    sent_at: datetime
    to: str
    text: str
    message_id: str


class SmsOutbox(msgspec.Struct, kw_only=True):
    running: bool
    items: list[SentSms]


@get(
    "/api/v1/dev/sms",
    operation_id="DevSms",
    tags=["Dev"],
    opt={AUTHENTICATED: True},
    summary="Dev only: SMS the local SMS sink took for my tenant, newest first",
)
async def dev_sms(request: Request[Any, Any, Any]) -> SmsOutbox:
    principal = principal_of(request)
    sink = resources(request).sms
    if not isinstance(sink, SmsSink):
        return SmsOutbox(running=False, items=[])
    return SmsOutbox(
        running=True,
        items=[
            SentSms(sent_at=m.sent_at, to=m.to, text=m.text, message_id=m.message_id)
            for m in reversed(sink.messages)
            if m.tenant_id == principal.tenant_id
        ],
    )


class SmsReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    sender: Annotated[str, msgspec.Meta(min_length=3, max_length=32)]  # the customer's number
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class SmsReplyHandled(msgspec.Struct, kw_only=True):
    withdrawn: int  # customers whose SMS consent the reply withdrew


@post(
    "/api/v1/dev/sms/replies",
    operation_id="DevSmsReply",
    tags=["Dev"],
    status_code=200,
    opt={AUTHENTICATED: True},
    summary="Dev only: a customer's reply to an SMS, as a provider's inbound webhook would bring it "
    "(a stop word such as T or 退订 withdraws her SMS consent)",
)
async def dev_sms_reply(request: Request[Any, Any, Any], data: JSONBody[SmsReply]) -> SmsReplyHandled:
    principal = principal_of(request)
    async with tenant_session(resources(request).sessions, TenantScope(principal.tenant_id)) as session:
        withdrawn = await tracking.sms_reply(session, principal.tenant_id, data.sender, data.text)
    return SmsReplyHandled(withdrawn=withdrawn)


DEV_ROUTES = [dev_mailbox, dev_sms, dev_sms_reply]
