"""The return (RMA) lifecycle: one status enum, one transition table, allowed actions derived from it.

requested → approve → approved → receive (stock back) → received → refund → refunded;
requested → reject → rejected. Same shape as the order table in states.py.
"""

from __future__ import annotations

from enum import StrEnum

from domain.kernel.lifecycle import Lifecycle, step


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

# The transition table, written once: checks, allowed_actions and the SPA's buttons derive from it.
RETURN_LIFECYCLE: Lifecycle[ReturnStatus, ReturnAction] = Lifecycle(
    "return",
    ReturnStatus,
    {
        ReturnAction.APPROVE: step([R.REQUESTED], "orders:return", R.APPROVED),
        ReturnAction.REJECT: step([R.REQUESTED], "orders:return", R.REJECTED),
        ReturnAction.RECEIVE: step([R.APPROVED], "orders:return", R.RECEIVED),
        ReturnAction.REFUND: step([R.RECEIVED], "orders:refund", R.REFUNDED),
    },
)

# Returns whose quantities are promised but not yet counted in the lines' returned_quantity.
OPEN_STATUSES = frozenset({R.REQUESTED, R.APPROVED})
