"""Keyset pagination: an opaque cursor holding the sort key of the last row served."""

from __future__ import annotations

import base64
from typing import Any, Generic, TypeVar

import msgspec

from tenants.errors import invalid

T = TypeVar("T")
MAX_LIMIT = 200
DEFAULT_LIMIT = 50


class Page(msgspec.Struct, Generic[T], kw_only=True):
    items: list[T]
    next_cursor: str | None


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode(values)).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = msgspec.json.decode(raw)
    except (ValueError, msgspec.DecodeError) as exc:
        raise invalid("cursor", "is not a cursor this API issued") from exc
    if not isinstance(values, list):
        raise invalid("cursor", "is not a cursor this API issued")
    return values


def check_limit(limit: int) -> int:
    if limit < 1 or limit > MAX_LIMIT:
        raise invalid("limit", f"must be between 1 and {MAX_LIMIT}")
    return limit
