"""Keeping stored segment membership current from the events of other contexts: a change of a
customer, one of her orders or returns, tickets or loyalty account re-evaluates, for her alone,
the dynamic segments whose rules read that context (membership.reconcile)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from domain.integrations.events import Event
from domain.kernel.events import CATALOGUE
from domain.kernel.recorder import system_ctx
from domain.marketing.catalogue import Source
from domain.marketing.membership import reconcile

MEMBERSHIP = "segment membership"
# The topics (by prefix) that change what each source reads.
SOURCES_BY_PREFIX = {
    "customer.": Source.CUSTOMER,
    "order.": Source.ORDERS,
    "return.": Source.ORDERS,
    "ticket.": Source.TICKETS,
    "loyalty.": Source.LOYALTY,
}


def source_of(topic: str) -> Source | None:
    return next((s for prefix, s in SOURCES_BY_PREFIX.items() if topic.startswith(prefix)), None)


def customer_of(event: Event) -> uuid.UUID | None:
    """Whom the event is about: the customer herself, or the customer of the order, return,
    ticket or loyalty account (None: a walk-in sale)."""
    if event.aggregate_type == "customer":
        return event.aggregate_id
    raw = event.data.get("customer_id")
    return uuid.UUID(str(raw)) if raw else None


class SegmentMembership:
    """Idempotent: it computes her membership from the rows as they are now, whatever ran before."""

    name = "segments"

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(t.name for t in CATALOGUE.topics() if source_of(t.name) is not None)

    async def handle(self, session: AsyncSession, event: Event) -> None:
        source, customer_id = source_of(event.topic), customer_of(event)
        if source is None or customer_id is None:
            return
        await reconcile(system_ctx(session, event.tenant_id, MEMBERSHIP), customer_id, {source})
