"""The return (RMA) lifecycle: one status enum, one transition table, allowed actions derived from it.

requested → approve → approved → receive (stock back) → received → refund → refunded;
requested → reject → rejected. Same shape as the order table in states.py.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from domain.orders.errors import InvalidReturnTransition


class ReturnStatus(StrEnum):
    REQUESTED = "requested"  # asked for; its quantities are held against the order lines
    APPROVED = "approved"  # accepted; waiting for the goods
    REJECTED = "rejected"  # refused; its quantities are free again
    RECEIVED = "received"  # goods back in a store (stock added, lines' returned_quantity raised)
    REFUNDED = "refunded"  # money given back (a negative payment); closed


class ReturnAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    RECEIVE = "receive"
    REFUND = "refund"


R = ReturnStatus

# action → statuses it may start from. Written once; checks and allowed_actions derive from it.
RETURN_TRANSITIONS: dict[ReturnAction, frozenset[ReturnStatus]] = {
    ReturnAction.APPROVE: frozenset({R.REQUESTED}),
    ReturnAction.REJECT: frozenset({R.REQUESTED}),
    ReturnAction.RECEIVE: frozenset({R.APPROVED}),
    ReturnAction.REFUND: frozenset({R.RECEIVED}),
}

# The permission each action's route declares (here it filters allowed_actions).
RETURN_PERMISSIONS: dict[ReturnAction, str] = {
    ReturnAction.APPROVE: "orders:return",
    ReturnAction.REJECT: "orders:return",
    ReturnAction.RECEIVE: "orders:return",
    ReturnAction.REFUND: "orders:refund",
}

# Returns whose quantities are promised but not yet counted in the lines' returned_quantity.
OPEN_STATUSES = frozenset({R.REQUESTED, R.APPROVED})


class HasStatus(Protocol):
    @property
    def status(self) -> str: ...


def ensure_return_allowed(action: ReturnAction, ret: HasStatus) -> None:
    """Raise InvalidReturnTransition (409 `invalid_transition`) unless `action` is legal now."""
    if ret.status not in RETURN_TRANSITIONS[action]:
        raise InvalidReturnTransition(action, ret.status)


def return_allowed_actions(ret: HasStatus, permissions: frozenset[str] | None = None) -> list[ReturnAction]:
    """The actions legal for this return now (table order), optionally only those the caller may do."""
    return [
        action
        for action, sources in RETURN_TRANSITIONS.items()
        if ret.status in sources and (permissions is None or RETURN_PERMISSIONS[action] in permissions)
    ]
