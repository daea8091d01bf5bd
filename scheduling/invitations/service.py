"""Use cases for calendar invitations, subscription feeds and answers (RSVP)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from core import signing
from core.access import Viewer, ensure_self_or_staff
from core.audit import last_event_at
from core.errors import Conflict, NotFound, RuleViolation, Unauthorized
from core.links.participant import participant_page_token, participant_page_url
from core.links.service import read_link
from core.settings import get_settings
from hearing.cases import service as cases
from hearing.sessions import service as hearing
from hearing.sessions.views import SessionParticipantView, SessionView
from hearing.vocabulary import CHAIR_ROLES, ParticipantRole, PartStat, SessionStatus
from parties.people import service as parties
from parties.views import PersonView
from scheduling.invitations.caldav_objects import CalendarObject, calendar_object
from scheduling.invitations.itip_reply import ReplyAnswer, read_reply
from scheduling.invitations.mail import MailFacts, calendar_description
from scheduling.invitations.writer import (
    InvitationAttendee,
    InvitationEvent,
    build_cancel,
    build_feed,
    build_request,
)
from scheduling.rooms import service as rooms
from scheduling.rooms.service import RoomView
from scheduling.slots import service as scheduling
from scheduling.slots.query import Slot
from scheduling.slots.service import SearchOptions

NEXT_SLOTS_OFFERED = 5
RSVP_PURPOSE = "rsvp"
ANSWER_LINK_GRACE = timedelta(days=30)
NEXT_SLOTS_HORIZON = timedelta(days=30)

#: Sessions whose time calendars must drop: cancelled for good, or postponed or suspended
#: until a resumption re-creates the event (same UID, a higher SEQUENCE) at its new time.
OFF_THE_CALENDAR = frozenset(
    {SessionStatus.CANCELLED, SessionStatus.POSTPONED, SessionStatus.SUSPENDED}
)


def _description(
    session: SessionView, context: InvitationContext, public: bool, viewer: UUID
) -> str:
    """The event's DESCRIPTION in the viewer's own language."""
    case = context.cases[session.case_id]
    person = context.people.get(viewer)
    return calendar_description(
        locale=person.locale if person else session.locale,
        title=session.title,
        case=None if public else (case.reference, case.title),
        agenda=session.agenda,
        answer_link=answer_link(session, viewer),
    )


@dataclass(frozen=True)
class InvitationContext:
    """What invitations for some sessions need besides the sessions: people, rooms, cases."""

    people: dict[UUID, PersonView]
    rooms: dict[UUID, RoomView]
    cases: dict[UUID, cases.CaseView]


async def load_invitation_context(sessions: list[SessionView]) -> InvitationContext:
    """Everything the sessions' invitations mention, in three queries."""
    person_ids = {p.person_id for s in sessions for p in (*s.participants, *s.removed)}
    room_ids = [s.room_id for s in sessions if s.room_id]
    return InvitationContext(
        people=await parties.get_people(list(person_ids)),
        rooms=await rooms.get_rooms(room_ids),
        cases=await cases.get_cases([s.case_id for s in sessions]),
    )


def invitation_event(
    session: SessionView, for_person: UUID, context: InvitationContext
) -> InvitationEvent:
    """The calendar event of a placed session as one person sees it."""
    if session.start is None or session.end is None:
        raise RuleViolation("the session has no time yet", code="session_not_scheduled", field="id")
    settings = get_settings()
    room = context.rooms.get(session.room_id) if session.room_id else None
    removed = next((p for p in session.removed if p.person_id == for_person), None)
    viewer_role = next((p.role for p in session.participants if p.person_id == for_person), None)
    public = viewer_role == ParticipantRole.OBSERVER
    # A removed person's cancellation is addressed to them alone.
    listed = (removed,) if removed else session.participants
    attendees = tuple(
        attendee
        for p in listed
        if (attendee := _attendee_as_seen(p, for_person, public, context.people)) is not None
    )
    return InvitationEvent(
        uid=event_uid(session.id),
        sequence=session.sequence,
        summary=session.title,
        start=session.start,
        end=session.end,
        organizer_email=settings.organizer_email,
        organizer_name=settings.organizer_name,
        attendees=attendees,
        location=f"{room.name}, {room.address}" if room else "",
        description=_description(session, context, public, for_person),
        cancelled=session.status in OFF_THE_CALENDAR or removed is not None,
        timezone=room.timezone if room else None,
    )


def _attendee_as_seen(
    participant: SessionParticipantView,
    for_person: UUID,
    public: bool,
    people: dict[UUID, PersonView],
) -> InvitationAttendee | None:
    """One participant as ``for_person``'s invitation shows them, or None when it must not.

    Everyone reaches the organiser, themselves and the chair (presiding officer or mediator);
    every other participant appears by name and role only, their address withheld. The public
    sees no one else, and no one sees the public.
    """
    person = people.get(participant.person_id)
    is_recipient = participant.person_id == for_person
    if person is None:
        return None
    if not is_recipient and (public or participant.role == ParticipantRole.OBSERVER):
        return None
    reachable = is_recipient or participant.role in CHAIR_ROLES
    return InvitationAttendee(
        email=person.email if reachable else None,
        key=None if reachable else str(person.id),
        name=person.name,
        role=participant.role,
        required=participant.required,
        partstat=participant.partstat,
    )


def invitation_text(event: InvitationEvent, now: datetime) -> str:
    """The iTIP message for an event: a CANCEL once off the calendar (for this person: cancelled,
    postponed, suspended or removed), else a REQUEST."""
    return build_cancel(event, now) if event.cancelled else build_request(event, now)


async def invitation_events(sessions: list[SessionView], for_person: UUID) -> list[InvitationEvent]:
    """Calendar events for the placed ``sessions`` as seen by one person (three queries)."""
    placed = [s for s in sessions if s.start is not None and s.end is not None]
    context = await load_invitation_context(placed)
    return [invitation_event(session, for_person, context) for session in placed]


def _is_listed(session: SessionView, person_id: UUID) -> bool:
    """The person takes part, or was taken off and is owed their cancellation."""
    return any(p.person_id == person_id for p in (*session.participants, *session.removed))


def _ensure_may_read_invitation(viewer: Viewer, session: SessionView, person_id: UUID) -> None:
    """Staff read anyone's invitation; a participant reads their own (a cancellation after being
    taken off included). A session they take no part in is as unknown to them as a missing one
    (404, so ids leak nothing); in their own session, someone else's invitation is a 403."""
    if viewer.is_person(person_id) and _is_listed(session, person_id):
        return
    if not hearing.may_see(viewer, session):
        raise hearing.session_not_found(session.id)
    ensure_self_or_staff(viewer, person_id)


async def invitation_for(viewer: Viewer, session_id: UUID, person_id: UUID, now: datetime) -> str:
    """The person's iTIP message (REQUEST or CANCEL), as ``viewer`` may read it."""
    session = await hearing.get_session(session_id)
    _ensure_may_read_invitation(viewer, session, person_id)
    return await _invitation_text(session, person_id, now)


async def _invitation_text(session: SessionView, person_id: UUID, now: datetime) -> str:
    if not _is_listed(session, person_id):
        raise NotFound(
            "this person is not a participant of the session",
            code="participant_not_found",
            field="person_id",
        )
    if session.start is None or session.status == SessionStatus.ON_HOLD:
        raise RuleViolation(
            "the session has no confirmed time yet: book it first",
            code="session_not_scheduled",
            field="id",
        )
    [event] = await invitation_events([session], person_id)
    return invitation_text(event, now)


@dataclass(frozen=True)
class PublishedCalendar:
    """A calendar served for calendar apps to fetch again and again."""

    text: str
    #: When what it shows last changed: its DTSTAMP, and the HTTP Last-Modified.
    changed_at: datetime


async def _changed_at(session_ids: list[UUID], now: datetime) -> datetime:
    # Stamping with the last change rather than with now keeps an unchanged calendar
    # byte-identical, so pollers can be answered "304 Not Modified".
    return await last_event_at("session", session_ids) or now


async def published_invitation(
    viewer: Viewer, session_id: UUID, person_id: UUID, now: datetime
) -> PublishedCalendar:
    """The person's invite.ics as ``viewer`` may read it, stamped with the session's last change."""
    changed_at = await _changed_at([session_id], now)
    text = await invitation_for(viewer, session_id, person_id, changed_at)
    return PublishedCalendar(text, changed_at)


async def published_feed(feed_token: str, now: datetime) -> PublishedCalendar:
    """A person's subscription feed, stamped with the last change of any of its sessions."""
    person = await parties.person_by_feed_token(feed_token)
    sessions = await hearing.sessions_of_person(person.id)
    events = await invitation_events(sessions, person.id)
    changed_at = await _changed_at([session.id for session in sessions], now)
    text = build_feed(events, changed_at, f"Concord — {person.name}")
    return PublishedCalendar(text, changed_at)


async def calendar_object_for(
    viewer: Viewer, session_id: UUID, person_id: UUID, now: datetime
) -> CalendarObject:
    """The person's event as a calendar stores it (no METHOD), for CalDAV and plain imports; read
    as ``viewer`` may, like the invitation."""
    return calendar_object(await invitation_for(viewer, session_id, person_id, now))


def mail_facts(
    session: SessionView,
    participant: SessionParticipantView,
    context: InvitationContext,
    reason: str | None,
) -> MailFacts:
    """What one participant's email (or answer page) says about the session."""
    assert session.start is not None and session.end is not None
    person = context.people[participant.person_id]
    room = context.rooms.get(session.room_id) if session.room_id else None
    public = participant.role == ParticipantRole.OBSERVER
    return MailFacts(
        recipient_name=person.name,
        recipient_email=person.email,
        locale=person.locale,
        timezone=person.timezone,
        title=session.title,
        kind=session.kind,
        role=participant.role,
        start=session.start,
        end=session.end,
        location=f"{room.name}, {room.address}" if room else "",
        case_reference=None if public else context.cases[session.case_id].reference,
        agenda=() if public else session.agenda,
        answer_link=answer_link(session, participant.person_id),
        page_link=page_link(session, participant.person_id),
        reason=reason,
    )


def event_uid(session_id: UUID) -> str:
    """The UID of a session's calendar event: stable across reschedules and cancellation."""
    return f"{session_id}@concord"


def answer_page_url(session_id: UUID) -> str:
    """The answer page of a session's invitations, where the answer form is posted."""
    return f"{get_settings().public_url}/api/v1/sessions/{session_id}/answer"


def answer_link(session: SessionView, person_id: UUID) -> str:
    """The page where a participant answers without logging in (the token says who)."""
    token = rsvp_token(session.id, person_id, answer_link_expiry(session))
    return f"{answer_page_url(session.id)}?token={token}"


def page_link(session: SessionView, person_id: UUID) -> str:
    """The participant's own page, valid as long as this session's answer link."""
    return participant_page_url(participant_page_token(person_id, answer_link_expiry(session)))


def answer_link_expiry(session: SessionView) -> datetime:
    """An answer link outlives its session by a while: a late "I could not come" is still
    worth recording, a link found in an old mailbox months later is not."""
    assert session.end is not None, "only a placed session is answered"
    return session.end + ANSWER_LINK_GRACE


def rsvp_token(session_id: UUID, person_id: UUID, expires_at: datetime) -> str:
    """The secret part of one participant's answer link for one session."""
    return signing.issue(RSVP_PURPOSE, f"{session_id}:{person_id}", expires_at)


async def person_of_rsvp_token(session_id: UUID, token: str, now: datetime) -> UUID:
    """Who the answer link's token speaks for; 401 unless it is a live answer link of this
    session."""
    claims = await read_link(token, RSVP_PURPOSE, now)
    token_session, _, person = claims.subject.partition(":")
    if token_session != str(session_id):
        raise Unauthorized(
            "this link answers another invitation", code="invalid_token", field="token"
        )
    return UUID(person)


def needs_new_slot(session: SessionView) -> bool:
    """A required participant declined: the coordinator should move the session."""
    return any(p.required and p.partstat == PartStat.DECLINED for p in session.participants)


@dataclass(frozen=True)
class InvitationAnswer:
    session: SessionView
    needs_new_slot: bool
    next_slots: tuple[Slot, ...]


async def answer_invitation(
    session_id: UUID, person_id: UUID, partstat: str, now: datetime
) -> InvitationAnswer:
    """Record the answer; when a required participant declines, offer the next free slots."""
    await hearing.set_partstat(session_id, person_id, PartStat(partstat))
    session = await hearing.get_session(session_id)
    if not needs_new_slot(session):
        return InvitationAnswer(session, False, ())
    found = await scheduling.search_slots(
        session_id, now, now + NEXT_SLOTS_HORIZON, now, SearchOptions(limit=NEXT_SLOTS_OFFERED)
    )
    return InvitationAnswer(session, True, found.slots)


async def answer_by_token(
    session_id: UUID, token: str, partstat: str, now: datetime
) -> InvitationAnswer:
    """An answer sent with the invitation's token: the token, not a login, says who answers."""
    person_id = await person_of_rsvp_token(session_id, token, now)
    return await answer_invitation(session_id, person_id, partstat, now)


async def answer_by_login(
    viewer: Viewer, session_id: UUID, person_id: UUID | None, partstat: str, now: datetime
) -> InvitationAnswer:
    """An answer for ``person_id``, or else for the viewer's own person: staff answer for anyone,
    a participant for themselves, and a session they take no part in is a 404 to them."""
    answering = person_id or viewer.person_id
    if answering is None:
        raise RuleViolation("say whose answer this is", code="person_required", field="person_id")
    await hearing.get_session_for(viewer, session_id)
    ensure_self_or_staff(viewer, answering)
    return await answer_invitation(session_id, answering, partstat, now)


async def answer_with_reply(
    viewer: Viewer, session_id: UUID, reply_text: str, now: datetime
) -> InvitationAnswer:
    """A calendar app's iTIP REPLY, sent logged in: whom it answers for is read from it, and the
    viewer may send it as they may answer by login."""
    session = await hearing.get_session_for(viewer, session_id)
    reply = read_reply(reply_text)
    person_id = await _person_answering(session, reply)
    ensure_self_or_staff(viewer, person_id)
    return await answer_invitation(session_id, person_id, reply.partstat, now)


async def _person_answering(session: SessionView, reply: ReplyAnswer) -> UUID:
    """Who a calendar app's REPLY answers for; it must answer this session's current invitation."""
    if reply.uid != event_uid(session.id):
        raise RuleViolation(
            "this REPLY answers another event (UID)", code="itip_reply_other_event", field="file"
        )
    if reply.sequence < session.sequence:
        raise Conflict(
            "this REPLY answers an older version of the invitation",
            code="stale_itip_reply",
            field="file",
        )
    people = await parties.get_people([p.person_id for p in session.participants])
    person_id = next(
        (pid for pid, person in people.items() if person.email.lower() == reply.email), None
    )
    if person_id is None:
        raise NotFound(
            f"{reply.email} is not a participant of this session",
            code="participant_not_found",
            field="file",
        )
    return person_id


@dataclass(frozen=True)
class AnswerView:
    """What the answer page shows one participant."""

    facts: MailFacts
    partstat: str
    #: Why no answer is wanted now: the session is cancelled, postponed or suspended.
    called_off: SessionStatus | None


async def answer_view(session_id: UUID, person_id: UUID) -> AnswerView:
    session = await hearing.get_session(session_id)
    participant = next((p for p in session.participants if p.person_id == person_id), None)
    if participant is None:
        raise NotFound(
            "this person is no longer a participant of the session",
            code="participant_not_found",
            field="token",
        )
    if session.start is None or session.status == SessionStatus.ON_HOLD:
        raise RuleViolation(
            "the session has no confirmed time yet", code="session_not_scheduled", field="id"
        )
    context = await load_invitation_context([session])
    return AnswerView(
        facts=mail_facts(session, participant, context, None),
        partstat=participant.partstat,
        called_off=SessionStatus(session.status) if session.status in OFF_THE_CALENDAR else None,
    )
