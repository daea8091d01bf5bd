"""HTTP endpoints for invitations, calendar objects, answers (RSVP, the answer page) and
subscription feeds."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, get, head, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody

from core.web import wire
from core.web.guards import account_of, count_address_request, throttled_per_address
from hearing.sessions.wire import SessionRead, session_read
from scheduling.calendars.api import uploaded_calendar
from scheduling.calendars.ics_text import calendar_text, charset_of
from scheduling.invitations import service as invitations
from scheduling.invitations.answer_page import AnswerPage, render_answer_page
from scheduling.invitations.writer import calendar_content_type
from scheduling.slots.api import SlotRead, slot_read

#: Invitation links tried through the API or the answer page share one budget per address.
ANSWER_LINKS = "answer_link"

# Litestar appends "; charset=utf-8" to a text/* media type: the calendars set their
# Content-Type header themselves, naming the charset once.
CALENDAR_MEDIA_TYPE = "text/calendar"


class AnswerForm(msgspec.Struct):
    token: wire.Token
    partstat: Literal["ACCEPTED", "DECLINED", "TENTATIVE"]


def _html(page: AnswerPage) -> Response[str]:
    return Response(
        render_answer_page(page),
        media_type=MediaType.HTML,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


class RsvpRead(SessionRead):
    needs_new_slot: bool = False
    next_slots: list[SlotRead] = msgspec.field(default_factory=list)


class RsvpIn(wire.Body):
    partstat: Literal["ACCEPTED", "DECLINED", "TENTATIVE"]
    person_id: UUID | None = None
    token: wire.Token | None = None


def _rsvp_read(answer: invitations.InvitationAnswer) -> RsvpRead:
    return RsvpRead(
        **msgspec.structs.asdict(session_read(answer.session)),
        needs_new_slot=answer.needs_new_slot,
        next_slots=[slot_read(slot) for slot in answer.next_slots],
    )


def _matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 §13.1.2: If-None-Match compares weakly, and "*" matches any."""
    if if_none_match is None:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


def _calendar_response(
    request: Request[Any, Any, Any],
    calendar: invitations.PublishedCalendar,
    filename: str | None = None,
) -> Response[Any]:
    """The calendar, typed with a `method=` equal to the METHOD inside (Outlook needs it),
    validated by a strong ETag; calendar apps poll it, so an unchanged one answers 304."""
    body = calendar.text.encode()
    etag = f'"{hashlib.sha256(body).hexdigest()}"'
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(calendar.changed_at.astimezone(UTC), usegmt=True),
        "Cache-Control": "no-cache",
    }
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(b"", status_code=304, headers=headers)
    headers["content-type"] = calendar_content_type(calendar.text)
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if request.method == "HEAD":
        headers["content-length"] = str(len(body))
        return Response(b"", headers=headers)
    return Response(body, headers=headers)


async def _invitation(
    request: Request[Any, Any, Any], session_id: UUID, person_id: UUID
) -> Response[Any]:
    calendar = await invitations.published_invitation(
        account_of(request), session_id, person_id, datetime.now(UTC)
    )
    return _calendar_response(request, calendar, "invite.ics")


async def _feed(request: Request[Any, Any, Any], feed: str) -> Response[Any]:
    calendar = await invitations.published_feed(feed.removesuffix(".ics"), datetime.now(UTC))
    return _calendar_response(request, calendar)


class InvitationController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}"
    tags = ("calendars",)

    @get("/invite.ics", operation_id="getInvite", media_type=CALENDAR_MEDIA_TYPE)
    async def invitation(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        person_id: FromQuery[UUID],
    ) -> Response[bytes]:
        return await _invitation(request, session_id, person_id)

    @head("/invite.ics", operation_id="headInvite", media_type=CALENDAR_MEDIA_TYPE)
    async def invitation_head(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        person_id: FromQuery[UUID],
    ) -> Response[None]:
        """The headers of invite.ics (ETag, Last-Modified), without the calendar."""
        return await _invitation(request, session_id, person_id)

    @get("/event.ics", operation_id="getCalendarObject", media_type=CALENDAR_MEDIA_TYPE)
    async def calendar_object(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        person_id: FromQuery[UUID],
    ) -> Response[bytes]:
        """The person's event as a calendar stores it (no METHOD), to PUT into a CalDAV
        calendar under `name`, given in Content-Location; updates replace it there."""
        stored = await invitations.calendar_object_for(
            account_of(request), session_id, person_id, datetime.now(UTC)
        )
        return Response(
            stored.text.encode(),
            headers={
                "content-type": "text/calendar; charset=UTF-8",
                "Content-Disposition": f'attachment; filename="{stored.name}"',
                "Content-Location": stored.name,
            },
        )

    @post("/rsvp/reply", operation_id="answerWithItipReply", status_code=200)
    async def rsvp_reply(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID]
    ) -> RsvpRead:
        """An iTIP REPLY from a calendar app: body `text/calendar`, or multipart field `file`."""
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            _, text = await uploaded_calendar(request)
        else:
            text = calendar_text(
                await request.body(), charset_of(request.headers.get("content-type")), "file"
            )
        answer = await invitations.answer_with_reply(
            account_of(request), session_id, text, datetime.now(UTC)
        )
        return _rsvp_read(answer)

    @post("/rsvp", operation_id="answerInvitation", status_code=200)
    async def rsvp(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID], data: JSONBody[RsvpIn]
    ) -> RsvpRead:
        """Answer with a login (``person_id``, or yourself) or with the invitation's ``token``."""
        now = datetime.now(UTC)
        if data.token:
            await count_address_request(request, ANSWER_LINKS)
            answer = await invitations.answer_by_token(session_id, data.token, data.partstat, now)
        else:
            answer = await invitations.answer_by_login(
                account_of(request), session_id, data.person_id, data.partstat, now
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
    async def feed(self, request: Request[Any, Any, Any], feed: FromPath[str]) -> Response[bytes]:
        return await _feed(request, feed)

    @head(
        "/{feed:str}",
        operation_id="headCalendarFeed",
        media_type=CALENDAR_MEDIA_TYPE,
        exclude_from_auth=True,
    )
    async def feed_head(
        self, request: Request[Any, Any, Any], feed: FromPath[str]
    ) -> Response[None]:
        """The headers of the feed (ETag, Last-Modified), without the calendar."""
        return await _feed(request, feed)


class AnswerPageController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}/answer"
    tags = ("calendars",)
    # Anyone may try a link; an address trying many is guessing, and each answer is audited.
    guards = [throttled_per_address(ANSWER_LINKS)]

    @get("/", operation_id="showAnswerPage", media_type=MediaType.HTML, exclude_from_auth=True)
    async def show(self, session_id: FromPath[UUID], token: FromQuery[wire.Token]) -> Response[str]:
        """The session and three buttons; opening the page records nothing."""
        person_id = await invitations.person_of_rsvp_token(session_id, token, datetime.now(UTC))
        view = await invitations.answer_view(session_id, person_id)
        return _html(
            AnswerPage(
                view.facts,
                view.partstat,
                token,
                invitations.answer_page_url(session_id),
                view.called_off,
            )
        )

    @post(
        "/",
        operation_id="answerFromPage",
        media_type=MediaType.HTML,
        status_code=200,
        exclude_from_auth=True,
    )
    async def answer(
        self,
        session_id: FromPath[UUID],
        data: Annotated[AnswerForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Response[str]:
        """A button pressed on the page: records the answer like POST /rsvp with the token."""
        now = datetime.now(UTC)
        person_id = await invitations.person_of_rsvp_token(session_id, data.token, now)
        answer = await invitations.answer_invitation(session_id, person_id, data.partstat, now)
        view = await invitations.answer_view(session_id, person_id)
        return _html(
            AnswerPage(
                view.facts,
                view.partstat,
                data.token,
                invitations.answer_page_url(session_id),
                view.called_off,
                recorded=True,
                new_slot=answer.needs_new_slot and data.partstat == "DECLINED",
            )
        )
