"""Turning a unique-constraint violation at flush time into a 409 Conflict.

Services pre-check the common clash for a friendly message; this catches what a pre-check cannot
see (a concurrent insert, or a row RLS hides from the caller). After a failed flush the
transaction is aborted, so nothing may query on: the Conflict ends the request.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tenants.errors import Conflict

# (code, detail) of the Conflict to raise
ConflictText = tuple[str, str]


async def flush_or_conflict(
    session: AsyncSession, fallback: ConflictText, by_constraint: dict[str, ConflictText] | None = None
) -> None:
    """Flush; on IntegrityError raise a Conflict for the violated constraint (by name) or `fallback`."""
    try:
        await session.flush()
    except IntegrityError as exc:
        message = str(exc.orig)
        code, detail = next((text for name, text in (by_constraint or {}).items() if f'"{name}"' in message), fallback)
        raise Conflict(detail, code=code) from exc
