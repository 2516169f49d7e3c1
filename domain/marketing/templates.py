"""Personalised campaign content: a sandboxed template language (jinja2's SandboxedEnvironment:
no attribute access beyond the values given, no imports, no file system) over a small, fixed set
of values — `customer.name`, `loyalty.points`, `loyalty.tier`, `store.name`, `coupon` — so what a
marketer writes can neither read what it should not nor break a send. Unknown names render empty
(a missing tier is not an error for the customer who has none); a template that does not parse
is refused when it is saved (422 naming the field)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from jinja2 import TemplateSyntaxError, Undefined
from jinja2.sandbox import SandboxedEnvironment

_TEXT = SandboxedEnvironment(undefined=Undefined, autoescape=False)
_HTML = SandboxedEnvironment(undefined=Undefined, autoescape=True)
SMS_SEGMENT_GSM = 160  # characters of one SMS in the GSM alphabet (70 once it holds Chinese)
SMS_SEGMENT_UCS2 = 70
SMS_CONCATENATED_GSM = 153  # per part of a longer message
SMS_CONCATENATED_UCS2 = 67
SMS_OPT_OUT = {"zh-CN": "回T退订", "en": "Reply T to opt out"}


@dataclass(frozen=True, slots=True)
class Personal:
    """What a template may say about its recipient."""

    customer_name: str
    points: int
    tier: str
    store_name: str
    coupon: str

    def values(self) -> dict[str, object]:
        return {
            "customer": {"name": self.customer_name},
            "loyalty": {"points": self.points, "tier": self.tier},
            "store": {"name": self.store_name},
            "coupon": self.coupon,
        }


def syntax_problem(source: str) -> str | None:
    try:
        _TEXT.parse(source)
    except TemplateSyntaxError as error:
        return f"is not a valid template (line {error.lineno})"
    return None


def render(source: str, personal: Personal, *, html: bool = False) -> str:
    env = _HTML if html else _TEXT
    return env.from_string(source).render(personal.values())


def sms_text(body: str, language: str) -> str:
    """An SMS as sent: its text and the opt-out line Chinese rules require."""
    return f"{body.rstrip()} {SMS_OPT_OUT.get(language, SMS_OPT_OUT['zh-CN'])}"


def sms_parts(text: str) -> int:
    """How many SMS parts a text takes (operators bill per part)."""
    wide = any(ord(ch) > 0x7F for ch in text)
    single, part = (SMS_SEGMENT_UCS2, SMS_CONCATENATED_UCS2) if wide else (SMS_SEGMENT_GSM, SMS_CONCATENATED_GSM)
    return 1 if len(text) <= single else math.ceil(len(text) / part)
