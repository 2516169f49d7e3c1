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


class ArticleAction(StrEnum):
    EDIT = "edit"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    ARCHIVE = "archive"
    RESTORE = "restore"


S = ArticleStatus

TRANSITIONS: dict[ArticleAction, frozenset[ArticleStatus]] = {
    ArticleAction.EDIT: frozenset({S.DRAFT, S.PUBLISHED}),
    ArticleAction.PUBLISH: frozenset({S.DRAFT}),
    ArticleAction.UNPUBLISH: frozenset({S.PUBLISHED}),
    ArticleAction.ARCHIVE: frozenset({S.DRAFT, S.PUBLISHED}),
    ArticleAction.RESTORE: frozenset({S.ARCHIVED}),
}

# Where each lifecycle action leaves the article (editing keeps the status), and the outbox topic.
TARGET: dict[ArticleAction, ArticleStatus] = {
    ArticleAction.PUBLISH: S.PUBLISHED,
    ArticleAction.UNPUBLISH: S.DRAFT,
    ArticleAction.ARCHIVE: S.ARCHIVED,
    ArticleAction.RESTORE: S.DRAFT,  # a restored article comes back as a draft, never straight to the public
}
TOPICS: dict[ArticleAction, str] = {
    ArticleAction.PUBLISH: "kb_article.published",
    ArticleAction.UNPUBLISH: "kb_article.unpublished",
    ArticleAction.ARCHIVE: "kb_article.archived",
    ArticleAction.RESTORE: "kb_article.restored",
}

MANAGE = "kb:manage"


def ensure_allowed(action: ArticleAction, status: str) -> None:
    """Raise InvalidTransition (409 `invalid_transition`) unless `action` is legal from `status`."""
    if status not in TRANSITIONS[action]:
        raise InvalidTransition(action, status)


def allowed_actions(status: str, permissions: frozenset[str] | None = None) -> list[ArticleAction]:
    """The actions legal now (in table order), only when the caller may manage articles."""
    if permissions is not None and MANAGE not in permissions:
        return []
    return [action for action, sources in TRANSITIONS.items() if status in sources]
