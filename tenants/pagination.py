"""Keyset pagination: an opaque cursor holding the sort key of the last row served."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

import msgspec
from sqlalchemy import ColumnElement, Select, and_, or_, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

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


def _cursor_value(column: Any, raw: Any) -> Any:
    """A cursor value back in its column's type (the cursor is JSON: times and decimals are strings)."""
    if raw is None:
        return None
    kind = column.type.python_type
    if kind is datetime:
        return datetime.fromisoformat(str(raw))
    if kind is Decimal:
        return Decimal(str(raw))
    if kind is uuid.UUID:
        return uuid.UUID(str(raw))
    return kind(raw)


def _cursor_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def _after(
    column: Any, row_id: Any | None, values: list[Any], descending: bool, nulls_last: bool
) -> ColumnElement[bool]:
    """The rows after the cursor's key in (column, row_id) order."""
    try:
        value = _cursor_value(column, values[0])
        last_id = _cursor_value(row_id, values[1]) if row_id is not None else None
    except (ValueError, IndexError, TypeError, ArithmeticError) as exc:
        raise invalid("cursor", "is not a cursor this API issued") from exc
    if row_id is None:  # the sort column is unique on its own
        if value is None:
            raise invalid("cursor", "is not a cursor this API issued")
        unique: ColumnElement[bool] = column < value if descending else column > value
        return unique
    if value is None:  # inside the trailing run of rows without a value: by id alone
        if not nulls_last:
            raise invalid("cursor", "is not a cursor this API issued")
        return and_(column.is_(None), row_id < last_id if descending else row_id > last_id)
    key, bound = tuple_(column, row_id), tuple_(value, last_id)
    after: ColumnElement[bool] = key < bound if descending else key > bound
    return or_(after, column.is_(None)) if nulls_last else after


def _row_key(row: Any, column: Any, row_id: Any | None) -> list[Any]:
    """The sort key of an ORM row, or of a result row holding the entity first (or the columns)."""
    keys = [column] if row_id is None else [column, row_id]
    return [_cursor_json(_value_of(row, c)) for c in keys]


def _value_of(row: Any, column: Any) -> Any:
    if hasattr(row, "_mapping"):
        mapping = row._mapping
        if column.key in mapping:
            return mapping[column.key]
        return getattr(row[0], column.key)
    return getattr(row, column.key)


async def keyset_page(
    session: AsyncSession,
    query: Select[*tuple[Any, ...]],
    column: Any,
    row_id: Any | None,
    limit: int,
    cursor: str | None,
    *,
    descending: bool = True,
    nulls_last: bool = False,
    scalars: bool = True,
) -> tuple[list[Any], str | None]:
    """One page of `query` ordered by (column, row_id), and the cursor of the next page: the one
    paging mechanism of every list.

    `row_id` breaks ties, so rows with equal sort values are neither skipped nor repeated; None
    when `column` is unique by itself (a store's code, a user's email). `nulls_last`: rows where
    `column` is NULL come after all others, by id. `scalars=False` pages result rows whose first
    element is the entity (or that carry the key columns by name) instead of ORM objects."""
    limit = check_limit(limit)
    values = decode_cursor(cursor)
    if values:
        query = query.where(_after(column, row_id, values, descending, nulls_last))
    first = column.desc() if descending else column.asc()
    order = [first.nulls_last() if nulls_last else first]
    if row_id is not None:
        order.append(row_id.desc() if descending else row_id.asc())
    result = await session.execute(query.order_by(*order).limit(limit + 1))
    rows = list(result.scalars() if scalars else result.all())
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], encode_cursor(_row_key(rows[limit - 1], column, row_id))
