"""Errors on a page answer with a page: the status of the API's mapping, the message in the
reader's language, never a problem+json body a person cannot read."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.response import Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from core.errors import DomainError
from core.web.problems import http_error_handler, status_of, unexpected_error_handler
from ui.i18n import LANGUAGE_COOKIE, LANGUAGES, choose_language, labels


def _error_page(request: Request[Any, Any, Any], status: int, message_key: str) -> Template:
    # No database here: an error page must render even when what failed was the database.
    language = choose_language(request.cookies.get(LANGUAGE_COOKIE), None)
    catalog = labels(language)
    return Template(
        template_name="error.html",
        context={
            "t": catalog,
            "lang": language,
            "languages": LANGUAGES,
            "viewer": None,
            "here": request.url.path,
            "status": status,
            "message": catalog[message_key],
        },
        status_code=status,
    )


#: The message of each status a page shows; any other client error reads "bad request".
_MESSAGES = {403: "error_forbidden", 404: "error_not_found"}


def page_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Any:
    if isinstance(exc, HTTPException):
        if exc.status_code >= HTTP_500_INTERNAL_SERVER_ERROR:
            return unexpected_error_handler(request, exc)
        status = exc.status_code
    elif isinstance(exc, DomainError):
        status = status_of(exc)
    else:
        return unexpected_error_handler(request, exc)
    return _error_page(request, status, _MESSAGES.get(status, "error_bad_request"))


PAGE_EXCEPTION_HANDLERS = {
    DomainError: page_error_handler,
    HTTPException: page_error_handler,
    # Named too: the app maps it to a problem, and the closest class wins over the layer.
    ValidationException: page_error_handler,
}


def unmatched_path_handler(request: Request[Any, Any, Any], exc: NotFoundException) -> Any:
    """A path no route matches never reaches the pages' router: a person who mistypes a page's
    address still gets a page (a 404), while the API keeps its problem+json."""
    if request.url.path == "/ui" or request.url.path.startswith("/ui/"):
        return page_error_handler(request, exc)
    return http_error_handler(request, exc)
