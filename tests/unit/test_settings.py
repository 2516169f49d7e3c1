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


def test_smtp_credentials_and_security_reach_the_sender(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    password = tmp_path / "smtp.pw"
    password.write_text("s3cret\n")
    monkeypatch.setenv("SMTP_HOST", "smtp.example.com")
    monkeypatch.setenv("SMTP_PORT", "587")
    monkeypatch.setenv("SMTP_USERNAME", "crm@example.com")
    monkeypatch.setenv("SMTP_PASSWORD_FILE", str(password))
    monkeypatch.delenv("SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("SMTP_SECURITY", "starttls")
    options = load_settings().smtp.send_options()
    assert options == {
        "hostname": "smtp.example.com",
        "port": 587,
        "timeout": 30.0,
        "use_tls": False,
        "start_tls": True,
        "username": "crm@example.com",
        "password": "s3cret",
    }


def test_smtp_without_credentials_sends_none_and_unknown_security_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_PASSWORD_FILE", "SMTP_SECURITY"):
        monkeypatch.delenv(name, raising=False)
    options = load_settings().smtp.send_options()
    assert (options["use_tls"], options["start_tls"], "username" in options) == (False, False, False)
    monkeypatch.setenv("SMTP_SECURITY", "ssl3")
    with pytest.raises(RuntimeError, match="SMTP_SECURITY must be one of none, starttls, tls"):
        load_settings()


def test_a_second_instance_on_another_port_gets_its_own_mail_sink_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMTP_PORT", raising=False)
    monkeypatch.setenv("PORT", "8100")
    assert (load_settings().port, load_settings().smtp_port) == (8100, 8125)
    monkeypatch.delenv("PORT")
    assert load_settings().smtp_port == 8025
    monkeypatch.setenv("SMTP_PORT", "2525")
    assert load_settings().smtp_port == 2525
