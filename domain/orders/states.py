"""The order lifecycle: one status enum, one transition table, and the guards that narrow it.

Saleor's order actions are the model: every action names the statuses it may start from here,
the services lock the row, check `ensure_allowed`, change state and write an event. The SPA only
shows the buttons `allowed_actions` returns, so the table is the single source for both.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol

from domain.orders.errors import InvalidTransition


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


S = OrderStatus

# The transition table: action → statuses it may start from. Written once; everything else
# (checks, allowed_actions, the unit tests) derives from it.
TRANSITIONS: dict[OrderAction, frozenset[OrderStatus]] = {
    OrderAction.UPDATE_LINES: frozenset({S.DRAFT}),
    OrderAction.SUBMIT: frozenset({S.DRAFT}),
    OrderAction.APPROVE: frozenset({S.PENDING_APPROVAL}),
    OrderAction.REJECT: frozenset({S.PENDING_APPROVAL}),
    OrderAction.FULFIL: frozenset({S.APPROVED, S.PROCESSING}),
    OrderAction.SHIP: frozenset({S.PROCESSING, S.FULFILLED}),
    OrderAction.DELIVER: frozenset({S.SHIPPED}),
    OrderAction.COMPLETE: frozenset({S.DELIVERED}),
    OrderAction.CANCEL: frozenset({S.DRAFT, S.PENDING_APPROVAL, S.APPROVED, S.PROCESSING, S.FULFILLED}),
    OrderAction.EDIT: frozenset({S.APPROVED, S.PROCESSING, S.FULFILLED}),
}

# Who may do what (the route declares the same permission; here it filters allowed_actions).
PERMISSIONS: dict[OrderAction, str] = {
    OrderAction.UPDATE_LINES: "orders:create",
    OrderAction.SUBMIT: "orders:create",
    OrderAction.APPROVE: "orders:approve",
    OrderAction.REJECT: "orders:approve",
    OrderAction.FULFIL: "orders:fulfil",
    OrderAction.SHIP: "orders:fulfil",
    OrderAction.DELIVER: "orders:fulfil",
    OrderAction.COMPLETE: "orders:fulfil",
    OrderAction.CANCEL: "orders:cancel",
    OrderAction.EDIT: "orders:update",
}

# Statuses in which the order holds a stock reservation for its unshipped units.
RESERVED_STATUSES = frozenset({S.APPROVED, S.PROCESSING, S.FULFILLED})


class HasStatus(Protocol):
    @property
    def status(self) -> str: ...


class LineQuantities(Protocol):
    @property
    def quantity(self) -> int: ...
    @property
    def fulfilled_quantity(self) -> int: ...
    @property
    def shipped_quantity(self) -> int: ...


def _guard(action: OrderAction, lines: list[LineQuantities]) -> str | None:
    """Why `action` is refused even though the status allows it (None when it is fine)."""
    shipped = sum(line.shipped_quantity for line in lines)
    if action is OrderAction.FULFIL and all(line.fulfilled_quantity >= line.quantity for line in lines):
        return "every unit is already packed"
    if action is OrderAction.SHIP and all(line.shipped_quantity >= line.fulfilled_quantity for line in lines):
        return "there is no packed fulfilment to ship"
    if action in (OrderAction.CANCEL, OrderAction.EDIT) and shipped > 0:
        return "part of the order has already shipped"
    if action is OrderAction.SUBMIT and not lines:
        return "the order has no lines"
    return None


def ensure_allowed(action: OrderAction, order: HasStatus, lines: Iterable[LineQuantities]) -> None:
    """Raise InvalidTransition (409 `invalid_transition`) unless `action` is legal now."""
    status = order.status
    if status not in TRANSITIONS[action]:
        raise InvalidTransition(action, status)
    reason = _guard(action, list(lines))
    if reason:
        raise InvalidTransition(action, status, reason)


def allowed_actions(
    order: HasStatus, lines: Iterable[LineQuantities], permissions: frozenset[str] | None = None
) -> list[OrderAction]:
    """The actions legal for this order now (in table order), optionally only those the caller
    holds the permission for."""
    current = list(lines)
    return [
        action
        for action, sources in TRANSITIONS.items()
        if order.status in sources
        and _guard(action, current) is None
        and (permissions is None or PERMISSIONS[action] in permissions)
    ]


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
