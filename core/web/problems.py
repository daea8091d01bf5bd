"""Domain and validation errors as RFC 9457 problem responses."""

from __future__ import annotations

import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
)

from core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    RuleViolation,
    TooManyRequests,
    Unauthorized,
)

PROBLEM_MEDIA_TYPE = "application/problem+json"

_STATUS_BY_FAMILY: tuple[tuple[type[DomainError], int], ...] = (
    (NotFound, HTTP_404_NOT_FOUND),
    (Conflict, HTTP_409_CONFLICT),
    (RuleViolation, HTTP_422_UNPROCESSABLE_ENTITY),
    (Unauthorized, HTTP_401_UNAUTHORIZED),
    (Forbidden, HTTP_403_FORBIDDEN),
    (TooManyRequests, HTTP_429_TOO_MANY_REQUESTS),
)

_TITLES = {
    HTTP_400_BAD_REQUEST: "Invalid request",
    HTTP_401_UNAUTHORIZED: "Authentication required",
    HTTP_403_FORBIDDEN: "Not allowed",
    HTTP_404_NOT_FOUND: "Not found",
    HTTP_409_CONFLICT: "Conflict",
    HTTP_422_UNPROCESSABLE_ENTITY: "Rule violated",
    HTTP_429_TOO_MANY_REQUESTS: "Too many requests",
    HTTP_500_INTERNAL_SERVER_ERROR: "Internal error",
}


def problem(
    status: int,
    code: str,
    detail: str,
    field: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": f"urn:concord:problem:{code}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
    }
    if field is not None:
        body["field"] = field
    if extra:
        body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == HTTP_401_UNAUTHORIZED else None
    return Response(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def status_of(exc: DomainError) -> int:
    """The HTTP status of a domain error's family (also for pages that show the error)."""
    return next(
        (code for family, code in _STATUS_BY_FAMILY if isinstance(exc, family)),
        HTTP_400_BAD_REQUEST,
    )


def domain_error_handler(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    assert isinstance(exc, DomainError)
    response = problem(status_of(exc), exc.code, exc.message, exc.field, exc.extra)
    if isinstance(exc, TooManyRequests):
        response.headers["Retry-After"] = str(exc.retry_after_seconds)
    return response


_FIELD_IN_MESSAGE = re.compile(r"at `\$\.?([^`]*)`")
_MISSING_FIELD = re.compile(r"missing required field `([^`]*)`")


def _field_from_validation(exc: ValidationException) -> str | None:
    extra = exc.extra
    if isinstance(extra, list) and extra and isinstance(extra[0], dict):
        message = str(extra[0].get("message", ""))
        # Litestar moves msgspec's "at `$.path`" into the key, and names the body as a whole "data".
        key = str(extra[0].get("key") or "")
        if key == "data" and extra[0].get("source") == "body":
            key = ""
        match = _FIELD_IN_MESSAGE.search(message)
        path = match.group(1) if match else key
        # msgspec names a missing field in the message, after the path of its parent object.
        missing = _MISSING_FIELD.search(message)
        if missing:
            return f"{path}.{missing.group(1)}" if path else missing.group(1)
        return path or None
    return None


def validation_error_handler(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    assert isinstance(exc, ValidationException)
    detail = exc.detail
    if isinstance(exc.extra, list) and exc.extra and isinstance(exc.extra[0], dict):
        detail = str(exc.extra[0].get("message") or detail)
    return problem(
        HTTP_400_BAD_REQUEST,
        "invalid_request",
        detail,
        _field_from_validation(exc),
        {"errors": exc.extra} if exc.extra else None,
    )


def http_error_handler(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, NotAuthorizedException):
        return problem(HTTP_401_UNAUTHORIZED, "unauthorized", exc.detail)
    code = {
        HTTP_400_BAD_REQUEST: "invalid_request",
        HTTP_403_FORBIDDEN: "forbidden",
        HTTP_404_NOT_FOUND: "not_found",
        405: "method_not_allowed",
    }.get(exc.status_code, "http_error")
    return problem(exc.status_code, code, exc.detail)


EXCEPTION_HANDLERS = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
}
