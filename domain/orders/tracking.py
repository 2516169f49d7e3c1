"""Public order tracking: the token in a link opens one order's status timeline, its store's name
and the customer's masked name, nothing else, without login.

The token is looked up by its SHA-256 in the platform table (no tenant yet), then the order is
read inside that tenant's session, so row-level security still applies.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.customers.public import contact_of, mask_name
from domain.integrations.models import PublicLink
from domain.orders.capture import TRACKING_LINK
from domain.orders.models import Order as OrderRow
from domain.orders.models import OrderEvent
from domain.orders.schemas import OrderTracking, TrackingEvent
from domain.orders.states import OrderStatus
from tenants.clock import utcnow
from tenants.db import TenantScope, platform_session, tenant_session
from tenants.errors import NotFound
from tenants.models import Store
from tenants.scoping import of_tenant

# Timeline kinds a customer may see (edits, internal notes and the like stay inside).
PUBLIC_KINDS = (
    "created",
    "submitted",
    "approved",
    "rejected",
    "fulfilled",
    "shipped",
    "delivered",
    "completed",
    "cancelled",
)


async def track(sessions: async_sessionmaker[AsyncSession], token: str) -> OrderTracking:
    missing = NotFound("No such tracking link.")
    if not token or len(token) > 100:
        raise missing
    digest = hashlib.sha256(token.encode()).hexdigest()
    async with platform_session(sessions) as session:
        link = (
            await session.execute(
                select(PublicLink).where(PublicLink.token_hash == digest, PublicLink.kind == TRACKING_LINK)
            )
        ).scalar_one_or_none()
    if link is None or (link.expires_at is not None and link.expires_at <= utcnow()):
        raise missing
    async with tenant_session(sessions, TenantScope(link.tenant_id)) as session:
        row = (
            await session.execute(
                select(OrderRow, Store.name)
                .join(Store, (Store.tenant_id == OrderRow.tenant_id) & (Store.id == OrderRow.store_id))
                .where(of_tenant(link.tenant_id, OrderRow), OrderRow.id == link.target_id)
            )
        ).one_or_none()
        if row is None:
            raise missing
        order, store_name = row
        customer = await contact_of(session, link.tenant_id, order.customer_id)
        timeline = (
            await session.execute(
                select(OrderEvent.kind, OrderEvent.created_at)
                .where(
                    of_tenant(link.tenant_id, OrderEvent),
                    OrderEvent.order_id == order.id,
                    OrderEvent.kind.in_(PUBLIC_KINDS),
                )
                .order_by(OrderEvent.created_at, OrderEvent.id)
            )
        ).all()
    return OrderTracking(
        number=order.number,
        status=OrderStatus(order.status),
        timeline=[TrackingEvent(kind=kind, at=at) for kind, at in timeline],
        store_name=store_name,
        customer_name=mask_name(customer.name if customer else ""),
    )
