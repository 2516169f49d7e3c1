"""Phone numbers become E.164 (China by default); emails are validated and lower-cased."""

from __future__ import annotations

import pytest

from tenants.validation import normalise_email, normalise_phone


@pytest.mark.parametrize(
    "raw",
    ["13800138000", "+86 138-0013-8000", "8613800138000", " 138 0013 8000 ", "+8613800138000", "(138) 0013 8000"],
)
def test_chinese_mobile_numbers_become_e164(raw: str) -> None:
    assert normalise_phone(raw) == "+8613800138000"


def test_foreign_number_keeps_its_country_code() -> None:
    assert normalise_phone("+1 650-253-0000") == "+16502530000"


@pytest.mark.parametrize("raw", ["12345", "", "abc", "1380013800", "+86 138 0013 8000 99"])
def test_invalid_phone_numbers_raise(raw: str) -> None:
    with pytest.raises(ValueError, match="phone number"):
        normalise_phone(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Bruce@Example.COM", "bruce@example.com"),
        ("  li.xiao@shop.cn ", "li.xiao@shop.cn"),
        ("OWNER+crm@Example.com", "owner+crm@example.com"),
    ],
)
def test_emails_are_trimmed_and_lower_cased(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


@pytest.mark.parametrize("raw", ["not-an-email", "a@", "@b.com", "a b@c.com", "a@@b.com", ""])
def test_invalid_emails_raise(raw: str) -> None:
    with pytest.raises(ValueError, match="is not a valid email address"):
        normalise_email(raw)
