"""Domain exceptions with a stable ``code``; ``app.py`` maps each family to an HTTP status once."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a use case raises on purpose."""

    code = "domain_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field
        self.extra = extra or {}


class NotFound(DomainError):
    """The thing asked for does not exist (404)."""

    code = "not_found"


class RuleViolation(DomainError):
    """The request is well formed but breaks a domain rule (422)."""

    code = "rule_violation"


class Conflict(DomainError):
    """The request collides with the current state, such as a taken slot (409)."""

    code = "conflict"


class Unauthorized(DomainError):
    """No valid credentials (401)."""

    code = "unauthorized"


class Forbidden(DomainError):
    """Valid credentials, but the role may not do this (403)."""

    code = "forbidden"


class Unavailable(DomainError):
    """A service Concord depends on (the timestamp authority) cannot be used now (503)."""

    code = "unavailable"


class TooManyRequests(DomainError):
    """Refused for now: try again after ``retry_after_seconds`` (429 with Retry-After)."""

    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after_seconds: int, code: str | None = None) -> None:
        super().__init__(message, code=code, extra={"retry_after": retry_after_seconds})
        self.retry_after_seconds = retry_after_seconds
