"""Who a page is for: the viewer, the language they read and the zone their clock shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from litestar import Request
from litestar.exceptions import NotAuthorizedException

from core.access import Viewer
from hearing.jurisdictions.service import get_jurisdiction
from parties.people import service as people
from ui.i18n import LANGUAGE_COOKIE, choose_language
from ui.timefmt import local_date, local_datetime


@dataclass(frozen=True)
class Reader:
    viewer: Viewer | None
    language: str
    zone: str

    def when(self, moment: datetime | None) -> str:
        return "" if moment is None else local_datetime(moment, self.zone, self.language)

    def day(self, value: date | None) -> str:
        return "" if value is None else local_date(value, self.language)


def viewer_of(request: Request[Any, Any, Any]) -> Viewer | None:
    """The session's viewer on a page behind the login, None on a public page."""
    user = request.scope.get("user")
    return user if isinstance(user, Viewer) else None


def signed_in_viewer(request: Request[Any, Any, Any]) -> Viewer:
    """The viewer of a page behind the login (the session middleware let no one else in)."""
    viewer = viewer_of(request)
    if viewer is None:
        raise NotAuthorizedException("this page needs a login")
    return viewer


async def reader_of(request: Request[Any, Any, Any]) -> Reader:
    """The person's own locale and zone when the account is someone's, else the default
    jurisdiction's zone; a language picked with the switch wins over the stored locale."""
    viewer = viewer_of(request)
    locale: str | None = None
    zone: str | None = None
    if viewer is not None and viewer.person_id is not None:
        person = await people.get_person(viewer.person_id)
        locale, zone = person.locale, person.timezone
    if zone is None:
        zone = (await get_jurisdiction(None)).timezone
    return Reader(viewer, choose_language(request.cookies.get(LANGUAGE_COOKIE), locale), zone)
