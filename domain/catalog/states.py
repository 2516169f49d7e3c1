"""The transfer lifecycle, written once: statuses, actions and the transition table."""

from __future__ import annotations

from enum import StrEnum

from domain.kernel.lifecycle import Lifecycle, step


class TransferStatus(StrEnum):
    REQUESTED = "requested"  # asked for, stock still in the source store (cancellable)
    SHIPPED = "shipped"  # left the source store (transfer_out movements); in transit
    RECEIVED = "received"  # arrived at the destination (transfer_in movements); final
    CANCELLED = "cancelled"  # withdrawn before shipping; final, no stock moved


class TransferAction(StrEnum):
    SHIP = "ship"
    RECEIVE = "receive"
    CANCEL = "cancel"


S = TransferStatus

# Ship acts on the source store's stock and receive on the destination's: the caller also needs
# that store in scope (transfers.py checks it; the table only knows statuses and permissions).
LIFECYCLE: Lifecycle[TransferStatus, TransferAction] = Lifecycle(
    "transfer",
    TransferStatus,
    {
        TransferAction.SHIP: step([S.REQUESTED], "inventory:transfer", S.SHIPPED),
        TransferAction.RECEIVE: step([S.SHIPPED], "inventory:transfer", S.RECEIVED),
        TransferAction.CANCEL: step([S.REQUESTED], "inventory:transfer", S.CANCELLED),
    },
)
