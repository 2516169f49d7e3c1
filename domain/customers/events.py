"""The customer's events: the payload of every topic she emits, registered in the catalogue, and
how the change recorder sees a customer (snapshot, home store, her own timeline moments)."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from domain.customers.models import Customer
from domain.customers.timeline import moments
from domain.kernel.events import topic
from domain.kernel.recorder import AggregateKind


class CustomerData(msgspec.Struct, kw_only=True):
    """What every customer event carries: routing and consent, no contact details (a consumer
    that needs them reads the customer in its own tenant session)."""

    home_store_id: uuid.UUID | None
    lifecycle_stage: str
    email_consent: bool
    sms_consent: bool


class CustomerUpdated(CustomerData, kw_only=True):
    fields: list[str]  # the fields that changed


class CustomerMerged(CustomerData, kw_only=True):
    merged_id: uuid.UUID  # the record merged into this one; its id now answers 404 with merged_into


CUSTOMER_CREATED = topic("customer.created", CustomerData, "A customer was registered.")
CUSTOMER_UPDATED = topic("customer.updated", CustomerUpdated, "A customer's profile or consent changed.")
CUSTOMER_DELETED = topic("customer.deleted", CustomerData, "A customer was deleted.")
CUSTOMER_MERGED = topic(
    "customer.merged", CustomerMerged, "Another record of the same person was merged into this customer."
)


def _snapshot(customer: Customer) -> dict[str, Any]:
    return {
        "home_store_id": customer.home_store_id,
        "lifecycle_stage": customer.lifecycle_stage,
        "email_consent": customer.email_consent,
        "sms_consent": customer.sms_consent,
    }


CUSTOMER: AggregateKind[Customer] = AggregateKind(
    "customer",
    _snapshot,
    lambda customer: customer.home_store_id,
    projections=(
        moments(
            "customer",
            frozenset({"created", "updated", "merged"}),
            customer_of=lambda customer: customer.id,
            store_of=lambda customer: None,  # her own moments: seen by whoever may see her
            label_of=lambda customer: "",
        ),
    ),
)
