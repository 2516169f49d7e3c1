"""The order lifecycle: one status enum, one transition table, and the guards that narrow it.

Saleor's order actions are the model: every action names the statuses it may start from here,
the services lock the row, check `ensure_allowed`, change state and write an event. The SPA only
shows the buttons `allowed_actions` returns, so the table is the single source for both.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol

from domain.kernel.lifecycle import Lifecycle, step


class OrderStatus(StrEnum):
    DRAFT = "draft"  # being captured: lines editable, nothing reserved
    PENDING_APPROVAL = "pending_approval"  # submitted above an approval rule; waits for orders:approve
    APPROVED = "approved"  # accepted; stock reserved for every line, nothing packed yet
    PROCESSING = "processing"  # some units packed or shipped, not all packed / not all shipped
    FULFILLED = "fulfilled"  # every unit packed, none shipped yet
    SHIPPED = "shipped"  # every unit shipped (stock consumed)
    DELIVERED = "delivered"  # the customer has the goods
    COMPLETED = "completed"  # closed; nothing more happens except returns
    CANCELLED = "cancelled"  # stopped before anything shipped; reservations released
    REJECTED = "rejected"  # an approver said no; nothing was ever reserved


class OrderAction(StrEnum):
    UPDATE_LINES = "update_lines"
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    FULFIL = "fulfil"
    SHIP = "ship"
    DELIVER = "deliver"
    COMPLETE = "complete"
    CANCEL = "cancel"
    EDIT = "edit"
    ATTACH_CUSTOMER = "attach_customer"
    DISCARD = "discard"


S = OrderStatus


class LineQuantities(Protocol):
    @property
    def quantity(self) -> int: ...
    @property
    def fulfilled_quantity(self) -> int: ...
    @property
    def shipped_quantity(self) -> int: ...


Lines = list[LineQuantities]


def _has_lines(lines: Lines) -> str | None:
    return None if lines else "the order has no lines"


def _something_to_pack(lines: Lines) -> str | None:
    if all(line.fulfilled_quantity >= line.quantity for line in lines):
        return "every unit is already packed"
    return None


def _something_to_ship(lines: Lines) -> str | None:
    if all(line.shipped_quantity >= line.fulfilled_quantity for line in lines):
        return "there is no packed fulfilment to ship"
    return None


def _nothing_shipped(lines: Lines) -> str | None:
    return "part of the order has already shipped" if any(line.shipped_quantity > 0 for line in lines) else None


LIVE = (S.APPROVED, S.PROCESSING, S.FULFILLED)
# A member may be attached to any order that is still going to happen or has happened (not to a
# cancelled or rejected one); the order must also have no payments yet (checked on the order).
ATTACHABLE = (S.DRAFT, S.PENDING_APPROVAL, *LIVE, S.SHIPPED, S.DELIVERED, S.COMPLETED)

# The transition table, written once: checks, allowed_actions, the unit tests and the SPA's
# buttons derive from it. The guard receives the order's lines. Fulfil and ship compute the
# target from the packed and shipped quantities (progress_status).
LIFECYCLE: Lifecycle[OrderStatus, OrderAction] = Lifecycle(
    "order",
    OrderStatus,
    {
        OrderAction.UPDATE_LINES: step([S.DRAFT], "orders:create"),
        OrderAction.SUBMIT: step([S.DRAFT], "orders:create", guard=_has_lines),
        OrderAction.APPROVE: step([S.PENDING_APPROVAL], "orders:approve", S.APPROVED),
        OrderAction.REJECT: step([S.PENDING_APPROVAL], "orders:approve", S.REJECTED),
        OrderAction.FULFIL: step([S.APPROVED, S.PROCESSING], "orders:fulfil", guard=_something_to_pack),
        OrderAction.SHIP: step([S.PROCESSING, S.FULFILLED], "orders:fulfil", guard=_something_to_ship),
        OrderAction.DELIVER: step([S.SHIPPED], "orders:fulfil", S.DELIVERED),
        OrderAction.COMPLETE: step([S.DELIVERED], "orders:fulfil", S.COMPLETED),
        OrderAction.CANCEL: step([S.DRAFT, S.PENDING_APPROVAL, *LIVE], "orders:cancel", S.CANCELLED, _nothing_shipped),
        OrderAction.EDIT: step(LIVE, "orders:update", guard=_nothing_shipped),
        OrderAction.ATTACH_CUSTOMER: step(ATTACHABLE, "orders:create"),
        # A parked cart nobody will come back for: the draft ends as cancelled, with no reason asked.
        OrderAction.DISCARD: step([S.DRAFT], "orders:create", S.CANCELLED),
    },
)

# Statuses in which the order holds a stock reservation for its unshipped units.
RESERVED_STATUSES = frozenset(LIVE)


def progress_status(lines: Iterable[LineQuantities]) -> OrderStatus:
    """Where an approved order stands from its packed and shipped quantities."""
    current = list(lines)
    ordered = sum(line.quantity for line in current)
    packed = sum(line.fulfilled_quantity for line in current)
    shipped = sum(line.shipped_quantity for line in current)
    if ordered and shipped >= ordered:
        return S.SHIPPED
    if ordered and packed >= ordered and shipped == 0:
        return S.FULFILLED
    if packed > 0:
        return S.PROCESSING
    return S.APPROVED
