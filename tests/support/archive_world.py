"""Sealed minutes that differ in what an archivist searches by: case, session title, day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hearing.cases import service as cases
from minutes.drafts.service import MinutesView
from scheduling.booking import service as booking
from tests.support.builders import make_room, mediation, person
from tests.support.flow import next_weekday_at
from tests.support.minutes_builders import BookedSession, sealed_minutes


@dataclass(frozen=True)
class Archived:
    session: BookedSession
    minutes: MinutesView
    case_reference: str
    session_title: str


async def sealed_mediation(
    suffix: str, case_title: str, session_title: str, days_ahead: int = 10
) -> Archived:
    """A mediation of case ``XF-{suffix}`` booked ``days_ahead`` days out (a weekday at
    10:00 in Shanghai), its minutes built, signed by all three parties and sealed."""
    reference = f"XF-{suffix}"
    case = await cases.create_case(
        cases.NewCase(reference=reference, title=case_title), datetime.now(UTC)
    )
    session = await mediation(
        case.id,
        await person("张三", f"p{suffix}@x.cn"),
        await person("王", f"d{suffix}@x.cn"),
        await person("郑", f"m{suffix}@x.cn"),
        title=session_title,
    )
    start = next_weekday_at(10, days_ahead=days_ahead)
    room = await make_room(f"调解室 {suffix}")
    await booking.book_session(session.id, start, room, start - timedelta(days=10))
    booked = BookedSession(session.id, tuple(p.person_id for p in session.participants), start)
    # Sealing follows the session: the record is written from its start on.
    minutes = await sealed_minutes(booked, start + timedelta(hours=2))
    return Archived(booked, minutes, reference, session_title)
