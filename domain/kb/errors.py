"""Stable error codes of the knowledge base."""

from __future__ import annotations

from tenants.errors import Conflict


class InvalidTransition(Conflict):
    """The action is not legal in the article's current status (409 `invalid_transition`)."""

    code = "invalid_transition"

    def __init__(self, action: str, status: str) -> None:
        super().__init__(
            f"Cannot {action} an article that is {status}.",
            extra={"action": str(action), "current_status": str(status)},
        )


class NotPublishable(Conflict):
    """Publishing needs a language with both a title and a body (409 `article_incomplete`)."""

    code = "article_incomplete"
