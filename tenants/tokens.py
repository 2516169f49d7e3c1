"""Access JWTs (short-lived, algorithm pinned) and opaque secrets (refresh tokens, API keys)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

import jwt

from tenants.clock import utcnow
from tenants.ids import uuid7

ALGORITHM = "HS256"
LEEWAY = 5  # seconds of clock skew tolerated on exp/nbf/iat
ACCESS_TYPE = "access"
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "tid", "jti", "typ"]


class InvalidTokenError(Exception):
    """Any defect in a presented token; the caller answers 401 without saying which."""


@dataclass(frozen=True, slots=True)
class TokenConfig:
    secret: str
    issuer: str
    audience: str
    access_ttl_seconds: int


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: uuid.UUID
    tenant_id: uuid.UUID
    jti: str
    expires_at: float = 0.0  # epoch seconds, leeway included


def issue_access_token(config: TokenConfig, user_id: uuid.UUID, tenant_id: uuid.UUID) -> str:
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "tid": str(tenant_id),
        "iss": config.issuer,
        "aud": config.audience,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(seconds=config.access_ttl_seconds),
        "jti": str(uuid7()),
        "typ": ACCESS_TYPE,
    }
    return jwt.encode(claims, config.secret, algorithm=ALGORITHM)


_VERIFIED_MAX = 20_000
_verified: dict[tuple[TokenConfig, str], tuple[float, AccessClaims]] = {}


def decode_access_token(config: TokenConfig, token: str) -> AccessClaims:
    """Verify signature (HS256 only), exp/nbf/iat, iss, aud, the token type and the claim shapes.

    A token verified before is answered from memory until its expiry (the same bytes under the
    same key verify the same way; only the clock moves, and expiry is checked on every hit).
    """
    known = _verified.get((config, token))
    if known is not None and time.time() < known[0]:
        return known[1]
    claims = _verify(config, token)
    if len(_verified) >= _VERIFIED_MAX:
        _verified.clear()
    _verified[(config, token)] = (claims.expires_at, claims)
    return claims


def _verify(config: TokenConfig, token: str) -> AccessClaims:
    try:
        claims = jwt.decode(
            token,
            config.secret,
            algorithms=[ALGORITHM],
            audience=config.audience,
            issuer=config.issuer,
            options={"require": REQUIRED_CLAIMS, "strict_aud": True},
            leeway=LEEWAY,
        )
        if claims.get("typ") != ACCESS_TYPE:
            raise InvalidTokenError("not an access token")
        return AccessClaims(
            uuid.UUID(claims["sub"]), uuid.UUID(claims["tid"]), str(claims["jti"]), float(claims["exp"]) + LEEWAY
        )
    except (jwt.PyJWTError, ValueError, TypeError, KeyError) as exc:
        raise InvalidTokenError(str(exc)) from exc


def digest(secret: str) -> str:
    """SHA-256 of a high-entropy secret (tokens, keys): enough, since they cannot be guessed."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_digest(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def new_refresh_token(tenant_id: uuid.UUID) -> str:
    """`<tenant uuid>.<secret>`: the tenant part only selects where to look; the hash decides."""
    return f"{tenant_id}.{secrets.token_urlsafe(32)}"


def refresh_token_tenant(token: str) -> uuid.UUID:
    head, _, tail = token.partition(".")
    if not tail:
        raise InvalidTokenError("malformed refresh token")
    try:
        return uuid.UUID(head)
    except ValueError as exc:
        raise InvalidTokenError("malformed refresh token") from exc


API_KEY_PREFIX = "crm"


def new_api_key() -> tuple[str, str, str]:
    """Return (key_id, secret, full key `crm_<keyid>_<secret>`)."""
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32).replace("_", "-")
    return key_id, secret, f"{API_KEY_PREFIX}_{key_id}_{secret}"


def split_api_key(key: str) -> tuple[str, str]:
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != API_KEY_PREFIX or len(parts[1]) != 16 or not parts[2]:
        raise InvalidTokenError("malformed API key")
    return parts[1], parts[2]
