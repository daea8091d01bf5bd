"""Every exception as an RFC 9457 problem response: domain errors, Litestar's own (validation,
routing, body size) and unexpected ones, each carrying the request's id."""

from __future__ import annotations

import logging
import re
import sqlite3
from typing import Any

import asyncpg
from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_405_METHOD_NOT_ALLOWED,
    HTTP_409_CONFLICT,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    RuleViolation,
    TooManyRequests,
    Unauthorized,
    Unavailable,
)
from core.web.request_id import request_id_of

PROBLEM_MEDIA_TYPE = "application/problem+json"

logger = logging.getLogger(__name__)

_STATUS_BY_FAMILY: tuple[tuple[type[DomainError], int], ...] = (
    (NotFound, HTTP_404_NOT_FOUND),
    (Conflict, HTTP_409_CONFLICT),
    (RuleViolation, HTTP_422_UNPROCESSABLE_ENTITY),
    (Unauthorized, HTTP_401_UNAUTHORIZED),
    (Forbidden, HTTP_403_FORBIDDEN),
    (TooManyRequests, HTTP_429_TOO_MANY_REQUESTS),
    (Unavailable, HTTP_503_SERVICE_UNAVAILABLE),
)

_TITLES = {
    HTTP_400_BAD_REQUEST: "Invalid request",
    HTTP_401_UNAUTHORIZED: "Authentication required",
    HTTP_403_FORBIDDEN: "Not allowed",
    HTTP_404_NOT_FOUND: "Not found",
    HTTP_405_METHOD_NOT_ALLOWED: "Method not allowed",
    HTTP_409_CONFLICT: "Conflict",
    HTTP_413_REQUEST_ENTITY_TOO_LARGE: "Request too large",
    HTTP_415_UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
    HTTP_422_UNPROCESSABLE_ENTITY: "Rule violated",
    HTTP_429_TOO_MANY_REQUESTS: "Too many requests",
    HTTP_500_INTERNAL_SERVER_ERROR: "Internal error",
    HTTP_503_SERVICE_UNAVAILABLE: "Service unavailable",
}

_HTTP_CODES = {
    HTTP_400_BAD_REQUEST: "invalid_request",
    HTTP_403_FORBIDDEN: "forbidden",
    HTTP_404_NOT_FOUND: "not_found",
    HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
    HTTP_413_REQUEST_ENTITY_TOO_LARGE: "request_too_large",
    HTTP_415_UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
    HTTP_429_TOO_MANY_REQUESTS: "too_many_requests",
}


def problem(
    status: int,
    code: str,
    detail: str,
    field: str | None = None,
    extra: dict[str, Any] | None = None,
    request_id: str | None = None,
    headers: dict[str, str] | None = None,
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
    if request_id is not None:
        body["request_id"] = request_id
    headers = dict(headers or {})
    if status == HTTP_401_UNAUTHORIZED:
        headers["WWW-Authenticate"] = "Bearer"
    return Response(
        body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers or None
    )


def status_of(exc: DomainError) -> int:
    """The HTTP status of a domain error's family (also for pages that show the error)."""
    return next(
        (code for family, code in _STATUS_BY_FAMILY if isinstance(exc, family)),
        HTTP_400_BAD_REQUEST,
    )


def domain_error_handler(
    request: Request[Any, Any, Any], exc: Exception
) -> Response[dict[str, Any]]:
    assert isinstance(exc, DomainError)
    response = problem(
        status_of(exc),
        exc.code,
        exc.message,
        exc.field,
        exc.extra,
        request_id_of(request.scope),
    )
    if isinstance(exc, TooManyRequests):
        response.headers["Retry-After"] = str(exc.retry_after_seconds)
    return response


_FIELD_IN_MESSAGE = re.compile(r"at `\$\.?([^`]*)`")
_NAMED_FIELD = re.compile(r"(?:missing required field|unknown field) `([^`]*)`")


def field_of_message(message: str, key: str = "") -> str | None:
    """The failing field of a msgspec message ("... - at `$.participants[0]`"), or ``key``.

    msgspec names a missing or unknown field in the message, after the path of its parent."""
    match = _FIELD_IN_MESSAGE.search(message)
    path = match.group(1) if match else key
    named = _NAMED_FIELD.search(message)
    if named:
        return f"{path}.{named.group(1)}" if path else named.group(1)
    return path or None


def _field_from_validation(exc: ValidationException) -> str | None:
    extra = exc.extra
    if isinstance(extra, list) and extra and isinstance(extra[0], dict):
        message = str(extra[0].get("message", ""))
        # Litestar moves msgspec's "at `$.path`" into the key, and names the body as a whole "data".
        key = str(extra[0].get("key") or "")
        if key == "data" and extra[0].get("source") == "body":
            key = ""
        return field_of_message(message, key)
    return None


def validation_error_handler(
    request: Request[Any, Any, Any], exc: Exception
) -> Response[dict[str, Any]]:
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
        request_id_of(request.scope),
    )


def http_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    assert isinstance(exc, HTTPException)
    if exc.status_code >= HTTP_500_INTERNAL_SERVER_ERROR:
        return unexpected_error_handler(request, exc)
    request_id = request_id_of(request.scope)
    if isinstance(exc, NotAuthorizedException):
        return problem(HTTP_401_UNAUTHORIZED, "unauthorized", exc.detail, request_id=request_id)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    # Allow (405) and Retry-After (429) tell the client what to do next.
    return problem(exc.status_code, code, exc.detail, request_id=request_id, headers=exc.headers)


def _is_foreign_key_violation(exc: Exception) -> bool:
    if isinstance(exc, asyncpg.exceptions.ForeignKeyViolationError):
        return True
    return isinstance(exc, sqlite3.IntegrityError) and "FOREIGN KEY" in str(exc)


def integrity_error_handler(
    request: Request[Any, Any, Any], exc: Exception
) -> Response[dict[str, Any]]:
    """A constraint the services should have checked first: a safety net, never a 500. Logged
    so the missing check can be added where the field can be named."""
    request_id = request_id_of(request.scope)
    logger.warning(
        "constraint reached the database on %s %s (request %s)",
        request.method,
        request.url.path,
        request_id,
        exc_info=exc,
        extra={"request_id": request_id},
    )
    if _is_foreign_key_violation(exc):
        return problem(
            HTTP_422_UNPROCESSABLE_ENTITY,
            "unknown_reference",
            "the request refers to something that does not exist",
            request_id=request_id,
        )
    return problem(
        HTTP_409_CONFLICT,
        "conflict",
        "the request collides with what is already stored",
        request_id=request_id,
    )


def unexpected_error_handler(
    request: Request[Any, Any, Any], exc: Exception
) -> Response[dict[str, Any]]:
    """A bug: the client gets the request id to report, never the exception's text; the log
    gets the traceback under the same id."""
    request_id = request_id_of(request.scope)
    logger.error(
        "unexpected %s on %s %s (request %s)",
        type(exc).__name__,
        request.method,
        request.url.path,
        request_id,
        exc_info=exc,
        extra={"request_id": request_id},
    )
    return problem(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "internal_error",
        f"the server failed on this request; report request id {request_id}",
        request_id=request_id,
    )


EXCEPTION_HANDLERS = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
    sqlite3.IntegrityError: integrity_error_handler,
    asyncpg.exceptions.IntegrityConstraintViolationError: integrity_error_handler,
    Exception: unexpected_error_handler,
}
