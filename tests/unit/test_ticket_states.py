"""The ticket transition table: every (action, status) pair is legal or illegal as written here,
the reopen window narrows it, and allowed_actions is derived from the same table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from domain.kernel.errors import InvalidTransition as InvalidTicketTransition
from domain.service.states import LIFECYCLE, ReopenCheck, TicketAction, TicketStatus

NOW = datetime(2026, 9, 28, 10, 0, tzinfo=UTC)
WINDOW = timedelta(hours=168)


@dataclass
class Tk:
    status: str
    resolved_at: datetime | None = None


def ensure_allowed(action: TicketAction, ticket: Tk, now: datetime, window: timedelta) -> None:
    LIFECYCLE.ensure_allowed(action, ticket.status, ReopenCheck(ticket.resolved_at, now, window))


def allowed_actions(
    ticket: Tk, now: datetime, window: timedelta, permissions: frozenset[str] | None = None
) -> list[TicketAction]:
    return LIFECYCLE.allowed_actions(ticket.status, ReopenCheck(ticket.resolved_at, now, window), permissions)


# The specification, written independently of states.TRANSITIONS: status → legal actions.
LEGAL: dict[str, list[str]] = {
    "new": ["assign", "start", "wait", "resolve", "close"],
    "open": ["assign", "wait", "resolve", "close"],
    "pending": ["assign", "start", "resolve", "close"],
    "resolved": ["close", "reopen"],
    "closed": [],
}
PAIRS = [(action, status) for action in TicketAction for status in TicketStatus]


def test_the_specification_covers_every_status_and_action() -> None:
    assert set(LEGAL) == {s.value for s in TicketStatus}
    assert set(LIFECYCLE.actions) == set(TicketAction)
    assert len(PAIRS) == 30


@pytest.mark.parametrize(("action", "status"), PAIRS)
def test_every_pair(action: TicketAction, status: TicketStatus) -> None:
    ticket = Tk(status.value, NOW - timedelta(hours=1))
    if action.value in LEGAL[status.value]:
        ensure_allowed(action, ticket, NOW, WINDOW)
    else:
        with pytest.raises(InvalidTicketTransition) as err:
            ensure_allowed(action, ticket, NOW, WINDOW)
        assert err.value.code == "invalid_transition"
        assert err.value.extra == {
            "entity": "ticket",
            "action": action.value,
            "current_status": status.value,
            "allowed_actions": LEGAL[status.value],
        }


@pytest.mark.parametrize("status", list(TicketStatus))
def test_allowed_actions_follow_the_table(status: TicketStatus) -> None:
    ticket = Tk(status.value, NOW - timedelta(hours=1))
    assert allowed_actions(ticket, NOW, WINDOW) == LEGAL[status.value]


def test_targets() -> None:
    assert {a.value: (rule.target.value if rule.target else None) for a, rule in LIFECYCLE.table.items()} == {
        "assign": None,
        "start": "open",
        "wait": "pending",
        "resolve": "resolved",
        "close": "closed",
        "reopen": "open",
    }


def test_reopen_only_within_the_window() -> None:
    inside = Tk("resolved", NOW - WINDOW)
    ensure_allowed(TicketAction.REOPEN, inside, NOW, WINDOW)
    late = Tk("resolved", NOW - WINDOW - timedelta(seconds=1))
    with pytest.raises(InvalidTicketTransition, match="the reopen window has passed"):
        ensure_allowed(TicketAction.REOPEN, late, NOW, WINDOW)
    assert allowed_actions(late, NOW, WINDOW) == ["close"]


def test_allowed_actions_are_filtered_by_permission() -> None:
    ticket = Tk("open")
    assert allowed_actions(ticket, NOW, WINDOW, frozenset({"tickets:update"})) == ["wait", "resolve", "close"]
    assert allowed_actions(ticket, NOW, WINDOW, frozenset({"tickets:assign"})) == ["assign"]
    assert allowed_actions(ticket, NOW, WINDOW, frozenset()) == []
