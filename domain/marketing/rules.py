"""Checking segment rules against the tenant's field catalogue before anything is saved or
counted: every problem is named by its path (`rules.conditions.1.conditions.0.value`), and what
the rules read (`sources`) and whether they move with the calendar (`time_relative`) come out of
the same walk."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from domain.marketing.catalogue import RELATIVE_OPS, Field, Kind, Op, Source
from domain.marketing.schemas import MAX_CONDITIONS, MAX_DEPTH, Condition, RuleGroup, Value
from tenants.errors import FieldError, Invalid

MAX_VALUES = 200
LIST_OPS = frozenset({Op.IN, Op.NOT_IN, Op.ANY_OF, Op.ALL_OF, Op.NONE_OF})
NO_VALUE = frozenset({Op.IS_SET, Op.IS_NOT_SET, Op.IN_CURRENT_MONTH})
DAY_COUNT = frozenset({Op.IN_LAST_DAYS, Op.NOT_IN_LAST_DAYS})
DAY_OPS = frozenset({Op.BEFORE, Op.AFTER})
_AMOUNT = re.compile(r"^-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$")
_DECIMAL = re.compile(r"^-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,6})?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True, slots=True)
class Checked:
    sources: frozenset[Source]
    time_relative: bool


def check_rules(rules: RuleGroup, fields: dict[str, Field], path: str = "rules") -> Checked:
    """The rules' sources and calendar dependence; Invalid (422) listing every bad condition."""
    walk = _Walk(fields)
    walk.group(rules, path, 1)
    if walk.count > MAX_CONDITIONS:
        walk.errors.append(FieldError(path, f"may hold at most {MAX_CONDITIONS} conditions in all"))
    if walk.errors:
        raise Invalid(walk.errors, "The segment rules are not valid.")
    return Checked(frozenset(walk.sources), walk.relative)


class _Walk:
    def __init__(self, fields: dict[str, Field]) -> None:
        self.fields = fields
        self.errors: list[FieldError] = []
        self.sources: set[Source] = set()
        self.relative = False
        self.count = 0

    def group(self, group: RuleGroup, path: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            self.errors.append(FieldError(path, f"nests groups more than {MAX_DEPTH} deep"))
            return
        for index, item in enumerate(group.conditions):
            where = f"{path}.conditions.{index}"
            if isinstance(item, RuleGroup):
                self.group(item, where, depth + 1)
            else:
                self.count += 1
                self.condition(item, where)

    def condition(self, cond: Condition, path: str) -> None:
        f = self.fields.get(cond.field)
        if f is None:
            self.errors.append(FieldError(f"{path}.field", "is not a field segments can use (GET /segments/fields)"))
            return
        if cond.operator not in f.ops:
            allowed = ", ".join(f.ops)
            self.errors.append(FieldError(f"{path}.operator", f"is not an operator of this field (one of: {allowed})"))
            return
        if cond.days is not None and not f.windowed:
            self.errors.append(FieldError(f"{path}.days", "does not apply to this field"))
        problem = value_problem(f, cond.operator, cond.value)
        if problem:
            self.errors.append(FieldError(f"{path}.value", problem))
            return
        self.sources.add(f.source)
        self.relative = self.relative or f.relative or cond.operator in RELATIVE_OPS


def value_problem(f: Field, op: Op, value: Value) -> str | None:
    """What is wrong with `value` for this field and operator, or None."""
    op = Op(op)
    if op in NO_VALUE:
        return None if value is None else "must be absent for this operator"
    if op in DAY_COUNT:
        return None if _is_int(value) and 1 <= value <= 3650 else "must be a number of days from 1 to 3650"  # type: ignore[operator]
    if op in DAY_OPS:
        return None if _is_date(value) else "must be a date (YYYY-MM-DD)"
    if op in LIST_OPS:
        if not isinstance(value, list) or not value:
            return "must be a list of one or more values"
        if len(value) > MAX_VALUES:
            return f"may hold at most {MAX_VALUES} values"
        for item in value:
            if (problem := _item_problem(f, item)) is not None:
                return problem
        return None
    if op is Op.BETWEEN:
        if not isinstance(value, list) or len(value) != 2:
            return "must be a list of two values: [low, high]"
        for item in value:
            if (problem := _scalar_problem(f, item)) is not None:
                return problem
        low, high = (_ordered(f, v) for v in value)
        return None if low <= high else "must list the low value first"  # type: ignore[operator]
    return _scalar_problem(f, value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _ordered(f: Field, value: object) -> object:
    if f.kind in (Kind.MONEY, Kind.DECIMAL):
        return Decimal(str(value))
    return value


def _item_problem(f: Field, item: object) -> str | None:
    if f.kind is Kind.MONTH:
        return None if _is_int(item) and 1 <= item <= 12 else "must list months from 1 to 12"  # type: ignore[operator]
    if not isinstance(item, str):
        return "must list strings"
    if f.kind is Kind.REF:
        return None if _UUID.match(item) and uuid.UUID(item) else "must list ids (UUIDs in canonical form)"
    if f.options:
        known = {o.value for o in f.options}
        return None if item in known else f"lists {item!r}, not one of the field's options"
    return None if 1 <= len(item) <= 50 else "must list words of 1 to 50 characters"


def _scalar_problem(f: Field, value: object) -> str | None:
    if f.kind is Kind.NUMBER:
        if not _is_int(value):
            return "must be a whole number"
        low, high = f.bounds or (-(10**12), 10**12)
        return None if low <= value <= high else f"must be from {low} to {high}"  # type: ignore[operator]
    if f.kind in (Kind.MONEY, Kind.DECIMAL):
        pattern = _AMOUNT if f.kind is Kind.MONEY else _DECIMAL
        if _is_int(value) and abs(value) < 10**12:  # type: ignore[arg-type]
            return None
        if not isinstance(value, str) or not pattern.match(value):
            return 'must be an amount such as "1000" or "99.50"'
        try:
            Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            return "must be an amount"
        return None
    if f.kind is Kind.DATE:
        return None if _is_date(value) else "must be a date (YYYY-MM-DD)"
    if f.kind is Kind.BOOLEAN:
        return None if isinstance(value, bool) else "must be true or false"
    if f.kind is Kind.TEXT:
        return None if isinstance(value, str) and 1 <= len(value) <= 200 else "must be text of 1 to 200 characters"
    return "does not fit this operator"
