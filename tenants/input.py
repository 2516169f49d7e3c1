"""What every request body field goes through once, whatever route it reaches (`Input` runs it
after decoding): numbers that no column or decimal context can hold are refused, and text loses
what only deceives — bidirectional overrides that make a name display as another — while text
made of nothing visible counts as empty, so each context's "must not be blank" rule sees it."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

# What any stored number fits: money is NUMERIC(14, 2), rates NUMERIC(5, 4), counts INTEGER.
# A number past these is refused; each field's own rule then states its real bounds.
MAX_DECIMAL = Decimal("1e15")
MIN_EXPONENT = -8
MAX_INT = 2**31 - 1

# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder how a text is
# shown (an "RTL override" makes "gpj.exe" read "exe.jpg"); natural right-to-left text needs none.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_MAYBE_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]"
)


def _invisible(text: str) -> bool:
    """Nothing a reader would see: whitespace and format characters only (zero-width spaces…)."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" or ch in "\u115f\u1160\u3164\uffa0" for ch in text)


def clean_text(text: str) -> str:
    if not _MAYBE_INVISIBLE.search(text):
        return text  # the common case: one regex scan
    text = _BIDI_CONTROLS.sub("", text)
    return "" if _invisible(text) else text


def check_number(name: str, value: Decimal | int) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, Decimal):
        if not value.is_finite() or abs(value) >= MAX_DECIMAL or int(value.as_tuple().exponent) < MIN_EXPONENT:
            raise ValueError(f"{name}: must be a decimal below {MAX_DECIMAL:,.0f} with at most 8 decimal places")
    elif abs(value) > MAX_INT:
        raise ValueError(f"{name}: must be an integer between -{MAX_INT} and {MAX_INT}")


def cleaned(name: str, value: Any) -> Any:
    """The field's value as the domain should see it (raises ValueError for what it cannot hold)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Decimal | int):
        check_number(name, value)
    elif isinstance(value, list) and value and isinstance(value[0], str):
        return [clean_text(item) if isinstance(item, str) else item for item in value]
    return value
