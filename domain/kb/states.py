"""The article lifecycle: one status enum and one transition table (the orders pattern).

The SPA shows only the buttons `allowed_actions` returns. Editing is allowed in every status but
archived; a published article stays published while it is edited (the public page shows the
latest saved text).
"""

from __future__ import annotations

from enum import StrEnum

from domain.kernel.lifecycle import Lifecycle, step


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
MANAGE = "kb:manage"

# The transition table, written once; every action needs kb:manage. Editing keeps the status; a
# restored article comes back as a draft, never straight to the public.
LIFECYCLE: Lifecycle[ArticleStatus, ArticleAction] = Lifecycle(
    "article",
    ArticleStatus,
    {
        ArticleAction.EDIT: step([S.DRAFT, S.PUBLISHED], MANAGE),
        ArticleAction.PUBLISH: step([S.DRAFT], MANAGE, S.PUBLISHED),
        ArticleAction.UNPUBLISH: step([S.PUBLISHED], MANAGE, S.DRAFT),
        ArticleAction.ARCHIVE: step([S.DRAFT, S.PUBLISHED], MANAGE, S.ARCHIVED),
        ArticleAction.RESTORE: step([S.ARCHIVED], MANAGE, S.DRAFT),
    },
)
