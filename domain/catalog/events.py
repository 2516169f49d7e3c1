"""The transfer's events: the payload of every topic it emits, registered in the catalogue, and
how the change recorder sees a transfer."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from domain.catalog.models import Transfer, TransferEvent
from domain.catalog.states import TransferAction, TransferStatus
from domain.kernel.events import Topic, topic
from domain.kernel.recorder import AggregateKind, Change


class TransferData(msgspec.Struct, kw_only=True):
    """What every transfer event carries (the envelope's store is the source store)."""

    number: str
    status: TransferStatus
    from_store_id: uuid.UUID
    to_store_id: uuid.UUID


class TransferRequested(TransferData, kw_only=True):
    lines: list[dict[str, Any]]  # {"product_id", "quantity"}


TRANSFER_REQUESTED = topic("transfer.requested", TransferRequested, "A store asked for stock to move.")
TRANSFER_SHIPPED = topic("transfer.shipped", TransferData, "The stock left the source store; it is in transit.")
TRANSFER_RECEIVED = topic("transfer.received", TransferData, "The stock arrived at the destination store.")
TRANSFER_CANCELLED = topic("transfer.cancelled", TransferData, "The transfer was withdrawn before it shipped.")

# The topic of each action (None: the request that creates the transfer).
TRANSFER_TOPICS: dict[TransferAction | None, Topic[Any]] = {
    None: TRANSFER_REQUESTED,
    TransferAction.SHIP: TRANSFER_SHIPPED,
    TransferAction.RECEIVE: TRANSFER_RECEIVED,
    TransferAction.CANCEL: TRANSFER_CANCELLED,
}


def _snapshot(transfer: Transfer) -> dict[str, Any]:
    return {
        "number": transfer.number,
        "status": transfer.status,
        "from_store_id": transfer.from_store_id,
        "to_store_id": transfer.to_store_id,
    }


def _timeline(transfer: Transfer, change: Change) -> TransferEvent:
    return TransferEvent.of(transfer.tenant_id, change, transfer_id=transfer.id)


TRANSFER: AggregateKind[Transfer] = AggregateKind(
    "transfer", _snapshot, lambda transfer: transfer.from_store_id, _timeline
)
