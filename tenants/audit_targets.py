"""Names for the people and records audit entries point at. Each record type says once how it is
labelled (`register_target`, next to its visibility rule); a page of entries is resolved in one
query, through each type's rule: a record the reader may not see comes back masked (no label),
never as an error and never as its name."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, String, case, cast, literal, null, select, union_all
from sqlalchemy.orm import InstrumentedAttribute

from tenants.context import Ctx
from tenants.scoping import of_tenant, visible

Column = Callable[[], "ColumnElement[Any] | InstrumentedAttribute[Any]"]


@dataclass(frozen=True, slots=True)
class Target:
    model: type[Any]
    label: Column  # what people call the record: an order number, a customer's name
    label_en: Column | None = None  # the English label where the record has one (product names)
    email: Column | None = None  # shown on hover for people


@dataclass(frozen=True, slots=True)
class Resolved:
    label: str | None  # None: the reader may not see the record (or it is gone)
    label_en: str | None
    email: str | None


_TARGETS: dict[str, Target] = {}


def register_target(
    target_type: str, model: type[Any], label: Column, *, label_en: Column | None = None, email: Column | None = None
) -> None:
    """Declare how audit entries name records of `target_type` (once, next to the model's rule)."""
    target = Target(model, label, label_en, email)
    if _TARGETS.get(target_type, target).model is not model:
        raise ValueError(f"{target_type} already has an audit label")
    _TARGETS[target_type] = target


def is_named(target_type: str) -> bool:
    """True for record types that have a label (others, e.g. settings, are shown by type only)."""
    return target_type in _TARGETS


def _ids(raw: Iterable[str]) -> set[uuid.UUID]:
    out: set[uuid.UUID] = set()
    for value in raw:
        try:
            out.add(uuid.UUID(value))
        except ValueError:
            continue
    return out


async def resolve(ctx: Ctx, refs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Resolved]:
    """Labels of `(target_type, id)` pairs the caller may see, in one statement for all types."""
    by_type: dict[str, set[str]] = {}
    for target_type, raw_id in refs:
        if target_type in _TARGETS and raw_id:
            by_type.setdefault(target_type, set()).add(raw_id)
    parts = []
    for target_type, raw_ids in sorted(by_type.items()):
        ids = _ids(raw_ids)
        if not ids:
            continue
        t = _TARGETS[target_type]
        model: Any = t.model
        seen = visible(ctx, model)

        def shown(column: Column | None, seen: ColumnElement[bool] = seen) -> ColumnElement[Any]:
            # The label leaves the database only for rows the caller may see.
            return case((seen, cast(column(), String)), else_=null()) if column is not None else null()

        parts.append(
            select(
                literal(target_type, String).label("type"),
                cast(model.id, String).label("id"),
                shown(t.label).label("label"),
                cast(shown(t.label_en), String).label("label_en"),
                cast(shown(t.email), String).label("email"),
            ).where(of_tenant(ctx.tenant_id, model), model.id.in_(ids))
        )
    if not parts:
        return {}
    statement = parts[0] if len(parts) == 1 else union_all(*parts)
    rows = (await ctx.session.execute(statement)).all()
    return {(r.type, r.id): Resolved(r.label, r.label_en, r.email) for r in rows}
