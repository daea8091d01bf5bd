"""The access matrix: every operation of the app, asked by every kind of viewer, answers as
``expectations`` says, and no refusal carries the resource's data.

A new route with no probe or no row in the table fails the first test, so no endpoint escapes
the matrix. The walk runs in four slices, each on a fresh world of its own."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

import pytest

from tests.api.access import (
    expectations,
    probes_hearing,
    probes_minutes,
    probes_parties,
    probes_scheduling,
)
from tests.api.access.expectations import Row
from tests.api.access.probes import Probe, fill
from tests.api.access.runner import ask
from tests.api.access.world import VIEWERS, World, build_world

SLICES = {
    "parties": (probes_parties.PROBES, expectations.PARTIES),
    "scheduling": (probes_scheduling.PROBES, expectations.SCHEDULING),
    "hearing": (probes_hearing.PROBES, expectations.HEARING),
    "minutes": (probes_minutes.PROBES, expectations.MINUTES),
}
METHODS = {"get", "put", "post", "patch", "delete"}
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NO_LOGIN = {"anonymous", "expired", "disabled"}


def _documented_operations(app: Any) -> set[str]:
    document = app.openapi_schema.to_schema()
    return {
        operation["operationId"]
        for item in document["paths"].values()
        for method, operation in item.items()
        if method in METHODS
    }


def _routed_operations(app: Any) -> set[str]:
    return {
        handler.operation_id
        for route in app.routes
        if not route.path.startswith("/schema")
        for handler in getattr(route, "route_handlers", ())
        if handler.resolve_include_in_schema()
    }


async def test_every_operation_has_probes_and_a_row_for_each_of_them(client: Any) -> None:
    probed = {probe.operation for probes, _ in SLICES.values() for probe in probes}
    # HEAD operations are routed but left out of the document.
    assert _documented_operations(client.app) | _routed_operations(client.app) == probed
    for probes, table in SLICES.values():
        assert sorted(probe.key for probe in probes) == sorted(table)


def _assert_refused(response: Any, expected: int, world: World, where: str) -> None:
    assert response.status_code == expected, f"{where}: {response.status_code} {response.text}"
    assert response.headers["content-type"].startswith("application/problem+json"), where
    leaked = {secret for secret in world.secrets if secret in response.text}
    assert not leaked, f"{where}: the refusal shows {leaked}"


async def _assert_ids_tell_nothing(
    client: Any, world: World, probe: Probe, viewer: str, refused: Any, where: str
) -> None:
    """A refused viewer asking for ids that do not exist gets the very same answer."""
    path = fill(probe.path, world)
    if not _UUID.search(path):
        return
    stranger = World(
        ids={**world.ids, **{k: str(uuid4()) for k, v in world.ids.items() if v in path}},
        tokens=world.tokens,
        headers=world.headers,
        people=world.people,
        pdf=world.pdf,
    )
    response = await ask(client, stranger, probe, viewer)
    assert response.status_code == refused.status_code, f"{where} (unknown ids): {response.text}"
    assert _code(response) == _code(refused), where


def _code(response: Any) -> str | None:
    """The problem's stable code (a HEAD answer has no body to carry one)."""
    return response.json().get("code") if response.content else None


def _assert_allowed(
    response: Any, probe: Probe, row: Row, first: bool, world: World, viewer: str
) -> None:
    where = f"{probe.key} as {viewer}"
    status = response.status_code
    gone = probe.method == "DELETE" and not first and status == 404
    assert gone or status not in (401, 403, 404), f"{where}: {status} {response.text}"
    assert status < 500, f"{where}: {status} {response.text}"
    if first:
        if row.first_status is None:
            assert 200 <= status < 300, f"{where}: {status} {response.text}"
        else:
            assert status == row.first_status, f"{where}: {status} {response.text}"
    for name in row.hides.get(viewer, ()):
        assert world.ids[name] not in response.text, f"{where}: the answer lists {name}"


@pytest.mark.parametrize("slice_name", sorted(SLICES))
async def test_each_viewer_gets_what_the_table_says(
    client: Any, coordinator: dict[str, str], slice_name: str
) -> None:
    world = await build_world(client, coordinator)
    probes, table = SLICES[slice_name]
    for probe in probes:
        row = table[probe.key]
        first = True
        for viewer in VIEWERS:
            where = f"{probe.key} as {viewer}"
            response = await ask(client, world, probe, viewer)
            expected = row.outcomes[viewer]
            if expected == "ok":
                _assert_allowed(response, probe, row, first, world, viewer)
                first = False
                continue
            assert isinstance(expected, int)
            _assert_refused(response, expected, world, where)
            # The member may learn that their own session exists; nobody else may.
            if viewer not in NO_LOGIN and viewer != "member":
                await _assert_ids_tell_nothing(client, world, probe, viewer, response, where)
