"""Keyset pagination: an opaque cursor holding the sort key of the last row served."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

import msgspec
from sqlalchemy import Select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

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


def _cursor_value(column: InstrumentedAttribute[Any], raw: Any) -> Any:
    """A cursor value back in its column's type (the cursor is JSON: times and decimals are strings)."""
    kind = column.type.python_type
    if kind is datetime:
        return datetime.fromisoformat(str(raw))
    if kind is Decimal:
        return Decimal(str(raw))
    return kind(raw)


def _cursor_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


async def keyset_page(
    session: AsyncSession,
    query: Select[Any],
    column: InstrumentedAttribute[Any],
    row_id: InstrumentedAttribute[uuid.UUID],
    limit: int,
    cursor: str | None,
    *,
    descending: bool = True,
) -> tuple[list[Any], str | None]:
    """One page of `query` ordered by (column, id), and the cursor of the next page.

    The id breaks ties, so rows with equal sort values are neither skipped nor repeated."""
    limit = check_limit(limit)
    after = decode_cursor(cursor)
    if after:
        try:
            bound = tuple_(_cursor_value(column, after[0]), uuid.UUID(str(after[1])))
        except (ValueError, IndexError, TypeError, ArithmeticError) as exc:
            raise invalid("cursor", "is not a cursor this API issued") from exc
        key = tuple_(column, row_id)
        query = query.where(key < bound if descending else key > bound)
    order = (column.desc(), row_id.desc()) if descending else (column.asc(), row_id.asc())
    rows = list((await session.execute(query.order_by(*order).limit(limit + 1))).scalars())
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode_cursor([_cursor_json(getattr(last, column.key)), str(getattr(last, row_id.key))])


async def newest_first(
    session: AsyncSession,
    query: Select[Any],
    at: InstrumentedAttribute[datetime],
    row_id: InstrumentedAttribute[uuid.UUID],
    limit: int,
    cursor: str | None,
) -> tuple[list[Any], str | None]:
    """One page of `query` ordered newest first by (at, id), and the cursor of the next page."""
    return await keyset_page(session, query, at, row_id, limit, cursor)
