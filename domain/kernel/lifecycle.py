"""One declarative lifecycle for every aggregate: a table of actions, each with the statuses it
may start from, where it leads, the permission it needs and an optional guard.

A context writes its table once (`states.py`); `ensure_allowed`, `allowed_actions` and `target`
derive from it, and so do the SPA's buttons (through `allowed_actions` in the contract).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from domain.kernel.errors import InvalidTransition

S = TypeVar("S", bound=StrEnum)
A = TypeVar("A", bound=StrEnum)

# Why an action is refused although the status allows it (None when it is fine). It receives the
# lifecycle's "subject": whatever the rule needs (an order's lines, a ticket and the clock, ...).
Guard = Callable[[Any], str | None]


@dataclass(frozen=True, slots=True)
class Transition(Generic[S]):
    sources: frozenset[S]
    permission: str
    target: S | None = None  # None: the status stays, or the action computes it (an order's progress)
    guard: Guard | None = None


def step(sources: Iterable[S], permission: str, target: S | None = None, guard: Guard | None = None) -> Transition[S]:
    """One row of a transition table."""
    return Transition(frozenset(sources), permission, target, guard)


class Lifecycle(Generic[S, A]):
    """The transition table of one aggregate (`entity` names it in errors: "order", "ticket")."""

    def __init__(self, entity: str, statuses: type[S], table: Mapping[A, Transition[S]]) -> None:
        self.entity = entity
        self.statuses = statuses
        self.table = dict(table)

    @property
    def actions(self) -> list[A]:
        return list(self.table)

    def permission(self, action: A) -> str:
        return self.table[action].permission

    def sources(self, action: A) -> frozenset[S]:
        return self.table[action].sources

    def target(self, action: A) -> S:
        """Where `action` leads; only for actions with a fixed target."""
        target = self.table[action].target
        if target is None:
            raise ValueError(f"{self.entity} action {action} has no fixed target")
        return target

    def refusal(self, action: A, status: str, subject: Any = None) -> str | None:
        """Why `action` is not legal now: "" when the status forbids it, the guard's reason when
        the guard does, None when it is legal."""
        rule = self.table[action]
        if status not in rule.sources:
            return ""
        if rule.guard is not None:
            return rule.guard(subject)
        return None

    def allowed_actions(self, status: str, subject: Any = None, permissions: frozenset[str] | None = None) -> list[A]:
        """The actions legal now, in table order; with `permissions`, only those the caller holds."""
        return [
            action
            for action, rule in self.table.items()
            if self.refusal(action, status, subject) is None and (permissions is None or rule.permission in permissions)
        ]

    def ensure_allowed(self, action: A, status: str, subject: Any = None) -> None:
        """Raise InvalidTransition (409) unless `action` is legal now."""
        reason = self.refusal(action, status, subject)
        if reason is not None:
            raise InvalidTransition(self.entity, action, status, self.allowed_actions(status, subject), reason)

    def advance(self, action: A, status: str, subject: Any = None) -> S:
        """Check `action` and return its target status."""
        self.ensure_allowed(action, status, subject)
        return self.target(action)
