"""Signed public links: a token naming a tenant and one of its rows (and a small number, e.g. a
link's position), verified by its HMAC, so a million campaign recipients need no table of tokens
(order tracking and CSAT keep theirs in `public_links`, one per order or ticket). The key is
derived from the server secret at start-up (`use_link_key`), so links survive restarts."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import uuid

_MAC_BYTES = 12
_key: bytes | None = None


def use_link_key(secret: str) -> None:
    global _key
    _key = hashlib.sha256(b"public-link:" + secret.encode()).digest()


def _mac(kind: str, body: bytes) -> bytes:
    if _key is None:
        raise RuntimeError("tenants.links.use_link_key was not called")
    return hmac.digest(_key, kind.encode() + b"\x00" + body, "sha256")[:_MAC_BYTES]


def sign(kind: str, tenant_id: uuid.UUID, target_id: uuid.UUID, number: int = 0) -> str:
    body = tenant_id.bytes + target_id.bytes + number.to_bytes(2, "big")
    return base64.urlsafe_b64encode(body + _mac(kind, body)).rstrip(b"=").decode()


def verify(kind: str, token: str) -> tuple[uuid.UUID, uuid.UUID, int] | None:
    """(tenant, row, number) of a token signed for `kind`; None for anything else."""
    if not token or len(token) > 100 or not token.isascii():
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 34 + _MAC_BYTES:
        return None
    body, mac = raw[:34], raw[34:]
    if not hmac.compare_digest(mac, _mac(kind, body)):
        return None
    return uuid.UUID(bytes=body[:16]), uuid.UUID(bytes=body[16:32]), int.from_bytes(body[32:34], "big")
