"""HTTP endpoints for invitations, calendar objects, answers (RSVP) and subscription feeds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from core.access import ensure_self_or_staff
from core.errors import RuleViolation
from core.web.guards import account_of
from hearing.sessions.api import SessionRead, session_read
from scheduling.calendars.api import uploaded_calendar
from scheduling.invitations import service as invite_service
from scheduling.invitations.itip_reply import read_reply
from scheduling.invitations.writer import calendar_content_type
from scheduling.slots.api import SlotRead, slot_read

CALENDAR_MEDIA_TYPE = "text/calendar; charset=utf-8"


class RsvpRead(SessionRead):
    needs_new_slot: bool = False
    next_slots: list[SlotRead] = msgspec.field(default_factory=list)


class RsvpIn(msgspec.Struct):
    partstat: Literal["ACCEPTED", "DECLINED", "TENTATIVE"]
    person_id: UUID | None = None
    token: Annotated[str, msgspec.Meta(max_length=500)] | None = None


def _rsvp_read(answer: invite_service.InvitationAnswer) -> RsvpRead:
    return RsvpRead(
        **msgspec.structs.asdict(session_read(answer.session)),
        needs_new_slot=answer.needs_new_slot,
        next_slots=[slot_read(slot) for slot in answer.next_slots],
    )


def _calendar_response(text: str, filename: str | None = None) -> Response[bytes]:
    """The calendar, typed with a `method=` equal to the METHOD inside (Outlook needs it)."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'} if filename else {}
    return Response(text.encode(), media_type=calendar_content_type(text), headers=headers)


class InvitationController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}"
    tags = ("calendars",)

    @get("/invite.ics", operation_id="getInvite", media_type=CALENDAR_MEDIA_TYPE)
    async def invite(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        person_id: FromQuery[UUID],
    ) -> Response[bytes]:
        ensure_self_or_staff(account_of(request), person_id)
        text = await invite_service.invite_for(session_id, person_id, datetime.now(UTC))
        return _calendar_response(text, "invite.ics")

    @get("/event.ics", operation_id="getCalendarObject", media_type=CALENDAR_MEDIA_TYPE)
    async def calendar_object(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        person_id: FromQuery[UUID],
    ) -> Response[bytes]:
        """The person's event as a calendar stores it (no METHOD), to PUT into a CalDAV
        calendar under `name`, given in Content-Location; updates replace it there."""
        ensure_self_or_staff(account_of(request), person_id)
        stored = await invite_service.calendar_object_for(session_id, person_id, datetime.now(UTC))
        return Response(
            stored.text.encode(),
            media_type=CALENDAR_MEDIA_TYPE,
            headers={
                "Content-Disposition": f'attachment; filename="{stored.name}"',
                "Content-Location": stored.name,
            },
        )

    @post("/rsvp/reply", operation_id="answerWithItipReply", status_code=200)
    async def rsvp_reply(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID]
    ) -> RsvpRead:
        """An iTIP REPLY from a calendar app: body `text/calendar`, or multipart field `file`."""
        account = account_of(request)
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            _, text = await uploaded_calendar(request)
        else:
            text = (await request.body()).decode("utf-8", errors="replace")
        reply = read_reply(text)
        person_id = await invite_service.person_answering(session_id, reply)
        ensure_self_or_staff(account, person_id)
        answer = await invite_service.answer_invitation(
            session_id, person_id, reply.partstat, datetime.now(UTC)
        )
        return _rsvp_read(answer)

    @post("/rsvp", operation_id="answerInvitation", status_code=200)
    async def rsvp(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID], data: JSONBody[RsvpIn]
    ) -> RsvpRead:
        """Answer with a login (``person_id``, or yourself) or with the invitation's ``token``."""
        if data.token:
            person_id = invite_service.person_of_rsvp_token(session_id, data.token)
        else:
            account = account_of(request)
            answering = data.person_id or account.person_id
            if answering is None:
                raise RuleViolation(
                    "say whose answer this is", code="person_required", field="person_id"
                )
            ensure_self_or_staff(account, answering)
            person_id = answering
        answer = await invite_service.answer_invitation(
            session_id, person_id, data.partstat, datetime.now(UTC)
        )
        return _rsvp_read(answer)


class CalendarFeedController(Controller):
    path = "/api/v1/calendars"
    tags = ("calendars",)

    @get(
        "/{feed:str}",
        operation_id="getCalendarFeed",
        media_type=CALENDAR_MEDIA_TYPE,
        exclude_from_auth=True,
    )
    async def feed(self, feed: FromPath[str]) -> Response[bytes]:
        token = feed.removesuffix(".ics")
        text = await invite_service.feed_for(token, datetime.now(UTC))
        return _calendar_response(text)
