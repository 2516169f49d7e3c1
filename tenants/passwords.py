"""Password hashing (argon2id at OWASP parameters) and the password policy."""

from __future__ import annotations

import asyncio
from functools import cache
from importlib import resources

from passlib.context import CryptContext

MIN_LENGTH = 10
MAX_LENGTH = 128

# OWASP: m = 19 MiB, t = 2, p = 1. A bounded number of hashes run at once so a burst of logins
# cannot take 19 MiB x N of memory or starve the event loop.
_context = CryptContext(
    schemes=["argon2"],
    argon2__type="ID",
    argon2__memory_cost=19 * 1024,
    argon2__time_cost=2,
    argon2__parallelism=1,
)
_hashing = asyncio.Semaphore(2)
# Verified when the user does not exist, so unknown-user and wrong-password take the same time.
_DUMMY_HASH = _context.hash("not-a-real-password-for-timing-only")


@cache
def _common_passwords() -> frozenset[str]:
    text = resources.files("tenants").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problem(password: str) -> str | None:
    """Return why a password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"must be at most {MAX_LENGTH} characters"
    if password.lower() in _common_passwords() or len(set(password)) < 4:
        return "is too common; choose a less predictable password"
    return None


async def hash_password(password: str) -> str:
    async with _hashing:
        return await asyncio.to_thread(_context.hash, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant-work verification: an absent hash still costs one argon2 verification."""
    async with _hashing:
        ok = await asyncio.to_thread(_context.verify, password, password_hash or _DUMMY_HASH)
    return bool(ok) and password_hash is not None
