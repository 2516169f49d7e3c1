"""The return transition table: every legal and illegal transition, and allowed actions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from domain.orders.errors import InvalidReturnTransition
from domain.orders.return_states import (
    RETURN_TRANSITIONS,
    ReturnAction,
    ReturnStatus,
    ensure_return_allowed,
    return_allowed_actions,
)

A, R = ReturnAction, ReturnStatus
LEGAL = {
    (A.APPROVE, R.REQUESTED),
    (A.REJECT, R.REQUESTED),
    (A.RECEIVE, R.APPROVED),
    (A.REFUND, R.RECEIVED),
}


@dataclass
class Ret:
    status: str


def test_the_table_is_exactly_the_lifecycle() -> None:
    assert {(a, s) for a, sources in RETURN_TRANSITIONS.items() for s in sources} == LEGAL


@pytest.mark.parametrize("action", list(A))
@pytest.mark.parametrize("status", list(R))
def test_every_transition_is_allowed_or_refused(action: ReturnAction, status: ReturnStatus) -> None:
    if (action, status) in LEGAL:
        ensure_return_allowed(action, Ret(status.value))
        return
    with pytest.raises(InvalidReturnTransition) as raised:
        ensure_return_allowed(action, Ret(status.value))
    assert raised.value.code == "invalid_transition"
    assert raised.value.extra == {"action": action.value, "current_status": status.value}
    assert raised.value.detail == f"Cannot {action.value} a return that is {status.value}."


def test_allowed_actions_follow_status_and_permissions() -> None:
    assert return_allowed_actions(Ret("requested")) == ["approve", "reject"]
    assert return_allowed_actions(Ret("approved")) == ["receive"]
    assert return_allowed_actions(Ret("received")) == ["refund"]
    assert return_allowed_actions(Ret("rejected")) == []
    assert return_allowed_actions(Ret("refunded")) == []
    assert return_allowed_actions(Ret("received"), frozenset({"orders:return"})) == []
    assert return_allowed_actions(Ret("received"), frozenset({"orders:refund"})) == ["refund"]
    assert return_allowed_actions(Ret("requested"), frozenset({"orders:read"})) == []
