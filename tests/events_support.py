"""Synthetic events for consumer and relay tests: written through the kernel's one outbox writer
(a registered topic, a payload of its type, the envelope) without the aggregate behind them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.state import Resources
from domain.kernel.events import Actor, AggregateRef, Topic
from domain.kernel.recorder import emit, system_actor
from domain.orders.events import ORDER_APPROVED
from tenants.clock import stamp
from tenants.db import TenantScope, tenant_session
from tenants.ids import uuid7

TEST_ACTOR = system_actor("tests")


def order_data(number: str, customer_id: str | None = None, **fields: Any) -> dict[str, Any]:
    """A plausible order payload (the order itself does not exist); `automatic` is what the
    default topic, order.approved, adds (other topics ignore it)."""
    return {
        "automatic": False,
        "number": number,
        "status": "approved",
        "customer_id": customer_id or str(uuid7()),
        "total": "128.00",
        "currency": "CNY",
        "requires_approval": False,
        **fields,
    }


async def emit_event(
    resources: Resources,
    tenant_id: uuid.UUID,
    data: dict[str, Any],
    *,
    topic: Topic[Any] = ORDER_APPROVED,
    store_id: uuid.UUID | None = None,
    aggregate_id: uuid.UUID | None = None,
    actor: Actor = TEST_ACTOR,
) -> uuid.UUID:
    """One committed event of `topic` about an order that is not in the database; its id."""
    async with tenant_session(resources.sessions, TenantScope(tenant_id)) as session:
        return write_event(
            session, tenant_id, data, topic=topic, store_id=store_id, aggregate_id=aggregate_id, actor=actor
        )


def write_event(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    data: dict[str, Any],
    *,
    topic: Topic[Any] = ORDER_APPROVED,
    store_id: uuid.UUID | None = None,
    aggregate_id: uuid.UUID | None = None,
    actor: Actor = TEST_ACTOR,
) -> uuid.UUID:
    """The same event, in the caller's transaction."""
    aggregate = AggregateRef(type="order", id=aggregate_id or uuid7(), version=1)
    return emit(session, tenant_id, topic, aggregate, store_id, actor, data, stamp())
