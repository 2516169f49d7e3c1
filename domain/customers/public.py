"""What other contexts may use of customers: names for lists, contact details for messages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers.models import Customer
from domain.customers.services import names_of

__all__ = ["Contact", "contact_of", "names_of"]


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    email: str | None


async def contact_of(session: AsyncSession, tenant_id: uuid.UUID, customer_id: uuid.UUID) -> Contact | None:
    """How to reach a customer (for a consumer in the event's tenant session; no staff scope)."""
    row = (
        await session.execute(
            select(Customer.name, Customer.email).where(Customer.tenant_id == tenant_id, Customer.id == customer_id)
        )
    ).one_or_none()
    return Contact(row.name, row.email) if row is not None else None
