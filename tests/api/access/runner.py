"""Sending a probe as one viewer: the viewer's token, the probe's body with the world's ids."""

from __future__ import annotations

import json
from typing import Any

from tests.api.access.probes import Probe, fill
from tests.api.access.world import World
from tests.conftest import PASSWORD, login

#: The login each signed-in viewer can make again (for probes that end the login they use).
EMAILS = {
    "archivist": "archivist@test.example",
    "coordinator": "coordinator@test.example",
    "admin": "admin@test.example",
}


async def _late_values(client: Any, world: World, probe: Probe) -> None:
    """Values that exist only once earlier probes ran, or that work once (refresh tokens)."""
    text = json.dumps(probe.json, ensure_ascii=False)
    if "{refresh}" in text:
        response = await client.post(
            "/api/v1/auth/token", json={"email": "spare@test.example", "password": PASSWORD}
        )
        world.tokens["refresh"] = response.json()["refresh_token"]
    if "{agreement_sha256}" in text:
        agreement = await client.get(
            f"/api/v1/sessions/{world.ids['session']}/agreement",
            headers=world.headers["coordinator"],
        )
        world.tokens["agreement_sha256"] = agreement.json().get("version_sha256", "0" * 64)


async def _headers(client: Any, world: World, probe: Probe, viewer: str) -> dict[str, str]:
    if not probe.fresh_login:
        return world.headers[viewer]
    email = EMAILS.get(viewer) or world.people.get(viewer, {}).get("email")
    if email is None:
        return world.headers[viewer]  # no login to make: anonymous, expired, disabled
    return await login(client, email)


def _body(world: World, probe: Probe) -> dict[str, Any]:
    if probe.json is not None:
        return {"json": fill(probe.json, world)}
    if probe.form is not None:
        return {"data": fill(probe.form, world)}
    if probe.upload == "pdf":
        return {"files": {"file": ("minutes.pdf", world.pdf, "application/pdf")}}
    if probe.upload == "ics":
        return {"files": {"file": ("busy.ics", BUSY_ICS.encode(), "text/calendar")}}
    if probe.text_calendar is not None:
        return {
            "content": fill(probe.text_calendar, world).encode(),
            "headers": {"Content-Type": "text/calendar; charset=utf-8"},
        }
    return {}


async def ask(client: Any, world: World, probe: Probe, viewer: str) -> Any:
    await _late_values(client, world, probe)
    body = _body(world, probe)
    headers = {**await _headers(client, world, probe, viewer), **body.pop("headers", {})}
    return await client.request(
        probe.method,
        fill(probe.path, world),
        params=fill(probe.params, world),
        headers=headers,
        **body,
    )


BUSY_ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//AM//EN\r\nBEGIN:VEVENT\r\n"
    "UID:am-busy@example.cn\r\nDTSTAMP:20300101T000000Z\r\n"
    "DTSTART:20300107T010000Z\r\nDTEND:20300107T020000Z\r\nSUMMARY:外出\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)
