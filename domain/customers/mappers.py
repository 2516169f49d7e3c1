"""Customer row → response schema."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Row

from domain.customers.models import Customer as CustomerRow
from domain.customers.schemas import Address, Consent, ConsentState, Customer, Gender, Stage
from tenants.schemas import Locale


def consent_of(row: Any) -> Consent:
    """Her consent per channel, from anything carrying the customers' consent columns."""
    return Consent(
        email=ConsentState(granted=row.email_consent, at=row.email_consent_at, source=row.email_consent_source),
        sms=ConsentState(granted=row.sms_consent, at=row.sms_consent_at, source=row.sms_consent_source),
    )


def customer_out(row: CustomerRow | Row[Any]) -> Customer:
    """From an ORM row, or a Core row of the customers columns (the one-statement read)."""
    return Customer(
        id=row.id,
        name=row.name,
        gender=cast(Gender, row.gender),
        birthday=row.birthday,
        phone=row.phone,
        email=row.email,
        address=Address(province=row.province, city=row.city, district=row.district, detail=row.address_detail),
        tags=list(row.tags or []),
        lifecycle_stage=cast(Stage, row.lifecycle_stage),
        home_store_id=row.home_store_id,
        assigned_to=row.assigned_to,
        consent=consent_of(row),
        notes=row.notes,
        external_id=row.external_id,
        language=cast(Locale | None, row.language),
        custom=dict(row.custom or {}),
        created_by=row.created_by,
        updated_by=row.updated_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )
