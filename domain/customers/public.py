"""What other contexts may use of customers: labels for the pages that reference one (masked when
the reader may not see her), contact details for messages, and `moments`, the projection through
which their aggregates write the customer's timeline."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers.actions import withdraw_consent
from domain.customers.models import Customer, CustomerSearchTerm
from domain.customers.queries import get_customer, hold_customer
from domain.customers.references import CustomerLabel, label_columns, labels_of, mask_name
from domain.customers.search import plan_search
from domain.customers.timeline import entry as timeline_entry
from domain.customers.timeline import moments
from domain.terms import matching_ids
from tenants import scoping
from tenants.context import Ctx
from tenants.scoping import of_tenant
from tenants.validation import normalise_phone

__all__ = [
    "Contact",
    "Customer",
    "CustomerLabel",
    "contact_of",
    "get_customer",
    "hold_customer",
    "ids_with_exact_phone",
    "ids_with_phone",
    "label_columns",
    "labels_of",
    "mask_name",
    "moments",
    "timeline_entry",
    "withdraw_consent",
]


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


async def ids_with_exact_phone(session: AsyncSession, tenant_id: uuid.UUID, phone: str) -> list[uuid.UUID]:
    """The live customers whose phone is this number (as dialled or in E.164), for a consumer in the
    tenant's session: an SMS reply names its sender's number only."""
    try:
        e164 = normalise_phone(phone)
    except ValueError:
        return []
    query = select(Customer.id).where(
        of_tenant(tenant_id, Customer), Customer.phone == e164, Customer.deleted_at.is_(None)
    )
    return list((await session.execute(query)).scalars())


def ids_with_phone(ctx: Ctx, phone: str) -> Select[Any] | None:
    """Ids of the customers the caller may see whose phone starts with `phone` or ends with it when
    it is 4 digits (the customer search's phone terms: one indexed range lookup), for filtering
    another context's rows by customer; None unless `phone` is digits."""
    digits = re.sub(r"[\s\-()+]", "", phone)
    if not digits.isascii() or not digits.isdigit():
        return None
    ids = matching_ids(
        CustomerSearchTerm.tenant_id,
        CustomerSearchTerm.term,
        CustomerSearchTerm.customer_id,
        ctx.tenant_id,
        plan_search(digits),
    )
    if ids is None:
        return None
    return select(Customer.id).where(scoping.visible(ctx, Customer), Customer.id.in_(ids))
