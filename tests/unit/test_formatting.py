"""Money, dates and phones as each language writes them, on the tenant's clock."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tenants.formatting import day, moment, money, phone

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("amount", "currency", "lang", "text"),
    [
        ("103.95", "CNY", "zh-CN", "¥103.95"),
        ("103.95", "CNY", "en", "¥103.95"),  # not CN¥: the yuan is ¥ to every reader of these chains
        ("10388.5", "CNY", "zh-CN", "¥10,388.50"),
        ("-10.00", "CNY", "en", "-¥10.00"),
        ("5", "USD", "en", "$5.00"),
        ("5", "USD", "zh-CN", "US$5.00"),
        ("103.95", "CNY", "zh", "¥103.95"),
    ],
)
def test_money(amount: str, currency: str, lang: str, text: str) -> None:
    assert money(Decimal(amount), currency, lang) == text


def test_dates_in_each_language() -> None:
    assert day(date(2026, 1, 2), "zh-CN") == "2026年1月2日"
    assert day(date(2026, 1, 2), "en") == "Jan 2, 2026"


def test_a_moment_is_shown_on_the_tenant_clock() -> None:
    utc = datetime(2026, 1, 2, 16, 4, tzinfo=UTC)  # already Jan 3 in Shanghai
    assert moment(utc, "zh-CN", SHANGHAI) == "2026年1月3日 00:04"
    assert moment(utc, "en", SHANGHAI) == "Jan 3, 2026, 12:04\u202fAM"
    assert moment(utc, "en", ZoneInfo("UTC")) == "Jan 2, 2026, 4:04\u202fPM"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+8613800138000", "+86 138 0013 8000"),
        ("13800138000", "+86 138 0013 8000"),
        ("+862112345678", "+86 21 1234 5678"),
        ("+14155552671", "+1 415-555-2671"),
        ("ext. 12", "ext. 12"),
        ("", ""),
    ],
)
def test_phones_are_grouped(stored: str, shown: str) -> None:
    assert phone(stored) == shown
