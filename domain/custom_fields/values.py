"""Custom field values: each type's one canonical JSON form, and the search terms a filterable
value is found by. Pure functions (no database), so every rule has a unit test.

Canonical forms: text as written (trimmed; blank is no value), number a JSON integer, decimal a
string of ASCII digits without trailing zeros (`"12.5"`, the form money takes elsewhere, so a
client never loses precision to a float), date `YYYY-MM-DD`, boolean, select one option value,
multiselect the sorted, unique option values (empty is no value). A ValueError's text is the
field message of the 422 (tests/messages_support.py walks this file for translations).

Terms: `cf:<key>=<canonical text>` (text lowercased, so filters ignore case; one term per value
of a multiselect) in the record's search-term table, matched by `=` on its (tenant_id, term)
btree, which row-level security leaves usable (PITFALLS). A text too long for a term is
represented by `cf:<key>#<digest>`, still exact.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from datetime import date
from decimal import Decimal
from typing import Any

from domain.terms import MAX_TERM
from tenants.input import clean_text

MAX_TEXT = 500
MAX_SAFE_INTEGER = 2**53 - 1  # what a browser's number holds exactly
_INTEGER = re.compile(r"-?[0-9]{1,16}")
_DECIMAL = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,6})?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        raise ValueError("must be text")
    text = clean_text(value).strip()
    if len(text) > MAX_TEXT:
        raise ValueError(f"must be at most {MAX_TEXT} characters")
    return text or None


def _number(value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 5.0 is a whole number, as JSON Schema counts it
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("is a whole-number field: send an integer such as 12")
    if abs(value) > MAX_SAFE_INTEGER:
        raise ValueError(f"must be a whole number between -{MAX_SAFE_INTEGER} and {MAX_SAFE_INTEGER}")
    return value


def _decimal_text(text: str) -> str:
    """`"12.50"` → `"12.5"`, `"-0"` → `"0"`: one spelling per number, so filters match."""
    if not _DECIMAL.fullmatch(text):
        raise ValueError('must be a decimal written as a string of digits, e.g. "12.50" (at most 6 decimal places)')
    number = Decimal(text)
    if number == 0:
        return "0"
    plain = format(number, "f")
    return plain.rstrip("0").rstrip(".") if "." in plain else plain


def _decimal(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError('must be a decimal written as a string of digits, e.g. "12.50" (at most 6 decimal places)')
    return _decimal_text(value)


def _date(value: Any) -> str:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError("must be a date written YYYY-MM-DD") from None


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("is a yes/no field: send true or false")
    return value


def _select(value: Any, options: Collection[str]) -> str:
    if not isinstance(value, str) or value not in options:
        raise ValueError("is not one of the field's options")
    return value


def _multiselect(value: Any, options: Collection[str]) -> list[str] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of the field's options")
    if any(v not in options for v in value):
        raise ValueError("is not one of the field's options")
    return sorted(set(value)) or None


def canonical(field_type: str, options: Collection[str], value: Any) -> Any:
    """The value in its type's canonical form; None when it is no value (blank text, an empty
    list); ValueError with the field message when it does not fit the type."""
    if value is None:
        return None
    if field_type == "text":
        return _text(value)
    if field_type == "number":
        return _number(value)
    if field_type == "decimal":
        return _decimal(value)
    if field_type == "date":
        return _date(value)
    if field_type == "boolean":
        return _boolean(value)
    if field_type == "select":
        return _select(value, options)
    if field_type == "multiselect":
        return _multiselect(value, options)
    raise ValueError("has a type this server does not know")


def filter_text(field_type: str, options: Collection[str], raw: str) -> str:
    """A `?cf.<key>=` query value → the canonical text its terms carry (ValueError: why not)."""
    text = raw.strip()
    if field_type == "number":
        if not _INTEGER.fullmatch(text):
            raise ValueError("is a whole-number field: send an integer such as 12")
        return str(_number(int(text)))
    if field_type == "boolean":
        if text not in ("true", "false"):
            raise ValueError("is a yes/no field: send true or false")
        return text
    if field_type in ("select", "multiselect"):
        return _select(text, options)
    if field_type == "decimal":
        return _decimal_text(text)
    if field_type == "date":
        return _date(text)
    value = _text(text)
    if value is None:
        raise ValueError("must not be blank")
    return value.lower()


def _texts(field_type: str, value: Any) -> list[str]:
    """The canonical value as term texts (what filter_text gives for each matching query)."""
    if field_type == "multiselect":
        return list(value)
    if field_type == "boolean":
        return ["true" if value else "false"]
    if field_type == "text":
        return [str(value).lower()]
    return [str(value)]


def term(key: str, text: str) -> str:
    """The search term of one canonical text of field `key`."""
    plain = f"cf:{key}={text}"
    if len(plain) <= MAX_TERM:
        return plain
    return f"cf:{key}#{hashlib.sha256(text.encode()).hexdigest()[:40]}"


def terms_of(key: str, field_type: str, value: Any) -> list[str]:
    """Every search term of a canonical value (none for no value)."""
    if value is None:
        return []
    return [term(key, text) for text in _texts(field_type, value)]


def term_ranges(key: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """The [start, end) ranges holding every term of field `key`, one per spelling (`=`, `#`);
    one range from `#` to `>` would also hold the terms of `key2`."""
    return (f"cf:{key}=", f"cf:{key}>"), (f"cf:{key}#", f"cf:{key}$")


def _label(option: dict[str, Any], lang: str) -> str:
    first, second = ("label_zh", "label_en") if lang.startswith("zh") else ("label_en", "label_zh")
    return str(option.get(first) or option.get(second) or option["value"])


def readable(field_type: str, options: list[dict[str, Any]], value: Any, lang: str, words: dict[str, str]) -> Any:
    """A canonical value as a person reads it in `lang` (an export's cell): option labels (an
    option removed since marked with `words["removed"]`, a `{value}` template), yes/no words,
    dates `YYYY-MM-DD`, decimals as Decimal (a number in XLSX), numbers as int; None for none."""
    if value is None:
        return None
    if field_type == "boolean":
        return words["yes"] if value else words["no"]
    if field_type == "decimal":
        return Decimal(str(value))
    if field_type in ("select", "multiselect"):
        labels = {str(o["value"]): _label(o, lang) for o in options}
        chosen = value if isinstance(value, list) else [value]
        texts = [labels.get(str(v)) or words["removed"].replace("{value}", str(v)) for v in chosen]
        return ("、" if lang.startswith("zh") else ", ").join(texts)
    return value
