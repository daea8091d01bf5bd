"""The participant's own page link (/ui/p/{token}): a signed token naming one person, sent in
every invitation and signing email, that lets its holder see and answer for that person's
sessions without an account.

It says nothing about which session or which minutes: what the person may see and do is
decided by the same services as for their login, given the viewer :func:`link_viewer` makes.
Like every link it expires and can be revoked (core.links.service).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from core import signing
from core.access import Role, Viewer
from core.errors import Unauthorized
from core.links.service import read_link
from core.settings import get_settings

#: Keeps a page token from being taken for another kind (an RSVP's or a signing one) and back.
PURPOSE = "participant-page"
#: The account id of a viewer known by their link: there is no account behind it.
NO_ACCOUNT = UUID(int=0)


def participant_page_token(person_id: UUID, expires_at: datetime) -> str:
    return signing.issue(PURPOSE, str(person_id), expires_at)


def is_participant_page_token(token: str) -> bool:
    """Whether ``token`` was issued as a page token (genuine, whatever its expiry); lets the
    page at /ui/p/ tell it from the signing links it served before."""
    try:
        return signing.read_signed(token).purpose == PURPOSE
    except Unauthorized:
        return False


async def person_of_page_token(token: str, now: datetime) -> UUID:
    """The person a live page token names; 401 if altered, for something else, expired or
    revoked."""
    subject = (await read_link(token, PURPOSE, now)).subject
    try:
        return UUID(subject)
    except ValueError as exc:
        raise signing.invalid_token("token") from exc


def link_viewer(person_id: UUID, email: str) -> Viewer:
    """The viewer of a page opened with the person's link: a participant, the person alone,
    so the services show their own sessions and minutes and nothing else."""
    return Viewer(account_id=NO_ACCOUNT, email=email, role=Role.PARTICIPANT, person_id=person_id)


def participant_page_url(token: str) -> str:
    return f"{get_settings().public_url}/ui/p/{token}"
