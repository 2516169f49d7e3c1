"""Money, dates and phone numbers as a reader of one language expects them (Babel, phonenumbers):
the one formatter emails, notifications and the invoice PDF use.

CNY is written `¥103.95` in both languages: the chains are in China, where `¥` is the yuan, and
Babel's English `CN¥` would read as a foreign currency to the customers these texts are for.
Other currencies follow Babel (`US$1.00` in zh-CN, `$1.00` in en). Times are shown in the
tenant's time zone, never UTC."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import phonenumbers
from babel.dates import format_date, format_time, get_datetime_format
from babel.numbers import format_currency

from tenants.messages import lang_of

_BABEL = {"zh-CN": "zh_CN", "en": "en"}


def _locale(lang: str) -> str:
    return _BABEL[lang_of(lang)]


def money(amount: Decimal, currency: str, lang: str) -> str:
    """`¥1,234.50` (CNY in either language), `-¥10.00`, `US$5.00`…; two decimals for CNY."""
    text = format_currency(amount, currency, locale=_locale(lang))
    return text.replace("CN¥", "¥") if currency == "CNY" else text


def day(value: date, lang: str) -> str:
    """`2026年1月2日` / `Jan 2, 2026`."""
    return format_date(value, "medium", locale=_locale(lang))


def moment(value: datetime, lang: str, zone: ZoneInfo) -> str:
    """A point in time on the tenant's clock, to the minute: `2026年1月2日 11:04` /
    `Jan 2, 2026, 11:04 AM`."""
    local = value.astimezone(zone)
    locale = _locale(lang)
    pattern = str(get_datetime_format("medium", locale=locale)).replace("'", "")
    return pattern.format(format_time(local, "short", locale=locale), format_date(local, "medium", locale=locale))


def phone(number: str) -> str:
    """A stored phone number (E.164, `+8613800138000`) grouped for reading: `+86 138 0013 8000`.
    Text that is not a phone number is shown as it is."""
    if not number:
        return number
    try:
        parsed = phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_possible_number(parsed):
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
