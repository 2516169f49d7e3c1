"""RUN_WORKER / MAIL_SINK / PUBLIC_BASE_URL: in-process worker and sink in dev only, by default."""

from __future__ import annotations

import pytest

from api.settings import load_settings


@pytest.mark.parametrize(
    ("env", "run_worker", "mail_sink", "worker", "sink"),
    [
        ({"APP_ENV": "dev"}, None, None, True, True),
        ({"APP_ENV": "test"}, None, None, False, False),
        ({"APP_ENV": "production"}, None, None, False, False),
        ({"APP_ENV": "dev", "RUN_WORKER": "0", "MAIL_SINK": "false"}, False, False, False, False),
        ({"APP_ENV": "production", "RUN_WORKER": "1", "MAIL_SINK": "1"}, True, True, True, False),
    ],
)
def test_in_process_defaults(
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    run_worker: bool | None,
    mail_sink: bool | None,
    worker: bool,
    sink: bool,
) -> None:
    for name in ("APP_ENV", "RUN_WORKER", "MAIL_SINK"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.run_worker is run_worker
    assert settings.mail_sink is mail_sink
    assert settings.worker_in_process is worker
    assert settings.mail_sink_in_process is sink


def test_public_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.delenv("HOST", raising=False)
    assert load_settings().public_base_url == "http://127.0.0.1:9000"
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://shop.example.com/")
    assert load_settings().public_base_url == "https://shop.example.com"
