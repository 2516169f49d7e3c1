"""Sending a campaign as the worker does, for tests: a JobRun for the send job, the Delivery
pointed at a test's SMTP sink, and `python -m tests.campaign_send_support TENANT CAMPAIGN PORT`,
a worker process of its own that a test can kill mid-send."""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import uuid
from collections.abc import Callable
from datetime import datetime

from api.app import build_resources
from api.settings import load_settings
from api.state import Resources
from domain.integrations.jobs import JobRun
from domain.integrations.mailer import SmtpConfig
from domain.marketing.channels import SmsGateway, SmsSink
from domain.marketing.sending import Delivery, send_campaign
from tenants.clock import utcnow

BASE_URL = "http://crm.test"


def delivery(port: int, sms: SmsGateway | None = None, rate: float = 10_000.0) -> Delivery:
    smtp = SmtpConfig("127.0.0.1", port, "零售会员 <news@crm.test>")
    return Delivery(smtp, sms or SmsSink(), BASE_URL, email_per_second=rate, sms_per_second=rate)


def job_run(resources: Resources, tenant_id: uuid.UUID, campaign_id: uuid.UUID) -> JobRun:
    params = {"campaign_id": str(campaign_id)}
    return JobRun(tenant_id, uuid.uuid4(), params, None, "zh-CN", resources.files, resources.sessions)


async def send(
    resources: Resources,
    tenant_id: uuid.UUID,
    campaign_id: uuid.UUID,
    d: Delivery,
    clock: Callable[[], datetime] = utcnow,
) -> None:
    """The send job's body (its job row's progress is not needed here)."""
    run = job_run(resources, tenant_id, campaign_id)
    run.progress = _no_progress  # type: ignore[method-assign]
    await send_campaign(run, d, campaign_id, clock)


async def _no_progress(done: int, total: int | None = None) -> None:
    return None


async def _main(tenant: str, campaign: str, port: int, rate: float) -> None:
    settings = dataclasses.replace(load_settings(), env="test")
    resources = build_resources(settings)
    try:
        await send(resources, uuid.UUID(tenant), uuid.UUID(campaign), delivery(port, rate=rate))
    finally:
        await resources.engine.dispose()


if __name__ == "__main__":
    asyncio.run(_main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])))
