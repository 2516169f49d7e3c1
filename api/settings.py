"""Settings read once from environment variables; defaults suit development only."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import cast, get_args

from domain.integrations.mailer import SmtpConfig, SmtpSecurity

DEV_JWT_SECRET = "dev-only-insecure-jwt-secret-change-me-0123456789"  # noqa: S105 - refused outside dev


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _secret(name: str) -> str:
    """NAME, or the contents of the file NAME_FILE names (for secrets mounted as files)."""
    value = _env(name)
    path = _env(f"{name}_FILE")
    if not value and path:
        with open(path, encoding="utf-8") as fh:
            value = fh.read().strip()
    return value


def _smtp_security(value: str) -> SmtpSecurity:
    for option in get_args(SmtpSecurity):
        if value == option:
            return cast(SmtpSecurity, option)
    raise RuntimeError(f"SMTP_SECURITY must be one of {', '.join(get_args(SmtpSecurity))}, not {value!r}")


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    return int(raw) if raw else default


SMTP_PORT_OFFSET = 25


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable about one running instance."""

    env: str = "dev"
    database_url: str = ""
    migration_database_url: str = ""
    redis_url: str = ""
    data_dir: str = ".data"
    host: str = "127.0.0.1"
    port: int = 8000
    # Slow clients (api/http_deadlines.py): request line and headers, then the body, must arrive
    # within these many seconds or the connection is closed.
    http_head_timeout_seconds: int = 10
    http_body_timeout_seconds: int = 60
    jwt_secret: str = DEV_JWT_SECRET
    jwt_issuer: str = "retail-crm"
    jwt_audience: str = "retail-crm-api"
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_from: str = "CRM <no-reply@localhost>"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_security: SmtpSecurity = "none"
    max_body_bytes: int = 1_048_576
    login_max_failures: int = 5
    login_lockout_seconds: int = 900
    login_ip_per_minute: int = 30
    reset_ip_per_hour: int = 20  # forgotten-password requests per address
    reset_account_per_hour: int = 3  # ... and per tenant + email
    api_key_per_minute: int = 600
    secure_cookies: bool = False
    public_base_url: str = "http://127.0.0.1:8000"  # links in emails: {public_base_url}/track/{token}
    # None = by environment: the outbox worker and the SMTP sink run in-process in dev only.
    run_worker: bool | None = None
    mail_sink: bool | None = None
    relay_concurrency: int = 2  # outbox relay loops per worker process, sharing the queue
    campaign_email_per_second: float = 50.0  # campaign sending rate per worker, per channel
    campaign_sms_per_second: float = 20.0

    @property
    def worker_in_process(self) -> bool:
        return self.env == "dev" if self.run_worker is None else self.run_worker

    @property
    def mail_sink_in_process(self) -> bool:
        """The dev SMTP sink (aiosmtpd on SMTP_HOST:SMTP_PORT); never outside dev mode."""
        return self.dev_mode and (self.env == "dev" if self.mail_sink is None else self.mail_sink)

    @property
    def smtp(self) -> SmtpConfig:
        return SmtpConfig(
            self.smtp_host,
            self.smtp_port,
            self.smtp_from,
            username=self.smtp_username,
            password=self.smtp_password,
            security=self.smtp_security,
        )

    @property
    def dev_mode(self) -> bool:
        return self.env in {"dev", "test"}

    def check(self) -> None:
        """Refuse to run outside dev mode with development defaults."""
        if self.dev_mode:
            return
        if self.jwt_secret == DEV_JWT_SECRET or len(self.jwt_secret) < 32:
            raise RuntimeError("JWT_SECRET must be set to a random value of at least 32 characters")
        if not self.database_url or not self.redis_url:
            raise RuntimeError("DATABASE_URL and REDIS_URL are required outside dev mode")


def _env_bool(name: str) -> bool | None:
    raw = _env(name).lower()
    if not raw:
        return None
    return raw in {"1", "true", "yes", "on"}


def load_settings() -> Settings:
    """Build settings from the process environment."""
    secret = _secret("JWT_SECRET")
    env = _env("APP_ENV", "dev")
    port = _env_int("PORT", 8000)
    return Settings(
        env=env,
        database_url=_env("DATABASE_URL"),
        migration_database_url=_env("MIGRATION_DATABASE_URL"),
        redis_url=_env("REDIS_URL"),
        data_dir=_env("DATA_DIR", ".data"),
        host=_env("HOST", "127.0.0.1"),
        port=port,
        http_head_timeout_seconds=_env_int("HTTP_HEAD_TIMEOUT_SECONDS", 10),
        http_body_timeout_seconds=_env_int("HTTP_BODY_TIMEOUT_SECONDS", 60),
        jwt_secret=secret or DEV_JWT_SECRET,
        jwt_issuer=_env("JWT_ISSUER", "retail-crm"),
        jwt_audience=_env("JWT_AUDIENCE", "retail-crm-api"),
        relay_concurrency=max(1, _env_int("RELAY_CONCURRENCY", 2)),
        access_token_ttl_seconds=min(_env_int("ACCESS_TOKEN_TTL_SECONDS", 900), 900),
        refresh_token_ttl_seconds=_env_int("REFRESH_TOKEN_TTL_SECONDS", 30 * 24 * 3600),
        cors_origins=tuple(o.strip() for o in _env("CORS_ORIGINS").split(",") if o.strip()),
        smtp_host=_env("SMTP_HOST", "127.0.0.1"),
        # PORT + 25 (8025 beside 8000): a second dev instance on another PORT gets its own mail sink.
        smtp_port=_env_int("SMTP_PORT", port + SMTP_PORT_OFFSET),
        smtp_from=_env("SMTP_FROM", "CRM <no-reply@localhost>"),
        smtp_username=_env("SMTP_USERNAME"),
        smtp_password=_secret("SMTP_PASSWORD"),
        smtp_security=_smtp_security(_env("SMTP_SECURITY", "none")),
        max_body_bytes=_env_int("MAX_BODY_BYTES", 1_048_576),
        login_max_failures=_env_int("LOGIN_MAX_FAILURES", 5),
        login_lockout_seconds=_env_int("LOGIN_LOCKOUT_SECONDS", 900),
        login_ip_per_minute=_env_int("LOGIN_IP_PER_MINUTE", 30),
        reset_ip_per_hour=_env_int("RESET_IP_PER_HOUR", 20),
        reset_account_per_hour=_env_int("RESET_ACCOUNT_PER_HOUR", 3),
        api_key_per_minute=_env_int("API_KEY_PER_MINUTE", 600),
        secure_cookies=env not in {"dev", "test"},
        public_base_url=(
            _env("PUBLIC_BASE_URL") or f"http://{_env('HOST', '127.0.0.1')}:{_env_int('PORT', 8000)}"
        ).rstrip("/"),
        run_worker=_env_bool("RUN_WORKER"),
        mail_sink=_env_bool("MAIL_SINK"),
        campaign_email_per_second=float(_env("CAMPAIGN_EMAIL_PER_SECOND", "50")),
        campaign_sms_per_second=float(_env("CAMPAIGN_SMS_PER_SECOND", "20")),
    )
