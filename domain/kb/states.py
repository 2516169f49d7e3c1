"""The article lifecycle: one status enum and one transition table (the orders pattern).

The SPA shows only the buttons `allowed_actions` returns. Editing is allowed in every status but
archived; a published article stays published while it is edited (the public page shows the
latest saved text).
"""

from __future__ import annotations

from enum import StrEnum

from domain.kb.errors import InvalidTransition


class ArticleStatus(StrEnum):
    DRAFT = "draft"  # visible to staff only
    PUBLISHED = "published"  # on the tenant's public help pages and in the article picker
    ARCHIVED = "archived"  # soft-deleted: hidden everywhere but the staff list's archived filter


class Action(StrEnum):
    EDIT = "edit"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    ARCHIVE = "archive"
    RESTORE = "restore"


S = ArticleStatus

TRANSITIONS: dict[Action, frozenset[ArticleStatus]] = {
    Action.EDIT: frozenset({S.DRAFT, S.PUBLISHED}),
    Action.PUBLISH: frozenset({S.DRAFT}),
    Action.UNPUBLISH: frozenset({S.PUBLISHED}),
    Action.ARCHIVE: frozenset({S.DRAFT, S.PUBLISHED}),
    Action.RESTORE: frozenset({S.ARCHIVED}),
}

# Where each lifecycle action leaves the article (editing keeps the status), and the outbox topic.
TARGET: dict[Action, ArticleStatus] = {
    Action.PUBLISH: S.PUBLISHED,
    Action.UNPUBLISH: S.DRAFT,
    Action.ARCHIVE: S.ARCHIVED,
    Action.RESTORE: S.DRAFT,  # a restored article comes back as a draft, never straight to the public
}
TOPICS: dict[Action, str] = {
    Action.PUBLISH: "kb_article.published",
    Action.UNPUBLISH: "kb_article.unpublished",
    Action.ARCHIVE: "kb_article.archived",
    Action.RESTORE: "kb_article.restored",
}

MANAGE = "kb:manage"


def ensure_allowed(action: Action, status: str) -> None:
    """Raise InvalidTransition (409 `invalid_transition`) unless `action` is legal from `status`."""
    if status not in TRANSITIONS[action]:
        raise InvalidTransition(action, status)


def allowed_actions(status: str, permissions: frozenset[str] | None = None) -> list[str]:
    """The actions legal now (in table order), only when the caller may manage articles."""
    if permissions is not None and MANAGE not in permissions:
        return []
    return [action.value for action, sources in TRANSITIONS.items() if status in sources]
