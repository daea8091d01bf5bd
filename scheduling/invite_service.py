"""Use cases for calendar invitations, subscription feeds and answers (RSVP)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from core.errors import NotFound, RuleViolation
from core.settings import get_settings
from hearing import service as hearing
from hearing.service import SessionView
from hearing.vocabulary import ParticipantRole, PartStat, SessionStatus
from parties import service as parties
from scheduling.invites import InviteAttendee, InviteEvent, build_cancel, build_feed, build_request
from scheduling.tables import Room


def _description(session: SessionView, case: dict[str, object], public: bool) -> str:
    lines = [session.title]
    if not public:
        lines.append(f"Case {case['reference']}: {case['title']}")
    else:
        lines.append("Public notice: observers are seated up to the room's public seats.")
    if session.agenda and not public:
        lines.append("Agenda: " + "; ".join(session.agenda))
    lines.append("Please bring an identity document and any evidence you refer to.")
    return "\n".join(lines)


async def invite_events(sessions: list[SessionView], for_person: UUID) -> list[InviteEvent]:
    """Calendar events for ``sessions`` as seen by one person (three queries in all)."""
    settings = get_settings()
    person_ids = {p.person_id for s in sessions for p in s.participants}
    people = await parties.get_people(list(person_ids))
    room_ids = [s.room_id for s in sessions if s.room_id]
    rooms = {
        row["id"]: row
        for row in await Room.select(Room.id, Room.name, Room.address, Room.timezone).where(
            Room.id.is_in(room_ids or [UUID(int=0)])
        )
    }
    cases = await hearing.get_cases([s.case_id for s in sessions])
    events = []
    for session in sessions:
        if session.start is None or session.end is None:
            continue
        room = rooms.get(session.room_id) if session.room_id else None
        viewer_role = next(
            (p.role for p in session.participants if p.person_id == for_person), None
        )
        public = viewer_role == ParticipantRole.OBSERVER
        attendees = tuple(
            InviteAttendee(
                email=people[p.person_id]["email"],
                name=people[p.person_id]["name"],
                role=p.role,
                required=p.required,
                partstat=p.partstat,
            )
            for p in session.participants
            if p.person_id in people and (not public or p.person_id == for_person)
        )
        events.append(
            InviteEvent(
                uid=f"{session.id}@concord",
                sequence=session.sequence,
                summary=session.title,
                start=session.start,
                end=session.end,
                organizer_email=settings.organizer_email,
                organizer_name=settings.organizer_name,
                attendees=attendees,
                location=f"{room['name']}, {room['address']}" if room else "",
                description=_description(session, cases[session.case_id], public),
                cancelled=session.status == SessionStatus.CANCELLED,
                timezone=room["timezone"] if room else None,
            )
        )
    return events


async def invite_for(session_id: UUID, person_id: UUID, now: datetime) -> str:
    session = await hearing.get_session(session_id)
    if not any(p.person_id == person_id for p in session.participants):
        raise NotFound(
            "this person is not a participant of the session",
            code="participant_not_found",
            field="person_id",
        )
    if session.start is None or session.status == SessionStatus.HELD:
        raise RuleViolation(
            "the session has no confirmed time yet: book it first",
            code="session_not_scheduled",
            field="id",
        )
    [event] = await invite_events([session], person_id)
    if session.status == SessionStatus.CANCELLED:
        return build_cancel(event, now)
    return build_request(event, now)


async def feed_for(feed_token: str, now: datetime) -> str:
    person = await parties.person_by_feed_token(feed_token)
    sessions = await hearing.sessions_of_person(person["id"])
    events = await invite_events(sessions, person["id"])
    return build_feed(events, now, f"Concord — {person['name']}")


async def answer_invitation(session_id: UUID, person_id: UUID, partstat: str) -> SessionView:
    await hearing.set_partstat(session_id, person_id, PartStat(partstat))
    return await hearing.get_session(session_id)
