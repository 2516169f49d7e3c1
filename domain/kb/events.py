"""The article's events: the payload of every topic it emits, registered in the catalogue, and how
the change recorder sees an article (no timeline table: the audit log is its history)."""

from __future__ import annotations

from typing import Any

import msgspec

from domain.kb.models import Article
from domain.kb.states import ArticleAction, ArticleStatus
from domain.kernel.events import Topic, topic
from domain.kernel.recorder import AggregateKind


class ArticleData(msgspec.Struct, kw_only=True):
    number: int
    status: ArticleStatus
    public_ref: str  # how the public help page addresses it: the slug, else the number


ARTICLE_PUBLISHED = topic("kb_article.published", ArticleData, "An article went on the public help pages.")
ARTICLE_UNPUBLISHED = topic("kb_article.unpublished", ArticleData, "An article was taken off the public pages.")
ARTICLE_ARCHIVED = topic("kb_article.archived", ArticleData, "An article was archived.")
ARTICLE_RESTORED = topic("kb_article.restored", ArticleData, "An archived article came back as a draft.")

# The recorded change and the topic of each lifecycle action.
ARTICLE_CHANGES: dict[ArticleAction, tuple[str, Topic[Any]]] = {
    ArticleAction.PUBLISH: ("published", ARTICLE_PUBLISHED),
    ArticleAction.UNPUBLISH: ("unpublished", ARTICLE_UNPUBLISHED),
    ArticleAction.ARCHIVE: ("archived", ARTICLE_ARCHIVED),
    ArticleAction.RESTORE: ("restored", ARTICLE_RESTORED),
}


def _snapshot(article: Article) -> dict[str, Any]:
    return {"number": article.number, "status": article.status, "public_ref": article.slug or str(article.number)}


ARTICLE: AggregateKind[Article] = AggregateKind("kb_article", _snapshot, lambda article: None)
