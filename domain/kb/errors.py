"""Stable error codes of the knowledge base."""

from __future__ import annotations

from tenants.errors import Conflict


class NotPublishable(Conflict):
    """Publishing needs a language with both a title and a body (409 `article_incomplete`)."""

    code = "article_incomplete"
