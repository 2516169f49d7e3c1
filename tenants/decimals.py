"""Decimal fields as clients write them: one canonical text per value, nothing else.

msgspec decodes a `Decimal` from anything Python's `Decimal()` takes — a JSON number, `"1e3"`,
`"1_000"`, `" 12"`, `"+5"`, Arabic-Indic or full-width digits (`"١٢٣"`, `"１２"`) — and the
domain then silently rounds `"0.001"` to 0.00. Money is a JSON string of ASCII digits with at most
as many decimal places as it is stored with, so a field typed `Money`, `Rate` or `Percent` carries
its grammar (`DecimalText`) in its metadata: the contract publishes it as the field's `pattern`,
and the input gate (`api/input.py`) checks the body's raw text against it before decoding, where
the text is still there to check. Values past the grammar are a 422 naming the field; the domain
still states each field's own bounds (a price cap, "not above the balance due").

Storage is NUMERIC(14, 2) for amounts and NUMERIC(5, 4) for rates, whatever the currency; where
the tenant's currency has fewer minor units (JPY and KRW have none), `check_minor_units` refuses
the places it does not have.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Annotated, Any

import msgspec
from babel.numbers import get_currency_precision

from tenants.body_types import Path, type_nodes
from tenants.errors import FieldError, Invalid

_KIND = "decimal_text"


@dataclass(frozen=True, slots=True)
class DecimalText:
    kind: str
    pattern: str
    example: str
    message: str

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.pattern)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII)


MONEY = DecimalText(
    "money",
    r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$",
    "12.50",
    'must be an amount of 0 or more, written as a string like "12.50" (at most 2 decimal places)',
)
RATE = DecimalText(
    "rate",
    r"^[01](\.[0-9]{1,4})?$",
    "0.13",
    'must be a fraction written as a string like "0.13" (at most 4 decimal places)',
)
PERCENT = DecimalText(
    "percent",
    r"^(0|[1-9][0-9]?)(\.[0-9]{1,2})?$",
    "15",
    'must be a percentage below 100, written as a string like "15" or "12.5" (at most 2 decimal places)',
)
GRAMMARS = {grammar.kind: grammar for grammar in (MONEY, RATE, PERCENT)}


def _annotated(grammar: DecimalText, description: str) -> Any:
    return msgspec.Meta(
        extra={_KIND: grammar.kind},
        extra_json_schema={
            "description": description,
            "examples": [grammar.example],
            "extra": {"pattern": grammar.pattern, "format": "decimal"},
        },
    )


# An amount of the tenant's currency, tax included where it is a price.
Money = Annotated[Decimal, _annotated(MONEY, "An amount: a string of digits with at most 2 decimal places")]
# A fraction such as a tax rate (0.13 = 13 %).
Rate = Annotated[Decimal, _annotated(RATE, "A fraction (0.13 = 13 %), at most 4 decimal places")]
# A percentage (15 = 15 %).
Percent = Annotated[Decimal, _annotated(PERCENT, "A percentage (15 = 15 %), at most 2 decimal places")]


@cache
def decimal_fields(body_type: Any) -> tuple[tuple[Path, DecimalText], ...]:
    """Every place in `body_type` holding a grammar-bearing decimal (worked out once per type)."""
    return tuple(
        (path, GRAMMARS[(info.extra or {})[_KIND]])
        for path, info in type_nodes(body_type)
        if isinstance(info, msgspec.inspect.Metadata) and _KIND in (info.extra or {})
    )


def misspelt(body: Any, fields: tuple[tuple[Path, DecimalText], ...]) -> list[tuple[str, str]]:
    """(dotted field, message) of each decimal in the decoded JSON `body` not written in its
    grammar. Absent fields and nulls are left to the type's own rules."""
    return [
        (".".join(name), grammar.message)
        for path, grammar in fields
        for name, value in _values(body, path, ())
        if value is not None and not (isinstance(value, str) and grammar.regex.fullmatch(value))
    ]


def _values(node: Any, path: Path, at: tuple[str, ...]) -> list[tuple[tuple[str, ...], Any]]:
    if not path:
        return [(at, node)]
    step, rest = path[0], path[1:]
    if step == "*":
        if not isinstance(node, list):
            return []
        return [found for i, item in enumerate(node) for found in _values(item, rest, (*at, str(i)))]
    if not isinstance(node, dict) or step not in node:
        return []
    return _values(node[step], rest, (*at, step))


@cache
def minor_units(currency: str) -> int:
    """How many decimal places amounts of `currency` have (CNY 2, JPY 0), per CLDR."""
    return int(get_currency_precision(currency))


def minor_unit_errors(currency: str, amounts: Iterable[tuple[str, Decimal | None]]) -> list[FieldError]:
    """Every (field, amount) with more decimal places than `currency` has."""
    places = minor_units(currency)
    return [
        FieldError(field, f"has more decimal places than {currency} has ({places})")
        for field, amount in amounts
        if amount is not None and _places(amount) > places
    ]


def check_minor_units(currency: str, amounts: Iterable[tuple[str, Decimal | None]]) -> None:
    """422 listing every amount with more decimal places than `currency` has."""
    if errors := minor_unit_errors(currency, amounts):
        raise Invalid(errors)


def _places(amount: Decimal) -> int:
    exponent = amount.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
