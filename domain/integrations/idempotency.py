"""Idempotency keys: claimed in the request's own transaction, answered from the stored response.

The claim, the write it protects and the stored response commit together (or not at all), so a
committed key always carries the response of a committed write. Concurrent requests with the same
key are told apart by a transaction-scoped advisory lock taken before the claim: the holder is the
request in flight; everyone else gets `in_flight` at once instead of waiting on the unique index.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.integrations.models import IdempotencyKey
from tenants.errors import FieldError, Invalid
from tenants.scoping import of_tenant

MAX_KEY_LENGTH = 255
HEADER = "Idempotency-Key"
_TRY_LOCK = text("SELECT pg_try_advisory_xact_lock(hashtextextended(:lock, 0))")

Outcome = Literal["claimed", "in_flight", "reused", "replay"]


class KeyReused(Invalid):
    """The key was already used for a different request (method, path or body)."""

    def __init__(self) -> None:
        super().__init__(
            [FieldError(HEADER, "was already used for a different request")],
            "This Idempotency-Key was already used with a different request; use a new key.",
        )
        self.code = "idempotency_key_reused"


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status_code: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class Claim:
    outcome: Outcome
    stored: StoredResponse | None = None


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What "the same request" means: method, path (with query) and the raw body bytes."""
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def valid_key(raw: str) -> bool:
    """1–255 visible ASCII characters (UUIDs, ULIDs and the like)."""
    return 0 < len(raw) <= MAX_KEY_LENGTH and all(0x21 <= ord(c) <= 0x7E for c in raw)


async def claim(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    principal: str,
    key: str,
    method: str,
    path: str,
    request_hash: str,
) -> Claim:
    """Claim `key` for this request inside the caller's (still open) tenant transaction.

    `claimed`: go ahead, then `store` the response before committing. Anything else: run nothing
    and end the transaction; `replay` carries the response to send again.
    """
    lock = f"idem:{tenant_id}:{principal}:{key}"
    if not (await session.execute(_TRY_LOCK, {"lock": lock})).scalar_one():
        return Claim("in_flight")
    # Holding the lock, nobody else can insert or replace this key until we end: a conflict here
    # is a committed row. An expired row is taken over as if it were absent.
    statement = (
        insert(IdempotencyKey)
        .values(
            tenant_id=tenant_id,
            principal=principal,
            key=key,
            method=method,
            path=path[:500],
            request_hash=request_hash,
        )
        .on_conflict_do_update(
            index_elements=["tenant_id", "principal", "key"],
            set_={
                "method": method,
                "path": path[:500],
                "request_hash": request_hash,
                "status_code": None,
                "response_headers": None,
                "response_body": None,
                "created_at": func.now(),
                "expires_at": text("now() + interval '24 hours'"),
            },
            where=IdempotencyKey.expires_at <= func.now(),
        )
        .returning(IdempotencyKey.key)
    )
    if (await session.execute(statement)).first() is not None:
        return Claim("claimed")
    row = (
        await session.execute(
            select(
                IdempotencyKey.request_hash,
                IdempotencyKey.status_code,
                IdempotencyKey.response_headers,
                IdempotencyKey.response_body,
            ).where(
                of_tenant(tenant_id, IdempotencyKey),
                IdempotencyKey.principal == principal,
                IdempotencyKey.key == key,
            )
        )
    ).one()
    if row.request_hash != request_hash:
        return Claim("reused")
    if row.status_code is None:  # never committed by this module; treat as still running
        return Claim("in_flight")
    return Claim("replay", StoredResponse(row.status_code, dict(row.response_headers or {}), row.response_body or b""))


async def store(
    session: AsyncSession, tenant_id: uuid.UUID, principal: str, key: str, response: StoredResponse
) -> None:
    """Record the response on the claimed row; it commits with the request's write."""
    await session.execute(
        update(IdempotencyKey)
        .where(
            of_tenant(tenant_id, IdempotencyKey),
            IdempotencyKey.principal == principal,
            IdempotencyKey.key == key,
        )
        .values(status_code=response.status_code, response_headers=response.headers, response_body=response.body)
    )


async def purge_expired(session: AsyncSession, tenant_id: uuid.UUID, now: datetime) -> int:
    """Delete the tenant's keys that expired before `now` (a periodic sweeper job); an expired
    key is already treated as absent, this only keeps the table small."""
    result = await session.execute(
        delete(IdempotencyKey)
        .where(of_tenant(tenant_id, IdempotencyKey), IdempotencyKey.expires_at < now)
        .returning(IdempotencyKey.key)
    )
    return len(result.all())
