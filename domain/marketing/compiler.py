"""Segment rules as one SQL condition on the customers table.

Attributes are tested on the customer's row. Behaviour is tested through per-customer totals
(orders, tickets, loyalty account, RFM scores) as semi-joins: `id IN (customers whose totals pass)`,
so a million customers cost one grouped scan per condition, not a million lookups. A customer
without totals has the field's default (no orders: 0 orders and 0 spent; no account: no tier and
0 points; no purchase: no dates, no RFM scores); when the default itself passes the test
("fewer than 3 orders"), the condition is written as its complement, `id NOT IN (customers whose
totals fail)`, so customers who never bought are in, as they should be.

`Frame.focus` narrows every totals query to one customer: re-evaluating a customer after an
event reads her rows only.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ARRAY,
    Boolean,
    ColumnElement,
    Numeric,
    Select,
    String,
    and_,
    case,
    cast,
    extract,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB, array

from domain.catalog import public as catalog
from domain.customers.public import Customer
from domain.loyalty.public import LoyaltyAccount
from domain.marketing.catalogue import CUSTOM_PREFIX, Field, Kind, Op
from domain.marketing.models import CustomerRfm
from domain.marketing.schemas import Condition, RuleGroup, Value
from domain.orders import public as orders
from domain.service import public as service
from tenants.models import Store
from tenants.scoping import of_tenant

Test = Callable[[Any], ColumnElement[bool]]


def bool_(expr: Any) -> ColumnElement[bool]:
    """An operator's result typed as the condition it is."""
    return expr  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Frame:
    """What a compilation needs besides the rules: the tenant, the moment "now" is, the tenant's
    time zone (calendar days, months, ages) and, for one customer's evaluation, her id."""

    tenant_id: uuid.UUID
    now: datetime
    zone: ZoneInfo
    focus: uuid.UUID | None = None

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    def day_start(self, day: date) -> datetime:
        return datetime.combine(day, time(), self.zone)

    def since(self, days: int | None) -> datetime | None:
        return self.now - timedelta(days=days) if days is not None else None


def compile_rules(rules: RuleGroup, fields: dict[str, Field], frame: Frame) -> ColumnElement[bool]:
    """The customers the rules select, as a condition on `Customer` (rules checked beforehand).

    Inside an `all` group, the conditions on one set of totals ("at least 2 orders and at least
    300 spent in 90 days") share one semi-join, `id IN (… HAVING both)`: one grouped scan, not one
    per condition. Complements (conditions a customer without totals passes) stay apart."""
    parts: list[ColumnElement[bool]] = []
    shared: dict[tuple[str, int | None], list[tuple[Condition, Field, OnTotals]]] = {}
    for item in rules.conditions:
        if isinstance(item, RuleGroup):
            parts.append(compile_rules(item, fields, frame))
            continue
        f = fields[item.field]
        build = _FIELDS.get(f.key)
        if rules.match == "all" and isinstance(build, OnTotals) and not build.passes_by_default(item, f):
            shared.setdefault((build.totals.__name__, item.days), []).append((item, f, build))
        else:
            parts.append(_condition(item, f, frame))
    for together in shared.values():
        first, _, build = together[0]
        sub = build.totals(first, frame).subquery()
        tests = [b.test(c, f, frame)(sub.c[b.column]) for c, f, b in together]
        parts.append(Customer.id.in_(select(sub.c.customer_id).where(*tests)))
    return and_(*parts) if rules.match == "all" else or_(*parts)


def _condition(cond: Condition, f: Field, frame: Frame) -> ColumnElement[bool]:
    if f.key.startswith(CUSTOM_PREFIX):
        return _custom(f, cond, f.key.removeprefix(CUSTOM_PREFIX), frame)
    build = _FIELDS[f.key]
    return build(cond, f, frame)


# ---- tests of one value ---------------------------------------------------------------------


def _literal(f: Field, value: object) -> Any:
    if f.kind in (Kind.MONEY, Kind.DECIMAL):
        return Decimal(str(value))
    return value


def scalar_test(f: Field, op: Op, value: Value, frame: Frame) -> Test:
    """The test of `op value` on a column holding this field's values (None: unknown). Negative
    tests (not_in, neq) pass an unknown value: she is not in the stores listed."""
    v: Any = value

    def negative(positive: Test) -> Test:
        return lambda c: or_(c.is_(None), not_(positive(c)))

    if op is Op.IS_SET:
        return lambda c: c.is_not(None)
    if op is Op.IS_NOT_SET:
        return lambda c: c.is_(None)
    if op is Op.IN:
        return lambda c: c.in_(_items(f, v))
    if op is Op.NOT_IN:
        return negative(lambda c: c.in_(_items(f, v)))
    if op is Op.EQ:
        return lambda c: c == _literal(f, v)
    if op is Op.NEQ:
        return negative(lambda c: c == _literal(f, v))
    if op is Op.GT:
        return lambda c: c > _literal(f, v)
    if op is Op.GTE:
        return lambda c: c >= _literal(f, v)
    if op is Op.LT:
        return lambda c: c < _literal(f, v)
    if op is Op.LTE:
        return lambda c: c <= _literal(f, v)
    if op is Op.BETWEEN and f.kind is Kind.DATE:
        low, high = (date.fromisoformat(x) for x in v)
        return lambda c: and_(c >= frame.day_start(low), c < frame.day_start(high + timedelta(days=1)))
    if op is Op.BETWEEN:
        return lambda c: c.between(_literal(f, v[0]), _literal(f, v[1]))
    if op is Op.BEFORE:
        return lambda c: c < frame.day_start(date.fromisoformat(v))
    if op is Op.AFTER:
        return lambda c: c >= frame.day_start(date.fromisoformat(v) + timedelta(days=1))
    if op is Op.IN_LAST_DAYS:
        return lambda c: c >= frame.now - timedelta(days=v)
    if op is Op.NOT_IN_LAST_DAYS:
        return lambda c: c < frame.now - timedelta(days=v)
    raise ValueError(f"{op} does not test a single value")  # pragma: no cover - rules.py refused it


def _items(f: Field, values: Any) -> list[Any]:
    return [uuid.UUID(v) for v in values] if f.kind is Kind.REF else list(values)


def default_passes(f: Field, op: Op, value: Value, default: Any) -> bool:
    """Whether a customer without totals (the field's `default`) passes `op value`."""
    op = Op(op)
    if default is None:
        return op in (Op.IS_NOT_SET, Op.NOT_IN, Op.NEQ, Op.NONE_OF)
    v: Any = value
    checks: dict[Op, Callable[[], bool]] = {
        Op.EQ: lambda: default == _literal(f, v),
        Op.NEQ: lambda: default != _literal(f, v),
        Op.GT: lambda: default > _literal(f, v),
        Op.GTE: lambda: default >= _literal(f, v),
        Op.LT: lambda: default < _literal(f, v),
        Op.LTE: lambda: default <= _literal(f, v),
        Op.BETWEEN: lambda: _literal(f, v[0]) <= default <= _literal(f, v[1]),
        Op.IN: lambda: default in v,
        Op.NOT_IN: lambda: default not in v,
        Op.IS_SET: lambda: True,
        Op.IS_NOT_SET: lambda: False,
    }
    return checks[op]()


def through(totals: Select[*tuple[Any, ...]], column: str, test: Test, default_passes: bool) -> ColumnElement[bool]:
    """A test on one column of per-customer totals, as a semi-join (or its complement)."""
    sub = totals.subquery()
    col = sub.c[column]
    if default_passes:
        return Customer.id.not_in(select(sub.c.customer_id).where(not_(func.coalesce(test(col), false()))))
    return Customer.id.in_(select(sub.c.customer_id).where(test(col)))


Totals = Callable[[Condition, Frame], Select[*tuple[Any, ...]]]


@dataclass(frozen=True, slots=True)
class OnTotals:
    """A field read from one column of per-customer totals; `default`: her value without totals."""

    totals: Totals
    column: str
    default: Any

    def passes_by_default(self, cond: Condition, f: Field) -> bool:
        return default_passes(f, cond.operator, cond.value, self.default)

    def test(self, cond: Condition, f: Field, frame: Frame) -> Test:
        return scalar_test(f, cond.operator, cond.value, frame)

    def __call__(self, cond: Condition, f: Field, frame: Frame) -> ColumnElement[bool]:
        totals = self.totals(cond, frame)
        return through(totals, self.column, self.test(cond, f, frame), self.passes_by_default(cond, f))


_on_totals = OnTotals


# ---- the fields -----------------------------------------------------------------------------


def _on_customer(column: Callable[[], Any]) -> Any:
    def build(cond: Condition, f: Field, frame: Frame) -> ColumnElement[bool]:
        return scalar_test(f, cond.operator, cond.value, frame)(column())

    return build


def _tags(cond: Condition, f: Field, frame: Frame) -> ColumnElement[bool]:
    words = _words(cond.value)
    if cond.operator is Op.ALL_OF:
        return Customer.tags.op("@>", return_type=Boolean)(words)
    overlap = Customer.tags.op("&&", return_type=Boolean)(words)
    return overlap if cond.operator is Op.ANY_OF else not_(func.coalesce(overlap, false()))


def _words(value: Value) -> Any:
    return cast(array([str(v) for v in value] if isinstance(value, list) else [], type_=String), ARRAY(String))


def _region(cond: Condition, f: Field, frame: Frame) -> ColumnElement[bool]:
    stores = select(Store.id).where(of_tenant(frame.tenant_id, Store), Store.region_id.in_(_items(f, cond.value)))
    inside = Customer.home_store_id.in_(stores)
    return inside if cond.operator is Op.IN else or_(Customer.home_store_id.is_(None), not_(inside))


def _flag(column: Callable[[], Any]) -> Any:
    def build(cond: Condition, f: Field, frame: Frame) -> ColumnElement[bool]:
        return bool_(column() == bool(cond.value))

    return build


def _has(column: Callable[[], Any]) -> Any:
    def build(cond: Condition, f: Field, frame: Frame) -> ColumnElement[bool]:
        present = and_(column().is_not(None), column() != "")
        return present if cond.value else not_(func.coalesce(present, false()))

    return build


def _birthday_month(cond: Condition, f: Field, frame: Frame) -> ColumnElement[bool]:
    month = extract("month", Customer.birthday)
    if cond.operator is Op.IN_CURRENT_MONTH:
        return month == frame.today.month
    return scalar_test(f, cond.operator, cond.value, frame)(month)


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February: the 28th in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _age(cond: Condition, f: Field, frame: Frame) -> ColumnElement[bool]:
    """Age in whole years on the tenant's today, tested through the birthday: at least n years
    old is born on or before today n years ago."""
    today, b = frame.today, Customer.birthday

    def at_least(n: int) -> ColumnElement[bool]:
        return b <= years_before(today, n)

    def at_most(n: int) -> ColumnElement[bool]:
        return b > years_before(today, n + 1)

    v: Any = cond.value
    known = b.is_not(None)
    tests: dict[Op, Callable[[], ColumnElement[bool]]] = {
        Op.GTE: lambda: at_least(v),
        Op.GT: lambda: at_least(v + 1),
        Op.LTE: lambda: at_most(v),
        Op.LT: lambda: at_most(v - 1),
        Op.EQ: lambda: and_(at_least(v), at_most(v)),
        Op.NEQ: lambda: and_(known, not_(and_(at_least(v), at_most(v)))),
        Op.BETWEEN: lambda: and_(at_least(v[0]), at_most(v[1])),
    }
    return tests[cond.operator]()


def _purchases(cond: Condition, frame: Frame) -> Select[*tuple[Any, ...]]:
    return orders.purchase_totals(frame.tenant_id, frame.since(cond.days), frame.focus)


def _all_purchases(cond: Condition, frame: Frame) -> Select[*tuple[Any, ...]]:
    return orders.purchase_totals(frame.tenant_id, None, frame.focus)


def _tickets(cond: Condition, frame: Frame) -> Select[*tuple[Any, ...]]:
    return service.ticket_totals(frame.tenant_id, frame.focus)


def _accounts(cond: Condition, frame: Frame) -> Select[*tuple[Any, ...]]:
    query: Select[*tuple[Any, ...]] = select(
        LoyaltyAccount.customer_id.label("customer_id"),
        LoyaltyAccount.tier.label("tier"),
        LoyaltyAccount.balance.label("balance"),
    ).where(of_tenant(frame.tenant_id, LoyaltyAccount))
    return query.where(LoyaltyAccount.customer_id == frame.focus) if frame.focus is not None else query


def _scores(cond: Condition, frame: Frame) -> Select[*tuple[Any, ...]]:
    query = select(CustomerRfm).where(of_tenant(frame.tenant_id, CustomerRfm))
    return query.where(CustomerRfm.customer_id == frame.focus) if frame.focus is not None else query


def _bought(products: Callable[[Condition, Frame], Any]) -> Any:
    def build(cond: Condition, f: Field, frame: Frame) -> ColumnElement[bool]:
        who = orders.buyers(frame.tenant_id, products(cond, frame), frame.since(cond.days), frame.focus)
        return Customer.id.in_(who) if cond.operator is Op.ANY_OF else Customer.id.not_in(who)

    return build


def _product_ids(cond: Condition, frame: Frame) -> list[uuid.UUID]:
    return [uuid.UUID(str(v)) for v in cond.value or []]  # type: ignore[union-attr]


def _category_products(cond: Condition, frame: Frame) -> Select[*tuple[Any, ...]]:
    return catalog.products_in_categories(frame.tenant_id, _product_ids(cond, frame))


_FIELDS: dict[str, Callable[[Condition, Field, Frame], ColumnElement[bool]]] = {
    "lifecycle_stage": _on_customer(lambda: Customer.lifecycle_stage),
    "tags": _tags,
    "home_store": _on_customer(lambda: Customer.home_store_id),
    "region": _region,
    "gender": _on_customer(lambda: Customer.gender),
    "birthday_month": _birthday_month,
    "age": _age,
    "created_at": _on_customer(lambda: Customer.created_at),
    "email_consent": _flag(lambda: Customer.email_consent),
    "sms_consent": _flag(lambda: Customer.sms_consent),
    "has_email": _has(lambda: Customer.email),
    "has_phone": _has(lambda: Customer.phone),
    "order_count": _on_totals(_purchases, "orders", 0),
    "spend": _on_totals(_purchases, "spend", Decimal(0)),
    "average_basket": _on_totals(_purchases, "average", None),
    "first_purchase_at": _on_totals(_all_purchases, "first_at", None),
    "last_purchase_at": _on_totals(_all_purchases, "last_at", None),
    "bought_product": _bought(_product_ids),
    "bought_category": _bought(_category_products),
    "open_tickets": _on_totals(_tickets, "open", 0),
    "csat_average": _on_totals(_tickets, "csat", None),
    "tier": _on_totals(_accounts, "tier", ""),
    "points_balance": _on_totals(_accounts, "balance", 0),
    "rfm_recency": _on_totals(_scores, "recency", None),
    "rfm_frequency": _on_totals(_scores, "frequency", None),
    "rfm_monetary": _on_totals(_scores, "monetary", None),
    "rfm_segment": _on_totals(_scores, "segment", None),
}


# ---- custom fields (the customer's `custom` JSONB, canonical values by key) -----------------

_NUMERIC_TEXT = r"^-?[0-9]+(\.[0-9]+)?$"


def _custom(f: Field, cond: Condition, key: str, frame: Frame) -> ColumnElement[bool]:
    raw = Customer.custom[key]
    op, v = cond.operator, cond.value
    if op is Op.IS_SET:
        return bool_(Customer.custom.has_key(key))
    if op is Op.IS_NOT_SET:
        return not_(bool_(Customer.custom.has_key(key)))
    if f.kind is Kind.BOOLEAN:
        return (
            raw == cast(literal("true"), JSONB)
            if v
            else func.coalesce(raw, cast(literal("false"), JSONB)) == cast(literal("false"), JSONB)
        )
    if f.kind is Kind.TAGS:
        words = _words(v)
        if op is Op.ALL_OF:
            return func.coalesce(raw.op("?&", return_type=Boolean)(words), false())
        overlap = func.coalesce(raw.op("?|", return_type=Boolean)(words), false())
        return overlap if op is Op.ANY_OF else not_(overlap)
    text = raw.astext
    if f.kind is Kind.NUMBER:
        column: Any = case((func.jsonb_typeof(raw) == "number", text.cast(Numeric)))
    elif f.kind is Kind.DECIMAL:
        column = case((text.op("~")(_NUMERIC_TEXT), text.cast(Numeric)))
    elif f.kind is Kind.DATE:
        return _calendar_date(op, v, text)
    else:
        column = text
    return scalar_test(f, op, v, frame)(column)


def _calendar_date(op: Op, v: Any, text: Any) -> ColumnElement[bool]:
    """A custom date (YYYY-MM-DD text): ISO dates sort as text, so no cast can fail."""
    if op is Op.BEFORE:
        return bool_(text < v)
    if op is Op.AFTER:
        return bool_(text > v)
    if op is Op.BETWEEN:
        return and_(text >= v[0], text <= v[1])
    return true()  # pragma: no cover - custom dates take only these operators
