"""Outside dev mode the app refuses development defaults."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from api.settings import DEV_JWT_SECRET, Settings, load_settings

PRODUCTION = Settings(
    env="production", database_url="postgresql+asyncpg://app@db/crm", redis_url="redis://cache", jwt_secret="x" * 40
)


def test_production_with_real_values_starts() -> None:
    PRODUCTION.check()


@pytest.mark.parametrize(
    "change",
    [{"jwt_secret": DEV_JWT_SECRET}, {"jwt_secret": "short-secret"}, {"database_url": ""}, {"redis_url": ""}],
)
def test_production_refuses_defaults(change: dict[str, str]) -> None:
    with pytest.raises(RuntimeError):
        dataclasses.replace(PRODUCTION, **change).check()


def test_dev_mode_allows_defaults() -> None:
    Settings(env="dev").check()


def test_secret_file_and_ttl_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "jwt.key"
    secret.write_text("k" * 48 + "\n")
    monkeypatch.setenv("JWT_SECRET_FILE", str(secret))
    monkeypatch.delenv("JWT_SECRET", raising=False)
    monkeypatch.setenv("ACCESS_TOKEN_TTL_SECONDS", "3600")
    loaded = load_settings()
    assert loaded.jwt_secret == "k" * 48
    assert loaded.access_token_ttl_seconds == 900
