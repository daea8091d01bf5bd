"""A session's page: who takes part and how they answered; for staff, the slots it can take,
booking one with one click, reschedule and cancel, each through the API's own service."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from core.clock import require_aware
from core.errors import DomainError
from core.web.guards import staff_only
from core.web.problems import status_of
from hearing.cases import service as cases
from hearing.sessions import service as sessions
from hearing.sessions.views import SessionView
from hearing.vocabulary import SessionStatus
from parties.people import service as people
from scheduling.booking import service as booking
from scheduling.booking.api import BookingIn, CancelIn, RescheduleIn
from ui.forms import PageForm
from ui.i18n import labels
from ui.page import Reader, reader_of, signed_in_viewer
from ui.render import render
from ui.sessions.refusals import invalid_input, refusal
from ui.sessions.slot_list import SearchShown, Window, default_window, search_in_window

#: Statuses in which a session takes a first booking, and in which it can be cancelled.
BOOKABLE = frozenset({SessionStatus.UNSCHEDULED, SessionStatus.ON_HOLD})
CANCELLABLE = frozenset({SessionStatus.UNSCHEDULED, SessionStatus.ON_HOLD, SessionStatus.SCHEDULED})


class WindowForm(PageForm):
    not_before: str = ""
    not_after: str = ""


class BookForm(WindowForm):
    start: str = ""
    room_id: str = ""


class RescheduleForm(BookForm):
    reason: str = ""


class CancelForm(PageForm):
    reason: str = ""


WindowBody = Annotated[WindowForm, Body(media_type=RequestEncodingType.URL_ENCODED)]
BookBody = Annotated[BookForm, Body(media_type=RequestEncodingType.URL_ENCODED)]
RescheduleBody = Annotated[RescheduleForm, Body(media_type=RequestEncodingType.URL_ENCODED)]
CancelBody = Annotated[CancelForm, Body(media_type=RequestEncodingType.URL_ENCODED)]


@dataclass(frozen=True)
class Pick:
    """A slot chosen to move a booked session to, before the reason is given."""

    start: str
    room_id: str

    @property
    def moment(self) -> datetime | None:
        """The picked start, to show on the viewer's clock (None when it is not a time)."""
        try:
            return datetime.fromisoformat(self.start)
        except ValueError:
            return None


@dataclass
class PageState:
    """What one request adds to the page: a search, a chosen slot, a refusal."""

    window: Window | None = None
    search: SearchShown | None = None
    pick: Pick | None = None
    #: ``{action: {field: message}}``: each form shows its own refusals.
    errors: dict[str, dict[str, str]] = field(default_factory=dict)


def window_of(form: WindowForm, default: Window) -> tuple[Window, dict[str, str]]:
    """The form's days, or the default for a field left empty; a day that is not a date is
    refused next to its field."""
    days: dict[str, date] = {}
    errors: dict[str, str] = {}
    for name, fallback in (("not_before", default.first_day), ("not_after", default.last_day)):
        text = getattr(form, name).strip()
        try:
            days[name] = date.fromisoformat(text) if text else fallback
        except ValueError:
            errors[name] = "psess_invalid_date"
            days[name] = fallback
    return Window(days["not_before"], days["not_after"]), errors


async def _names(session: SessionView) -> dict[str, str]:
    found = await people.get_people([p.person_id for p in session.participants])
    return {str(person_id): person.name for person_id, person in found.items()}


async def _context(
    request: Request[Any, Any, Any], reader: Reader, session: SessionView, state: PageState
) -> dict[str, Any]:
    viewer = signed_in_viewer(request)
    names = await _names(session)
    now = datetime.now(UTC)
    case = await cases.case_for(viewer, session.case_id, now) if viewer.is_staff else None
    return {
        "session": session,
        "case": case,
        "names": names,
        "staff": viewer.is_staff,
        "bookable": session.status in BOOKABLE,
        "reschedulable": session.status == SessionStatus.SCHEDULED,
        "cancellable": session.status in CANCELLABLE,
        "window": state.window or default_window(datetime.now(UTC), reader.zone),
        "search": state.search,
        "pick": state.pick,
        "errors": state.errors,
    }


async def _page(
    request: Request[Any, Any, Any],
    session_id: UUID,
    state: PageState,
    status_code: int = 200,
    *,
    partial: bool = False,
) -> Template:
    """The whole page, or with ``partial`` only its slot section (an htmx search). htmx swaps
    2xx answers only, so a partial's refusal is sent as 200 to be shown at all; a plain form
    gets the real status."""
    reader = await reader_of(request)
    session = await sessions.get_session_for(signed_in_viewer(request), session_id)
    context = await _context(request, reader, session, state)
    if partial:
        return await render(request, "sessions/_slots.html", context, reader=reader)
    return await render(
        request, "sessions/session.html", context, status_code=status_code, reader=reader
    )


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


async def _refused(
    request: Request[Any, Any, Any],
    session_id: UUID,
    action: str,
    error: DomainError | msgspec.ValidationError,
    shown: set[str],
    window: Window | None = None,
    pick: Pick | None = None,
) -> Template:
    """The page again with the refusal next to the field; a slot list searched afresh, since
    what was refused (a slot taken meanwhile) may have changed what is free."""
    catalog = labels((await reader_of(request)).language)
    if isinstance(error, DomainError):
        errors, status = refusal(error, catalog, shown), status_of(error)
    else:
        errors, status = invalid_input(error, catalog, shown), 400
    state = PageState(window=window, pick=pick, errors={action: errors})
    if window is not None:
        state.search = await _search_or_none(request, session_id, window)
    return await _page(request, session_id, state, status_code=status)


async def _search_or_none(
    request: Request[Any, Any, Any], session_id: UUID, window: Window
) -> SearchShown | None:
    reader = await reader_of(request)
    session = await sessions.get_session(session_id)
    try:
        return await search_in_window(session_id, window, reader.zone, await _names(session))
    except DomainError:
        # A session the search refuses (cancelled meanwhile) lists no slots; the refusal
        # the page shows is the action's own.
        return None


def _api_body(**fields: str) -> dict[str, str]:
    """The API's body for a form: a field left empty is left out, so that a required one is
    refused as missing rather than as too short."""
    return {name: value.strip() for name, value in fields.items() if value.strip()}


class SessionPageController(Controller):
    path = "/ui/sessions/{session_id:uuid}"
    include_in_schema = False

    @get("/")
    async def show(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        start: FromQuery[str] = "",
        room_id: FromQuery[str] = "",
    ) -> Template:
        """The session; ``start`` and ``room_id``: a slot picked to move it to."""
        pick = Pick(start, room_id) if start and room_id else None
        return await _page(request, session_id, PageState(pick=pick))

    @post("/slots", status_code=200, guards=[staff_only])
    async def find_slots(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: WindowBody,
    ) -> Template:
        reader = await reader_of(request)
        window, invalid = window_of(data, default_window(datetime.now(UTC), reader.zone))
        catalog = labels(reader.language)
        if invalid:
            errors = {name: catalog[key] for name, key in invalid.items()}
            state = PageState(window=window, errors={"slots": errors})
            return await _page(request, session_id, state, 400, partial=is_htmx(request))
        session = await sessions.get_session(session_id)
        try:
            search = await search_in_window(session_id, window, reader.zone, await _names(session))
        except DomainError as refused:
            shown = {"not_before", "not_after"}
            state = PageState(window=window, errors={"slots": refusal(refused, catalog, shown)})
            status = status_of(refused)
            return await _page(request, session_id, state, status, partial=is_htmx(request))
        state = PageState(window=window, search=search)
        return await _page(request, session_id, state, partial=is_htmx(request))

    @post("/booking", status_code=303, guards=[staff_only])
    async def book(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID], data: BookBody
    ) -> Redirect | Template:
        reader = await reader_of(request)
        window, _ = window_of(data, default_window(datetime.now(UTC), reader.zone))
        try:
            body = msgspec.convert(
                _api_body(start=data.start, room_id=data.room_id), BookingIn, strict=False
            )
            require_aware(body.start, "start")
            await booking.book_session(session_id, body.start, body.room_id, datetime.now(UTC))
        except (DomainError, msgspec.ValidationError) as refused:
            return await _refused(request, session_id, "book", refused, set(), window)
        return Redirect(f"/ui/sessions/{session_id}", status_code=303)

    @post("/reschedule", status_code=303, guards=[staff_only])
    async def reschedule(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: RescheduleBody,
    ) -> Redirect | Template:
        pick = Pick(data.start, data.room_id)
        try:
            body = msgspec.convert(
                _api_body(start=data.start, room_id=data.room_id, reason=data.reason),
                RescheduleIn,
                strict=False,
            )
            require_aware(body.start, "start")
            await booking.reschedule_session(
                session_id, body.start, body.room_id, body.reason, datetime.now(UTC)
            )
        except (DomainError, msgspec.ValidationError) as refused:
            return await _refused(request, session_id, "reschedule", refused, {"reason"}, pick=pick)
        return Redirect(f"/ui/sessions/{session_id}", status_code=303)

    @post("/cancel", status_code=303, guards=[staff_only])
    async def cancel(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID], data: CancelBody
    ) -> Redirect | Template:
        try:
            body = msgspec.convert(_api_body(reason=data.reason), CancelIn, strict=False)
            await booking.cancel_session(session_id, body.reason, datetime.now(UTC))
        except (DomainError, msgspec.ValidationError) as refused:
            return await _refused(request, session_id, "cancel", refused, {"reason"})
        return Redirect(f"/ui/sessions/{session_id}", status_code=303)
