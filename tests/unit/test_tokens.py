"""Access JWTs, refresh-token tenant prefix and API key format."""

from __future__ import annotations

import uuid
from datetime import timedelta

import jwt
import pytest

from tenants.clock import utcnow
from tenants.tokens import (
    ALGORITHM,
    InvalidTokenError,
    TokenConfig,
    decode_access_token,
    issue_access_token,
    new_api_key,
    new_refresh_token,
    refresh_token_tenant,
    split_api_key,
)

CONFIG = TokenConfig(secret="s" * 40, issuer="retail-crm", audience="retail-crm-api", access_ttl_seconds=900)
USER = uuid.UUID("0190a000-0000-7000-8000-000000000001")
TENANT = uuid.UUID("0190a000-0000-7000-8000-000000000002")


def _raw(token: str) -> dict[str, object]:
    return dict(jwt.decode(token, CONFIG.secret, algorithms=[ALGORITHM], audience=CONFIG.audience))


def test_issue_and_decode_round_trip() -> None:
    claims = decode_access_token(CONFIG, issue_access_token(CONFIG, USER, TENANT))
    assert claims.user_id == USER
    assert claims.tenant_id == TENANT
    assert uuid.UUID(claims.jti).version == 7


def test_token_carries_every_required_claim() -> None:
    raw = _raw(issue_access_token(CONFIG, USER, TENANT))
    assert {"sub", "tid", "iss", "aud", "exp", "iat", "jti", "typ"} <= set(raw)
    assert raw["sub"] == str(USER)
    assert raw["tid"] == str(TENANT)
    assert raw["iss"] == "retail-crm"
    assert raw["aud"] == "retail-crm-api"
    assert raw["typ"] == "access"
    assert jwt.get_unverified_header(issue_access_token(CONFIG, USER, TENANT))["alg"] == "HS256"


def test_access_token_lives_at_most_fifteen_minutes() -> None:
    raw = _raw(issue_access_token(CONFIG, USER, TENANT))
    assert isinstance(raw["exp"], int)
    assert isinstance(raw["iat"], int)
    assert 0 < raw["exp"] - raw["iat"] <= 15 * 60


def test_every_token_has_its_own_jti() -> None:
    first = decode_access_token(CONFIG, issue_access_token(CONFIG, USER, TENANT))
    second = decode_access_token(CONFIG, issue_access_token(CONFIG, USER, TENANT))
    assert first.jti != second.jti


def _forge(**overrides: object) -> str:
    now = utcnow()
    claims: dict[str, object] = {
        "sub": str(USER),
        "tid": str(TENANT),
        "iss": CONFIG.issuer,
        "aud": CONFIG.audience,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=5),
        "jti": "j",
        "typ": "access",
    }
    claims.update(overrides)
    secret = str(claims.pop("_secret", CONFIG.secret))
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, secret, algorithm=ALGORITHM)


@pytest.mark.parametrize(
    "token",
    [
        _forge(exp=utcnow() - timedelta(minutes=1)),
        _forge(iss="someone-else"),
        _forge(aud="another-api"),
        _forge(typ="refresh"),
        _forge(tid=None),
        _forge(jti=None),
        _forge(sub="not-a-uuid"),
        _forge(_secret="x" * 40),
        "not.a.jwt",
        "",
    ],
    ids=["expired", "issuer", "audience", "type", "no-tid", "no-jti", "bad-sub", "signature", "garbage", "empty"],
)
def test_defective_tokens_are_refused(token: str) -> None:
    with pytest.raises(InvalidTokenError):
        decode_access_token(CONFIG, token)


def test_unsigned_alg_none_token_is_refused() -> None:
    header = jwt.utils.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode()
    payload_token = _forge()
    body = payload_token.split(".")[1]
    with pytest.raises(InvalidTokenError):
        decode_access_token(CONFIG, f"{header}.{body}.")


def test_api_key_format_and_split() -> None:
    key_id, secret, full = new_api_key()
    assert len(key_id) == 16
    int(key_id, 16)  # hex
    assert full == f"crm_{key_id}_{secret}"
    assert "_" not in secret
    assert len(secret) >= 40
    assert split_api_key(full) == (key_id, secret)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "crm",
        "crm_0123456789abcdef",
        "crm_0123456789abcdef_",
        "abc_0123456789abcdef_secret",
        "crm_0123456789abcde_secret",
        "crm_0123456789abcdef0_secret",
        "0123456789abcdef_secret",
    ],
)
def test_malformed_api_keys_raise(key: str) -> None:
    with pytest.raises(InvalidTokenError):
        split_api_key(key)


def test_refresh_token_names_its_tenant() -> None:
    token = new_refresh_token(TENANT)
    assert token.startswith(f"{TENANT}.")
    assert len(token) > len(str(TENANT)) + 40
    assert refresh_token_tenant(token) == TENANT
    assert new_refresh_token(TENANT) != token


@pytest.mark.parametrize("token", ["", "no-dot-at-all", f"{TENANT}.", "not-a-uuid.secret", ".secret"])
def test_malformed_refresh_tokens_raise(token: str) -> None:
    with pytest.raises(InvalidTokenError):
        refresh_token_tenant(token)
