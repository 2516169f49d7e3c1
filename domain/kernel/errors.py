"""The one problem every lifecycle raises for an action its current status does not allow."""

from __future__ import annotations

from collections.abc import Sequence

from tenants.errors import Conflict


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


class InvalidTransition(Conflict):
    """409 `invalid_transition`: `extra` names the entity, the action, the current status and the
    actions that status does allow (so a client can offer those instead)."""

    code = "invalid_transition"

    def __init__(self, entity: str, action: str, status: str, allowed: Sequence[str] = (), reason: str = "") -> None:
        label = entity.replace("_", " ")
        detail = f"Cannot {action} {_article(label)} {label} that is {status}" + (f": {reason}." if reason else ".")
        super().__init__(
            detail,
            extra={
                "entity": entity,
                "action": str(action),
                "current_status": str(status),
                "allowed_actions": [str(a) for a in allowed],
            },
        )
        self.entity = entity
        self.action = str(action)
        self.status = str(status)
        self.reason = reason
