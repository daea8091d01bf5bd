"""Booked sessions, viewers and minutes built through the services, for minutes tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from core.access import Role
from minutes.drafts import service as drafts
from minutes.drafts.service import MinutesView
from minutes.seal import service as sealing
from minutes.signing import service as signing
from minutes.signing.answers import Answer
from minutes.vocabulary import Decision
from scheduling.booking import service as booking
from tests.support.builders import make_room, mediation_session
from tests.support.flow import next_weekday_at
from tests.support.viewers import viewer


@dataclass(frozen=True)
class BookedSession:
    session_id: UUID
    #: Petitioner, department representative and mediator: everyone signs.
    signers: tuple[UUID, ...]
    start: datetime


STAFF = viewer(Role.COORDINATOR)
ARCHIVIST = viewer(Role.ARCHIVIST)


async def booked_session(suffix: str) -> BookedSession:
    """A three-party mediation booked ten days out (a room of its own, people of its own)."""
    session, _ = await mediation_session(suffix)
    room = await make_room(f"调解室 {suffix}")
    start = next_weekday_at(10)
    await booking.book_session(session.id, start, room, start - timedelta(days=10))
    return BookedSession(session.id, tuple(p.person_id for p in session.participants), start)


async def answer_all(minutes: MinutesView, now: datetime) -> MinutesView:
    """Every pending signer signs the current version."""
    for person_id in minutes.pending_signers:
        minutes = await signing.record_signature(
            STAFF, minutes.id, Answer(person_id, Decision.SIGN, minutes.version_sha256), now
        )
    return minutes


async def built_minutes(session: BookedSession, now: datetime) -> MinutesView:
    return await drafts.build_minutes(STAFF, session.session_id, now)


async def sealed_minutes(session: BookedSession, now: datetime) -> MinutesView:
    """Minutes built, signed by everyone and sealed."""
    minutes = await answer_all(await built_minutes(session, now), now)
    return await sealing.seal_minutes(STAFF, minutes.id, now)
