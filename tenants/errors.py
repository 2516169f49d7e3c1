"""Errors every context raises; the web layer maps each kind to one HTTP status (api/problems.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class DomainError(Exception):
    """Base: carries a stable machine `code` and a human `detail`."""

    code = "error"

    def __init__(self, detail: str, *, code: str | None = None, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code
        self.extra = extra or {}


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class PreconditionFailed(DomainError):
    code = "version_mismatch"


def check_version(what: str, current: int, if_match: int | None) -> None:
    """412 `version_mismatch` when the caller edits a version of `what` ("order", "ticket"…)
    that is no longer current (If-Match carried an older ETag); no If-Match, no check."""
    if if_match is not None and if_match != current:
        raise PreconditionFailed(
            f"The {what} was changed by someone else; reload and try again.", extra={"current_version": current}
        )


class Forbidden(DomainError):
    code = "forbidden"


class TooLarge(DomainError):
    """413: an upload past its limit."""

    code = "too_large"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class RateLimited(DomainError):
    code = "rate_limited"

    def __init__(self, detail: str, *, retry_after: int, code: str | None = None) -> None:
        super().__init__(detail, code=code)
        self.retry_after = max(1, retry_after)


class Unavailable(RateLimited):
    """503: a part this request needs is out of reach for now; retry after `retry_after` seconds."""

    code = "temporarily_unavailable"


@dataclass
class Invalid(DomainError):
    """Input that is well-formed but breaks a business rule; lists the offending fields."""

    errors: list[FieldError] = field(default_factory=list)

    def __init__(self, errors: list[FieldError], detail: str = "The request has invalid fields.") -> None:
        DomainError.__init__(self, detail, code="validation_failed")
        self.errors = errors


def invalid(field_name: str, message: str) -> Invalid:
    return Invalid([FieldError(field_name, message)])
