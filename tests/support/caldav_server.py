"""A real CalDAV server (Radicale) in a child process on loopback, and a small client for it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import httpx

from scheduling.invitations.caldav_objects import CalendarObject
from tests.support.live_server import free_port, serving

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"

_CALENDAR_QUERY = f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="{DAV}" xmlns:C="{CALDAV}">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter>
  </C:filter>
</C:calendar-query>"""


@contextmanager
def radicale_server(folder: Path) -> Iterator[str]:
    """Radicale storing in ``folder``, any user name accepted, each user owning only their own
    collections; yields the base URL and stops the server afterwards."""
    port = free_port()
    command = [
        *(sys.executable, "-m", "radicale", "--config", ""),
        *("--server-hosts", f"127.0.0.1:{port}"),
        *("--auth-type", "none", "--rights-type", "owner_only"),
        # Radicale can mail attendees on changes; a test server must never try.
        *("--hook-type", "none"),
        *("--storage-filesystem-folder", str(folder)),
        *("--logging-level", "warning"),
    ]
    environment = {key: value for key, value in os.environ.items() if key != "RADICALE_CONFIG"}
    process = subprocess.Popen(command, env=environment)
    base_url = f"http://127.0.0.1:{port}"
    with serving(process, f"{base_url}/.well-known/caldav", "Radicale"):
        yield base_url


@dataclass(frozen=True)
class StoredObject:
    href: str
    etag: str
    text: str


class CalDavCalendar:
    """One user's calendar collection, spoken to the way a calendar app does."""

    def __init__(self, http: httpx.AsyncClient, user: str, name: str = "concord") -> None:
        self.http = http
        self.auth = httpx.BasicAuth(user, "unused")
        self.path = f"/{user}/{name}/"

    async def create(self) -> None:
        response = await self.http.request("MKCALENDAR", self.path, auth=self.auth)
        assert response.status_code == 201, response.text

    async def put(self, stored: CalendarObject) -> httpx.Response:
        """PUT the object at its name; the response says whether it was created or replaced."""
        return await self.http.put(
            self.path + stored.name,
            content=stored.text.encode(),
            headers={"Content-Type": "text/calendar; charset=utf-8"},
            auth=self.auth,
        )

    async def get(self, name: str) -> str:
        response = await self.http.get(self.path + name, auth=self.auth)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/calendar")
        return response.text

    async def events(self) -> list[StoredObject]:
        """Every object holding a VEVENT, by a REPORT calendar-query (RFC 4791 §7.8)."""
        response = await self.http.request(
            "REPORT",
            self.path,
            content=_CALENDAR_QUERY.encode(),
            headers={"Content-Type": "application/xml; charset=utf-8", "Depth": "1"},
            auth=self.auth,
        )
        assert response.status_code == 207, response.text
        found = []
        for item in ElementTree.fromstring(response.content).iter(f"{{{DAV}}}response"):
            found.append(
                StoredObject(
                    href=item.findtext(f"{{{DAV}}}href", ""),
                    etag=item.findtext(f".//{{{DAV}}}getetag", ""),
                    text=item.findtext(f".//{{{CALDAV}}}calendar-data", ""),
                )
            )
        return found
