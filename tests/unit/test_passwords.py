"""Password policy and argon2id hashing at OWASP parameters."""

from __future__ import annotations

import pytest

from tenants.passwords import MAX_LENGTH, MIN_LENGTH, hash_password, password_problem, verify_password


def test_short_passwords_are_refused() -> None:
    assert MIN_LENGTH == 10
    assert password_problem("Abc-12345") == "must be at least 10 characters"
    assert password_problem("") == "must be at least 10 characters"


def test_overlong_passwords_are_refused() -> None:
    assert password_problem("Aa1-" * 40) == f"must be at most {MAX_LENGTH} characters"


@pytest.mark.parametrize(
    "password", ["password123", "1234567890", "PASSWORD123", "qwertyuiop", "aaaaaaaaaaaa", "abababababab"]
)
def test_common_or_repetitive_passwords_are_refused(password: str) -> None:
    assert password_problem(password) == "is too common; choose a less predictable password"


@pytest.mark.parametrize("password", ["Correct-Horse-42", "blue tangerine umbrella", "x7#Lq9!vR2pZ"])
def test_strong_passwords_are_accepted(password: str) -> None:
    assert password_problem(password) is None


async def test_hash_and_verify_round_trip_with_argon2id() -> None:
    hashed = await hash_password("Correct-Horse-42")
    assert hashed.startswith("$argon2id$")
    assert "m=19456,t=2,p=1" in hashed
    assert await verify_password("Correct-Horse-42", hashed) is True
    assert await verify_password("Correct-Horse-43", hashed) is False


async def test_hashes_are_salted() -> None:
    assert await hash_password("Correct-Horse-42") != await hash_password("Correct-Horse-42")


async def test_verify_without_a_hash_is_false() -> None:
    assert await verify_password("Correct-Horse-42", None) is False
