"""Figures of several contexts read together, in one statement and one round trip.

A page such as a customer's 360 header wants a handful of single-row facts owned by different
contexts (her consent, her purchases, her open tickets, her points, the tenant's currency). Each
context offers a `Figure`: a query that yields one row (aggregates do), or none when what it is
about is out of the caller's sight, and how that row reads. `read_figures` cross-joins them as
subqueries and reads the lot through `tenants.db.read_rows`, so a read-only request pays one round
trip however many contexts it asks, instead of a BEGIN, the scope, a statement per figure and a
COMMIT."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenants.db import TenantScope, read_rows

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Figure(Generic[T]):
    query: Select[*tuple[Any, ...]]  # one row, or none when its subject is out of sight
    read: Callable[[Any], T]  # the row, its values as attributes named like the query's columns


async def read_figures(session: AsyncSession, scope: TenantScope, figures: Sequence[Figure[Any]]) -> list[Any] | None:
    """Each figure's reading, in order; None when any of them found no row."""
    parts = [figure.query.subquery(f"figure_{i}") for i, figure in enumerate(figures)]
    columns = [column.label(f"f{i}_{n}") for i, part in enumerate(parts) for n, column in enumerate(part.c)]
    rows = await read_rows(session, scope, select(*columns).select_from(*parts))
    if not rows:
        return None
    values, start, readings = tuple(rows[0]), 0, []
    for figure, part in zip(figures, parts, strict=True):
        names = [column.key for column in part.c]
        readings.append(figure.read(SimpleNamespace(**dict(zip(names, values[start:], strict=False)))))
        start += len(names)
    return readings
