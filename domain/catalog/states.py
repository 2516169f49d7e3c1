"""The transfer lifecycle, written once: statuses, the transition table, allowed actions."""

from __future__ import annotations

from typing import Final

from domain.catalog.errors import InvalidTransition
from domain.catalog.schemas import TransferAction, TransferStatus

# requested: asked for, stock still in the source store (cancellable)
# shipped:   left the source store (transfer_out movements); in transit
# received:  arrived at the destination (transfer_in movements); final
# cancelled: withdrawn before shipping; final, no stock moved
STATUSES: Final[tuple[TransferStatus, ...]] = ("requested", "shipped", "received", "cancelled")

# action → (from status, to status)
TRANSITIONS: Final[dict[TransferAction, tuple[TransferStatus, TransferStatus]]] = {
    "ship": ("requested", "shipped"),
    "receive": ("shipped", "received"),
    "cancel": ("requested", "cancelled"),
}


def allowed_actions(status: str) -> list[TransferAction]:
    """The actions the transition table allows from `status`, in table order."""
    return [action for action, (source, _) in TRANSITIONS.items() if source == status]


def next_status(status: str, action: TransferAction) -> TransferStatus:
    """The status `action` leads to from `status`; InvalidTransition (409) when it is not allowed."""
    source, target = TRANSITIONS[action]
    if status != source:
        raise InvalidTransition(
            f"A {status} transfer cannot {action}.",
            extra={"current_status": status, "action": action, "allowed_actions": allowed_actions(status)},
        )
    return target
