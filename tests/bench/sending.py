"""The campaign send cases: the product's send job against a raw-SMTP floor into the same sink.

- *campaign send (messages)*: a campaign of N customers of the biggest tenant (tenant 1, those with
  an email address and consent), frozen as the scheduler freezes it, then the send job exactly as
  the worker runs it (`send_campaign`: per recipient a transaction that locks her row, checks her
  consent again, renders her message with her name, points and store, rewrites its link, records
  her sent with her timeline entry, and the two-step SMTP send around the commit), into the
  product's SMTP sink in a process of its own; messages/s from the job's start to its end.
- *raw SMTP send floor (messages)*: the same number of messages of the same size, built in
  advance, sent over one connection with aiosmtplib's `send_message`: no database, no rendering.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from email.message import EmailMessage
from typing import Any

import aiosmtplib
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.state import Resources
from domain.customers.models import Customer
from domain.integrations.jobs import JobRun
from domain.integrations.mailer import SmtpConfig
from domain.kernel.recorder import system_ctx
from domain.marketing.channels import NoSmsGateway
from domain.marketing.models import Campaign, MarketingSettings, Segment, SegmentMember
from domain.marketing.sending import Delivery, freeze, send_campaign
from tenants.clock import utcnow
from tenants.db import TenantScope, tenant_session
from tenants.ids import uuid7
from tests.bench import workload

FIRST_GUESS = 200.0  # messages/s, to size the first (warm-up) campaign
MIN_MESSAGES = 200
HTML = '<p>{{ customer.name }}您好，双十二会员价，<a href="https://shop.example.com/d12">立即选购</a>。</p>'
SENDER = "零售会员 <news@bench.example.com>"


@dataclasses.dataclass
class SendCases:
    resources: Resources
    smtp_port: int
    estimates: dict[str, float] = dataclasses.field(default_factory=dict)
    offset: int = 0

    tenant = workload.tenant_id(1)

    def _size(self, case: str, seconds: float) -> int:
        return max(MIN_MESSAGES, round(self.estimates.get(case, FIRST_GUESS) * seconds))

    def _result(self, case: str, n: int, seconds: float) -> dict[str, Any]:
        self.estimates[case] = n / seconds
        return {"rate": n / seconds, "p50_us": 0.0, "p99_us": 0.0, "requests": n, "seconds": seconds}

    def _delivery(self) -> Delivery:
        smtp = SmtpConfig("127.0.0.1", self.smtp_port, SENDER)
        return Delivery(smtp, NoSmsGateway(), "https://crm.bench", email_per_second=0, sms_per_second=0)

    async def _campaign(self, n: int) -> uuid.UUID:
        """A campaign of n customers with email and consent, frozen and sending (no frequency cap)."""
        now = utcnow()
        async with tenant_session(self.resources.sessions, TenantScope(self.tenant)) as session:
            await session.execute(
                insert(MarketingSettings)
                .values(
                    tenant_id=self.tenant,
                    id=uuid7(),
                    frequency_cap=0,
                    frequency_days=7,
                    quiet_start_minute=0,
                    quiet_end_minute=0,
                    attribution_days=7,
                    require_approval=False,
                    version=1,
                )
                .on_conflict_do_nothing()
            )
            ids = list(
                (
                    await session.execute(
                        select(Customer.id)
                        .where(
                            Customer.tenant_id == self.tenant,
                            Customer.email.is_not(None),
                            Customer.email_consent,
                            Customer.deleted_at.is_(None),
                        )
                        .order_by(Customer.id)
                        .offset(self.offset)
                        .limit(n)
                    )
                ).scalars()
            )
            self.offset = (self.offset + n) % 20_000
            segment = Segment(
                tenant_id=self.tenant, id=uuid7(), name=f"bench {uuid.uuid4().hex[:8]}", kind="static", version=1
            )
            session.add(segment)
            await session.flush()
            await session.execute(
                insert(SegmentMember),
                [{"tenant_id": self.tenant, "segment_id": segment.id, "customer_id": c, "joined_at": now} for c in ids],
            )
            campaign = Campaign(
                tenant_id=self.tenant,
                id=uuid7(),
                name=f"bench {uuid.uuid4().hex[:8]}",
                channel="email",
                status="sending",
                include_segment_ids=[segment.id],
                exclude_segment_ids=[],
                content={"zh-CN": {"subject": "{{ customer.name }}，双十二", "html": HTML, "text": ""}},
                started_at=now,
                version=1,
            )
            session.add(campaign)
            await session.flush()
            await freeze(system_ctx(session, self.tenant, "bench"), campaign, now)
            return campaign.id

    async def product(self, seconds: float) -> dict[str, Any]:
        n = self._size("send", seconds)
        campaign_id = await self._campaign(n)
        run = JobRun(self.tenant, uuid.uuid4(), {}, None, "zh-CN", self.resources.files, self.resources.sessions)
        run.progress = _no_progress  # type: ignore[method-assign]
        started = time.perf_counter()
        result = await send_campaign(run, self._delivery(), campaign_id)
        elapsed = time.perf_counter() - started
        if result["handled"] != n:
            raise RuntimeError(f"the send job handled {result['handled']} of {n} recipients")
        return self._result("send", n, elapsed)

    async def floor(self, seconds: float) -> dict[str, Any]:
        n = self._size("floor", seconds)
        messages = []
        for k in range(n):
            message = EmailMessage()
            message["From"] = SENDER
            message["To"] = f"floor{k}@example.com"
            message["Subject"] = "王芳，双十二"
            message["Message-ID"] = f"<floor-{uuid.uuid4()}@bench>"
            message["List-Unsubscribe"] = "<https://crm.bench/api/v1/public/unsubscribe/" + "x" * 62 + ">"
            message.set_content("王芳您好，双十二会员价。\n\n退订：https://crm.bench/unsubscribe/" + "x" * 62)
            message.add_alternative(HTML.replace("{{ customer.name }}", "王芳") + "<img src='x'>", subtype="html")
            messages.append(message)
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=self.smtp_port)
        await client.connect()
        try:
            started = time.perf_counter()
            for message in messages:
                await client.send_message(message)
            elapsed = time.perf_counter() - started
        finally:
            await client.quit()
        return self._result("floor", n, elapsed)

    def cases(self) -> dict[str, Any]:
        return {"campaign send (messages)": self.product, "raw SMTP send floor (messages)": self.floor}


async def _no_progress(done: int, total: int | None = None) -> None:
    return None
