"""Route guards decide from the request's viewer which roles may call each endpoint."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from litestar.connection import ASGIConnection

from core.access import Role, Viewer
from core.errors import Forbidden, Unauthorized
from core.web.guards import account_of, admin_only, staff_only


def viewer(role: Role) -> Viewer:
    return Viewer(account_id=uuid4(), email="v@example.cn", role=role, person_id=uuid4())


def connection(user: Viewer | None) -> ASGIConnection[Any, Any, Any, Any]:
    return ASGIConnection(scope={"type": "http", "path": "/", "headers": [], "user": user})


def test_a_request_without_a_viewer_is_unauthenticated() -> None:
    with pytest.raises(Unauthorized):
        account_of(connection(None))


def test_the_viewer_is_the_one_the_middleware_set() -> None:
    coordinator = viewer(Role.COORDINATOR)

    assert account_of(connection(coordinator)) is coordinator


@pytest.mark.parametrize(
    ("guard", "allowed"),
    [
        (staff_only, {Role.COORDINATOR, Role.ADMIN}),
        (admin_only, {Role.ADMIN}),
    ],
)
def test_a_role_guard_lets_through_exactly_its_roles(guard: Any, allowed: set[Role]) -> None:
    for role in Role:
        request = connection(viewer(role))
        if role in allowed:
            guard(request, None)
            continue
        with pytest.raises(Forbidden) as caught:
            guard(request, None)
        assert caught.value.code == "role_not_allowed"
        assert role.value in caught.value.message
