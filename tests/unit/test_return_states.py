"""The return transition table: every legal and illegal transition, and allowed actions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from domain.kernel.errors import InvalidTransition as InvalidReturnTransition
from domain.orders.return_states import RETURN_LIFECYCLE, ReturnAction, ReturnStatus

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


def ensure_return_allowed(action: ReturnAction, ret: Ret) -> None:
    RETURN_LIFECYCLE.ensure_allowed(action, ret.status)


def return_allowed_actions(ret: Ret, permissions: frozenset[str] | None = None) -> list[ReturnAction]:
    return RETURN_LIFECYCLE.allowed_actions(ret.status, permissions=permissions)


def test_the_table_is_exactly_the_lifecycle() -> None:
    assert {(a, s) for a in RETURN_LIFECYCLE.actions for s in RETURN_LIFECYCLE.sources(a)} == LEGAL


@pytest.mark.parametrize("action", list(A))
@pytest.mark.parametrize("status", list(R))
def test_every_transition_is_allowed_or_refused(action: ReturnAction, status: ReturnStatus) -> None:
    if (action, status) in LEGAL:
        ensure_return_allowed(action, Ret(status.value))
        return
    with pytest.raises(InvalidReturnTransition) as raised:
        ensure_return_allowed(action, Ret(status.value))
    assert raised.value.code == "invalid_transition"
    allowed = [a.value for a, s in sorted(LEGAL, key=lambda pair: list(A).index(pair[0])) if s == status]
    assert raised.value.extra == {
        "entity": "return",
        "action": action.value,
        "current_status": status.value,
        "allowed_actions": allowed,
    }
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
