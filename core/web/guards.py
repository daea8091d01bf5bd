"""Role guards for route handlers: who may call an endpoint, decided from the request's viewer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from core.access import STAFF, Role, Viewer
from core.errors import Forbidden, Unauthorized
from core.public_requests import count_public_request
from core.settings import get_settings
from core.web.client_address import client_address

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]
AsyncGuard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Awaitable[None]]


def account_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Viewer:
    """The viewer the authentication middleware put on the connection."""
    user = connection.scope.get("user")
    if not isinstance(user, Viewer):
        raise Unauthorized("authentication required")
    return user


def requires_role(allowed: frozenset[Role], action: str) -> Guard:
    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        viewer = account_of(connection)
        if viewer.role not in allowed:
            raise Forbidden(
                f"the {viewer.role.value} role may not {action}", code="role_not_allowed"
            )

    return guard


staff_only = requires_role(STAFF, "do this (coordinators and administrators only)")
admin_only = requires_role(frozenset({Role.ADMIN}), "manage accounts")


async def count_address_request(
    connection: ASGIConnection[Any, Any, Any, Any], endpoint_group: str
) -> None:
    """429 with Retry-After once the client's address has made the configured number of
    requests to ``endpoint_group`` within a minute (public endpoints: no account to count).
    Called by handlers where only some calls are public (a link's token instead of a login)."""
    limit = get_settings().public_requests_per_minute
    await count_public_request(endpoint_group, client_address(connection), datetime.now(UTC), limit)


def throttled_per_address(endpoint_group: str) -> AsyncGuard:
    """:func:`count_address_request` for every call of the handlers it guards."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        await count_address_request(connection, endpoint_group)

    return guard
