"""A test send: the campaign once to a staff address or phone, rendered as a chosen customer would
get it (or with sample values), its subject marked as a test; nothing is written for any
customer, no link is tracked, and no consent or cap applies (the address is the sender's own)."""

from __future__ import annotations

import uuid

import aiosmtplib

from domain.integrations.mailer import send_message
from domain.marketing.campaign_queries import rendered, visible_customer
from domain.marketing.campaign_schemas import TestSend, TestSent
from domain.marketing.channels import Refused
from domain.marketing.models import Campaign
from domain.marketing.sending import Delivery, plain_text
from tenants.context import Ctx
from tenants.errors import Conflict, invalid
from tenants.ids import uuid7
from tenants.scoping import load_visible
from tenants.validation import normalise_email, normalise_phone

MARK = {"zh-CN": "[测试] ", "en": "[Test] "}


async def send_test(ctx: Ctx, campaign_id: uuid.UUID, data: TestSend, delivery: Delivery) -> TestSent:
    row = await load_visible(ctx, Campaign, campaign_id)
    customer = await visible_customer(ctx, data.customer_id) if data.customer_id is not None else None
    message = await rendered(ctx, row, customer, data.language, data.variant)
    try:
        to = normalise_email(data.to) if row.channel == "email" else normalise_phone(data.to)
    except ValueError as error:
        raise invalid("to", str(error)) from None
    subject = MARK[message.language] + message.subject if row.channel == "email" else ""
    try:
        if row.channel == "email":
            text = message.text or plain_text(message.html)
            await send_message(
                delivery.smtp,
                ctx.tenant_id,
                to,
                subject,
                text,
                message_id=f"<test-{uuid7()}@retail-crm>",
                html=message.html,
            )
        else:
            await delivery.sms.send(ctx.tenant_id, to, MARK[message.language] + message.text, f"test-{uuid7()}")
    except (Refused, OSError, aiosmtplib.SMTPException) as error:
        raise Conflict(f"The test message could not be sent: {error}", code="test_send_failed") from None
    ctx.audit("campaign.test_sent", "campaign", row.id, {"to": to})
    return TestSent(channel=row.channel, to=to, language=message.language, subject=subject)  # type: ignore[arg-type]
