"""Keyset pagination: an opaque cursor holding the sort key of the last row served, bound to the
list it came from.

A cursor carries no authority (the next page re-applies tenant, scope and filters), but one
handed to another list, another sort or other filters would page through the wrong rows without
an error. So it is signed over what it belongs to: the tables queried, the sort (column,
direction, nulls) and every bound value of the query before the cursor condition (tenant,
caller's stores, filters). Anything else presents a 422 `cursor`. The signing key comes from the
server secret (`use_signing_key`, at start-up), so cursors survive restarts and work across
processes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

import msgspec
from sqlalchemy import ColumnElement, Select, and_, or_, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BindParameter

from tenants.db import TenantScope, read_rows
from tenants.errors import invalid

T = TypeVar("T")
MAX_LIMIT = 200
DEFAULT_LIMIT = 50


class Page(msgspec.Struct, Generic[T], kw_only=True):
    items: list[T]
    next_cursor: str | None


_key = os.urandom(32)  # replaced at start-up by use_signing_key; random keeps an unconfigured process safe
_SIGNATURE_BYTES = 12


def use_signing_key(secret: str) -> None:
    """Sign cursors with a key derived from the server secret (call once, at start-up)."""
    global _key
    _key = hashlib.sha256(b"keyset-cursor:" + secret.encode()).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(payload: bytes, binding: bytes) -> bytes:
    return hmac.digest(_key, binding + b"\x00" + payload, "sha256")[:_SIGNATURE_BYTES]


def encode_cursor(values: list[Any], binding: bytes) -> str:
    payload = msgspec.json.encode(values)
    return f"{_b64(payload)}.{_b64(_signature(payload, binding))}"


def decode_cursor(cursor: str | None, binding: bytes) -> list[Any] | None:
    """The key values of a cursor issued for `binding`; 422 for any other text."""
    if not cursor:
        return None
    refused = invalid("cursor", "is not a cursor this API issued")
    body, _, signature = cursor.partition(".")
    try:
        payload, mac = _unb64(body), _unb64(signature)
    except ValueError as exc:
        raise refused from exc
    if not hmac.compare_digest(mac, _signature(payload, binding)):
        raise refused
    try:
        values = msgspec.json.decode(payload)
    except msgspec.DecodeError as exc:
        raise refused from exc
    if not isinstance(values, list):
        raise refused
    return values


def _binding(query: Select[Any], column: Any, descending: bool, nulls_last: bool) -> bytes:
    """What a cursor of this list belongs to: tables, sort, and the query's bound values with the
    names of what they are bound to (tenant, scope, each filter), in the statement's traversal
    order. A walk of the statement, not its cache key: the key costs ~1 ms per list request."""
    binds = [(b._orig_key, b.effective_value) for b in visitors.iterate(query) if isinstance(b, BindParameter)]
    tables = sorted(str(getattr(f, "name", f)) for f in query.get_final_froms())
    return msgspec.json.encode([tables, str(column), descending, nulls_last, binds], enc_hook=str)


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
    scope: TenantScope | None = None,
) -> tuple[list[Any], str | None]:
    """One page of `query` ordered by (column, row_id), and the cursor of the next page: the one
    paging mechanism of every list.

    `row_id` breaks ties, so rows with equal sort values are neither skipped nor repeated; None
    when `column` is unique by itself (a store's code, a user's email). `nulls_last`: rows where
    `column` is NULL come after all others, by id. `scalars=False` pages result rows whose first
    element is the entity (or that carry the key columns by name) instead of ORM objects.
    `scope`: `query` selects columns only, read in one round trip (tenants.db.read_rows)."""
    limit = check_limit(limit)
    binding = _binding(query, column, descending, nulls_last)
    values = decode_cursor(cursor, binding)
    if values:
        query = query.where(_after(column, row_id, values, descending, nulls_last))
    first = column.desc() if descending else column.asc()
    order = [first.nulls_last() if nulls_last else first]
    if row_id is not None:
        order.append(row_id.desc() if descending else row_id.asc())
    query = query.order_by(*order).limit(limit + 1)
    if scope is not None:
        rows = list(await read_rows(session, scope, query))
    else:
        result = await session.execute(query)
        rows = list(result.scalars() if scalars else result.all())
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], encode_cursor(_row_key(rows[limit - 1], column, row_id), binding)
