"""The payment provider interface: what a WeChat Pay / Alipay / card-terminal adapter implements.

The CRM never moves money itself; it records what the POS or the provider reports. A real
adapter would confirm the transaction with its provider (query by reference, verify the
signature) before returning a RecordedPayment; `ManualProvider` records the report as-is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Protocol

PaymentMethod = Literal["cash", "card", "wechat_pay", "alipay", "bank_transfer", "store_credit"]


@dataclass(frozen=True, slots=True)
class PaymentReport:
    """A payment (amount > 0) or refund (amount < 0) as the POS reported it, before recording."""

    tenant_id: uuid.UUID
    order_id: uuid.UUID
    order_number: str
    method: PaymentMethod
    amount: Decimal
    currency: str
    reference: str


@dataclass(frozen=True, slots=True)
class RecordedPayment:
    """What the provider confirms; this, not the report, is what gets stored."""

    method: PaymentMethod
    amount: Decimal
    reference: str
    provider: str


class PaymentProvider(Protocol):
    """Confirms a reported payment or refund. Implementations must be idempotent by reference."""

    name: str

    async def record(self, report: PaymentReport) -> RecordedPayment: ...

    async def refund(self, report: PaymentReport) -> RecordedPayment: ...


class ManualProvider:
    """The POS is the source of truth: whatever it reports is recorded as-is (no network)."""

    name = "manual"

    async def record(self, report: PaymentReport) -> RecordedPayment:
        return RecordedPayment(report.method, report.amount, report.reference, self.name)

    async def refund(self, report: PaymentReport) -> RecordedPayment:
        return RecordedPayment(report.method, report.amount, report.reference, self.name)


MANUAL = ManualProvider()


def provider_for(method: PaymentMethod) -> PaymentProvider:
    """The adapter for a method; every method is manual until a real adapter is configured."""
    return MANUAL
