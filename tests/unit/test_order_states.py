"""The order transition table: every (action, status) pair is legal or illegal as written here,
the guards narrow it, and allowed_actions is derived from the same table."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from domain.kernel.errors import InvalidTransition
from domain.orders.states import LIFECYCLE, OrderAction, OrderStatus
from domain.orders.states import progress_status as progress


@dataclass
class Ord:
    status: str


@dataclass
class Ln:
    quantity: int
    fulfilled_quantity: int = 0
    shipped_quantity: int = 0


def ensure_allowed(action: OrderAction, order: Ord, lines: list[Ln]) -> None:
    LIFECYCLE.ensure_allowed(action, order.status, lines)


def allowed_actions(order: Ord, lines: list[Ln], permissions: frozenset[str] | None = None) -> list[OrderAction]:
    return LIFECYCLE.allowed_actions(order.status, lines, permissions)


# Lines that pass every guard: units left to pack, a packed unit to ship, nothing shipped.
OPEN = [Ln(2, 1, 0)]

# The specification, written independently of states.TRANSITIONS: status → legal actions.
LEGAL: dict[str, list[str]] = {
    "draft": ["update_lines", "submit", "cancel", "attach_customer", "discard"],
    "pending_approval": ["approve", "reject", "cancel", "attach_customer"],
    "approved": ["fulfil", "cancel", "edit", "attach_customer"],
    "processing": ["fulfil", "ship", "cancel", "edit", "attach_customer"],
    "fulfilled": ["ship", "cancel", "edit", "attach_customer"],
    "shipped": ["deliver", "attach_customer"],
    "delivered": ["complete", "attach_customer"],
    "completed": ["attach_customer"],
    "cancelled": [],
    "rejected": [],
}
PAIRS = [(action, status) for action in OrderAction for status in OrderStatus]


def test_the_specification_covers_every_status_and_action() -> None:
    assert set(LEGAL) == {s.value for s in OrderStatus}
    assert set(LIFECYCLE.actions) == set(OrderAction)
    assert len(PAIRS) == 120


@pytest.mark.parametrize(("action", "status"), PAIRS, ids=[f"{a.value}-from-{s.value}" for a, s in PAIRS])
def test_each_transition_is_legal_or_refused_with_invalid_transition(action: OrderAction, status: OrderStatus) -> None:
    if action.value in LEGAL[status.value]:
        ensure_allowed(action, Ord(status.value), OPEN)
        return
    with pytest.raises(InvalidTransition) as caught:
        ensure_allowed(action, Ord(status.value), OPEN)
    error = caught.value
    assert error.code == "invalid_transition"
    assert error.extra == {
        "entity": "order",
        "action": action.value,
        "current_status": status.value,
        "allowed_actions": LEGAL[status.value],
    }
    assert error.detail == f"Cannot {action.value} an order that is {status.value}."


@pytest.mark.parametrize("status", list(OrderStatus), ids=[s.value for s in OrderStatus])
def test_allowed_actions_follow_the_table(status: OrderStatus) -> None:
    assert allowed_actions(Ord(status.value), OPEN) == LEGAL[status.value]


def test_ship_needs_a_packed_unshipped_fulfilment() -> None:
    nothing_packed = [Ln(2, 0, 0)]
    all_packed_and_shipped = [Ln(2, 2, 1), Ln(1, 1, 1)]
    with pytest.raises(InvalidTransition) as caught:
        ensure_allowed(OrderAction.SHIP, Ord("processing"), [Ln(2, 1, 1), Ln(1, 0, 0)])
    assert caught.value.detail == "Cannot ship an order that is processing: there is no packed fulfilment to ship."
    assert "ship" not in allowed_actions(Ord("processing"), [Ln(2, 1, 1), Ln(1, 0, 0)])
    assert "ship" in allowed_actions(Ord("processing"), all_packed_and_shipped)
    assert allowed_actions(Ord("approved"), nothing_packed) == ["fulfil", "cancel", "edit", "attach_customer"]


def test_cancel_and_edit_only_while_nothing_shipped() -> None:
    partly_shipped = [Ln(2, 2, 1)]
    with pytest.raises(InvalidTransition) as caught:
        ensure_allowed(OrderAction.CANCEL, Ord("processing"), partly_shipped)
    assert caught.value.detail == "Cannot cancel an order that is processing: part of the order has already shipped."
    with pytest.raises(InvalidTransition):
        ensure_allowed(OrderAction.EDIT, Ord("processing"), partly_shipped)
    assert allowed_actions(Ord("processing"), partly_shipped) == ["ship", "attach_customer"]


def test_fulfil_needs_units_left_to_pack_and_submit_needs_lines() -> None:
    with pytest.raises(InvalidTransition) as caught:
        ensure_allowed(OrderAction.FULFIL, Ord("processing"), [Ln(2, 2, 0)])
    assert caught.value.detail == "Cannot fulfil an order that is processing: every unit is already packed."
    with pytest.raises(InvalidTransition) as caught:
        ensure_allowed(OrderAction.SUBMIT, Ord("draft"), [])
    assert caught.value.detail == "Cannot submit an order that is draft: the order has no lines."


def test_allowed_actions_only_list_what_the_caller_may_do() -> None:
    desk = frozenset({"orders:read", "orders:create", "orders:fulfil"})
    assert allowed_actions(Ord("draft"), OPEN, desk) == ["update_lines", "submit", "attach_customer", "discard"]
    assert allowed_actions(Ord("pending_approval"), OPEN, desk) == ["attach_customer"]
    assert allowed_actions(Ord("pending_approval"), OPEN, frozenset({"orders:approve"})) == ["approve", "reject"]
    assert allowed_actions(Ord("processing"), OPEN, desk) == ["fulfil", "ship", "attach_customer"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([Ln(3, 0, 0), Ln(2, 0, 0)], OrderStatus.APPROVED),
        ([Ln(3, 1, 0), Ln(2, 0, 0)], OrderStatus.PROCESSING),
        ([Ln(3, 3, 0), Ln(2, 2, 0)], OrderStatus.FULFILLED),
        ([Ln(3, 3, 1), Ln(2, 2, 0)], OrderStatus.PROCESSING),
        ([Ln(3, 3, 3), Ln(2, 1, 1)], OrderStatus.PROCESSING),
        ([Ln(3, 3, 3), Ln(2, 2, 2)], OrderStatus.SHIPPED),
    ],
)
def test_progress_status_from_packed_and_shipped_units(lines: list[Ln], expected: OrderStatus) -> None:
    assert progress(lines) is expected
