"""The server's message catalogue: English is the source, `locale/zh-CN.json` the translation.

Raise sites keep writing English (`NotFound("No such order.")`): that text is the msgid. The few
messages built with an f-string (`f"… this one is {order.status}."`) are catalogue keys written as
templates with named placeholders (`"… this one is {status}."`), each compiled once to a regex and
matched against the final text. Changing those raise sites to pass parameters instead would put a
second way of raising an error next to the first in ~20 places of every context, and keep nothing
safer: the test that walks the source (tests/unit/test_message_catalogue.py) proves every literal
and every f-string shape has its entry either way. The values a template captures are translated
too — by the catalogue when they are messages themselves (the reason of a refused transition), by
the `words` table when they are product words (statuses, actions, "order") — and kept as they are
otherwise (amounts, SKUs, permission keys).

Which language a request gets is decided by `negotiate` (README "Languages").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Lang = Literal["zh-CN", "en"]
LANGS: tuple[Lang, ...] = ("zh-CN", "en")
SOURCE: Lang = "en"
# What a request without an Accept-Language header gets: the source language, the same for every
# caller whatever a user's or a tenant's setting (integrations see one stable text).
DEFAULT: Lang = "en"

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# Placeholders that match less than "any text" (so "Cannot comment on a ticket…" splits right).
_PATTERNS = {"article": "an?"}


def lang_of(locale: str | None) -> Lang:
    """A stored locale ("zh-CN", "zh", "en-US"…) as one of the languages the server speaks."""
    return "zh-CN" if (locale or "").strip().lower().startswith("zh") else "en"


def negotiate(header: str | None, default: Lang = DEFAULT) -> Lang:
    """The language an `Accept-Language` header asks for (RFC 9110: q-values honoured, `q=0`
    excluded, ties in the order written). Any Chinese tag (zh, zh-CN, zh-Hans, zh-TW…) is zh-CN,
    the only Chinese the server writes; any English tag is en; `*` or no match is `default`."""
    if not header:
        return default
    ranked: list[tuple[float, int, str]] = []
    for index, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, index, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag == "zh" or tag.startswith("zh-"):
            return "zh-CN"
        if tag == "en" or tag.startswith("en-"):
            return "en"
        if tag == "*":
            return default
    return default


def shape(template: str) -> str:
    """A template with its placeholders blanked: the form the source test compares."""
    return _PLACEHOLDER.sub("{}", template)


@dataclass(frozen=True, slots=True)
class _Template:
    pattern: re.Pattern[str]
    target: str
    weight: int  # literal characters: the more specific template wins


@dataclass(frozen=True, slots=True)
class Catalogue:
    exact: dict[str, str]
    templates: tuple[_Template, ...]
    words: dict[str, str]


def _compile(source: str, target: str) -> _Template:
    parts: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(source):
        parts.append(re.escape(source[last : match.start()]))
        name = match.group(1)
        parts.append(f"(?P<{name}>{_PATTERNS.get(name, '.+?')})")
        last = match.end()
    parts.append(re.escape(source[last:]))
    return _Template(re.compile("".join(parts), re.DOTALL), target, len(_PLACEHOLDER.sub("", source)))


@cache
def catalogue(lang: Lang) -> Catalogue:
    """The catalogue of `lang`, loaded and compiled once."""
    if lang == SOURCE:
        return Catalogue({}, (), {})
    text = resources.files("tenants").joinpath(f"locale/{lang}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    messages: dict[str, str] = data["messages"]
    exact = {k: v for k, v in messages.items() if not _PLACEHOLDER.search(k)}
    templates = sorted((_compile(k, v) for k, v in messages.items() if _PLACEHOLDER.search(k)), key=lambda t: -t.weight)
    return Catalogue(exact, tuple(templates), dict(data["words"]))


def source_shapes(lang: Lang) -> set[str]:
    """The shapes of every English message `lang` translates (for the source test)."""
    text = resources.files("tenants").joinpath(f"locale/{lang}.json").read_text(encoding="utf-8")
    return {shape(key) for key in json.loads(text)["messages"]}


def translate(text: str, lang: str, *, _depth: int = 0) -> str:
    """`text` (an English message) in `lang`; a text the catalogue lacks stays English."""
    if lang == SOURCE or not text:
        return text
    book = catalogue(lang_of(lang))
    if (found := book.exact.get(text)) is not None:
        return found
    if _depth < 3:
        for template in book.templates:
            if match := template.pattern.fullmatch(text):
                values = {name: _value(value, lang, book, _depth) for name, value in match.groupdict().items()}
                return template.target.format_map(values)
    return text


def _value(value: str, lang: str, book: Catalogue, depth: int) -> str:
    if (known := book.words.get(value)) is not None:
        return known
    translated = translate(value, lang, _depth=depth + 1)
    if translated != value:
        return translated
    # A list of words ("draft, approved"): each one translated.
    if ", " in value:
        items = value.split(", ")
        if all(item in book.words for item in items):
            return "、".join(book.words[item] for item in items)
    return value
