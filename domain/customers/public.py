"""What other contexts may use of customers: labels for the pages that reference one (masked when
the reader may not see her), contact details for messages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers.models import Customer
from domain.customers.queries import get_customer
from domain.customers.references import CustomerLabel, label_columns, labels_of, mask_name
from tenants.scoping import of_tenant

__all__ = ["Contact", "CustomerLabel", "contact_of", "get_customer", "label_columns", "labels_of", "mask_name"]


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    email: str | None
    phone: str | None
    language: str | None  # None: the tenant's


async def contact_of(session: AsyncSession, tenant_id: uuid.UUID, customer_id: uuid.UUID) -> Contact | None:
    """How to reach a customer (for a consumer in the event's tenant session; no staff scope)."""
    row = (
        await session.execute(
            select(Customer.name, Customer.email, Customer.phone, Customer.language).where(
                of_tenant(tenant_id, Customer), Customer.id == customer_id
            )
        )
    ).one_or_none()
    return Contact(row.name, row.email, row.phone, row.language) if row is not None else None
