"""Probes of sessions, slot search, booking, the docket, postponement and invitations.
Session A is the member's; the spare and unbooked sessions are the ones that get moved."""

from __future__ import annotations

from tests.api.access.probes import Probe

SPARE = "/api/v1/sessions/{spare_session}"
UNBOOKED = "/api/v1/sessions/{unbooked_session}"
A = "/api/v1/sessions/{session}"
REPLY = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//AM//EN\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n"
    "UID:{session_uid}\r\nDTSTAMP:20300101T000000Z\r\nSEQUENCE:0\r\n"
    "ATTENDEE;PARTSTAT=ACCEPTED:mailto:{member_email}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)

PARTIES = [
    {"person_id": "{member}", "role": "petitioner"},
    {"person_id": "{department}", "role": "department"},
    {"person_id": "{mediator}", "role": "mediator"},
]

PROBES = (
    Probe("listSessions", "GET", "/api/v1/sessions"),
    Probe("getSession", "GET", A),
    Probe(
        "createSession",
        "POST",
        "/api/v1/sessions",
        json={
            "kind": "mediation",
            "case_id": "{spare_case}",
            "title": "新调解 AM",
            "duration_minutes": 60,
            "participants": PARTIES,
        },
    ),
    Probe(
        "searchSlots",
        "POST",
        f"{UNBOOKED}/slot-search",
        json={"not_before": "{search_from}", "not_after": "{search_to}"},
    ),
    Probe(
        "planDocket",
        "POST",
        "/api/v1/dockets",
        json={
            "session_ids": ["{unbooked_session}"],
            "not_before": "{search_from}",
            "not_after": "{search_to}",
            "time_budget_s": 1,
        },
    ),
    Probe(
        "holdSlot", "POST", f"{UNBOOKED}/hold", json={"start": "{free_start}", "room_id": "{room}"}
    ),
    Probe(
        "bookSession",
        "POST",
        f"{UNBOOKED}/booking",
        json={"start": "{free_start}", "room_id": "{room}"},
    ),
    Probe("getInvite", "GET", f"{A}/invite.ics", params={"person_id": "{member}"}),
    Probe("headInvite", "HEAD", f"{A}/invite.ics", params={"person_id": "{member}"}),
    Probe("getCalendarObject", "GET", f"{A}/event.ics", params={"person_id": "{member}"}),
    Probe(
        "answerInvitation",
        "POST",
        f"{A}/rsvp",
        json={"person_id": "{member}", "partstat": "ACCEPTED"},
    ),
    Probe(
        "answerInvitation",
        "POST",
        f"{A}/rsvp",
        label="by token",
        json={"token": "{rsvp}", "partstat": "ACCEPTED"},
    ),
    Probe("answerWithItipReply", "POST", f"{A}/rsvp/reply", text_calendar=REPLY),
    Probe("getCalendarFeed", "GET", "/api/v1/calendars/{feed}"),
    Probe("headCalendarFeed", "HEAD", "/api/v1/calendars/{feed}"),
    Probe("showAnswerPage", "GET", f"{A}/answer", params={"token": "{rsvp}"}),
    Probe(
        "answerFromPage", "POST", f"{A}/answer", form={"token": "{rsvp}", "partstat": "TENTATIVE"}
    ),
    Probe(
        "rescheduleSession",
        "POST",
        f"{SPARE}/reschedule",
        json={"start": "{free_start_2}", "room_id": "{spare_room}", "reason": "主持人出差"},
    ),
    Probe("postponeSession", "POST", f"{SPARE}/postpone", json={"reason": "当事人住院"}),
    Probe(
        "resumeSession",
        "POST",
        f"{SPARE}/resume",
        json={"start": "{free_start}", "room_id": "{spare_room}"},
    ),
    Probe("suspendSession", "POST", f"{SPARE}/suspend", json={"reason": "当事人住院"}),
    Probe("removeParticipant", "DELETE", SPARE + "/participants/{spare_agent}"),
    Probe("cancelSession", "POST", f"{SPARE}/cancel", json={"reason": "信访人撤回"}),
)
