"""What a participant's own page shows: their sessions, upcoming and recent, each with their
answer to the invitation and the minutes they are asked to sign, as the services show them
to the viewer the link stands for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from core.access import Viewer
from core.errors import NotFound
from hearing.sessions import service as sessions
from hearing.sessions.session_rows import SessionFilter
from hearing.sessions.views import SessionView
from hearing.vocabulary import PartStat, SessionStatus
from minutes.drafts import service as minutes
from minutes.drafts.service import MinutesView
from minutes.store import SignatureView
from minutes.vocabulary import MinutesStatus

#: How far back "recent" reaches: long enough for a signing window after the session.
RECENT = timedelta(days=90)
MOST_SESSIONS = 100


@dataclass(frozen=True)
class SessionEntry:
    person_id: UUID
    session: SessionView
    partstat: str
    #: Accept / decline are offered while the session is on and not yet over.
    may_answer: bool
    minutes: MinutesView | None
    #: The person's answer for the minutes' current version, once given.
    signature: SignatureView | None

    @property
    def may_sign(self) -> bool:
        return (
            self.minutes is not None
            and self.minutes.status != MinutesStatus.SEALED
            and self.person_id in self.minutes.pending_signers
        )


@dataclass(frozen=True)
class OwnSessions:
    upcoming: tuple[SessionEntry, ...]
    recent: tuple[SessionEntry, ...]

    def shows(self, entity_id: UUID) -> bool:
        """Whether a session or minutes of that id is on the page (an answer's result is
        shown next to it, else at the top)."""
        return any(
            entity_id in (e.session.id, e.minutes.id if e.minutes else None)
            for e in (*self.upcoming, *self.recent)
        )


async def _minutes_of(viewer: Viewer, session_id: UUID) -> MinutesView | None:
    try:
        return await minutes.session_minutes(viewer, session_id)
    except NotFound:
        return None


def _may_answer(session: SessionView, now: datetime) -> bool:
    return (
        session.status == SessionStatus.SCHEDULED
        and session.minutes_sealed_at is None
        and session.end is not None
        and session.end > now
    )


def _takes_part(session: SessionView, person_id: UUID | None) -> bool:
    # The list also finds sessions the person was taken off (recusal): not theirs any more.
    return any(p.person_id == person_id for p in session.participants)


async def _entry(viewer: Viewer, session: SessionView, now: datetime) -> SessionEntry:
    assert viewer.person_id is not None, "a link viewer is a person"
    own = next(p for p in session.participants if p.person_id == viewer.person_id)
    found = await _minutes_of(viewer, session.id)
    signature = (
        next((s for s in found.signatures if s.person_id == viewer.person_id), None)
        if found
        else None
    )
    return SessionEntry(
        person_id=viewer.person_id,
        session=session,
        partstat=own.partstat or PartStat.NEEDS_ACTION,
        may_answer=_may_answer(session, now),
        minutes=found,
        signature=signature,
    )


async def own_sessions(viewer: Viewer, now: datetime) -> OwnSessions:
    """The viewer's sessions that end after ``now - RECENT``, earliest first, split at now."""
    found, _ = await sessions.list_sessions(
        viewer, MOST_SESSIONS, 0, SessionFilter(starts_from=now - RECENT)
    )
    placed = sorted(
        (s for s in found if s.start is not None and _takes_part(s, viewer.person_id)),
        key=_start,
    )
    entries = [await _entry(viewer, session, now) for session in placed]
    return OwnSessions(
        upcoming=tuple(e for e in entries if _ends_after(e.session, now)),
        recent=tuple(reversed([e for e in entries if not _ends_after(e.session, now)])),
    )


def _start(session: SessionView) -> datetime:
    assert session.start is not None
    return session.start


def _ends_after(session: SessionView, now: datetime) -> bool:
    return session.end is not None and session.end > now
