"""The record live: GET the fragment, and one POST per action, each calling the service the
record API calls and answering with the fragment again (the refusal, if any, inside it)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from core.access import Viewer
from core.errors import DomainError
from core.web.guards import staff_only
from hearing.agreements import service as agreements
from hearing.agreements.agreement import AgreementContent
from hearing.panel import service as panel
from hearing.panel.conclusion import PanelView
from hearing.panel.service import NewVote
from hearing.proceedings import service as record_service
from hearing.proceedings.steps import service as steps
from hearing.vocabulary import AttendanceStatus, OutcomeStatus
from ui.forms import PageForm
from ui.page import reader_of, signed_in_viewer
from ui.record.form_values import choice, optional_text, required_text, uuid_value
from ui.record.fragments import RECORD_CHANGED, after_action, fragment_answer, is_htmx
from ui.record.record_forms import (
    TERM_ROWS,
    AdvanceForm,
    AgreementForm,
    AgreementSignatureForm,
    AttendanceForm,
    ConsentForm,
    OutcomeForm,
    PositionForm,
    SkipForm,
    VoteForm,
)
from ui.record.record_view import record_shown
from ui.record.refusals import Refusal, refusal_of

SECTION = "record"
Action = Callable[[Viewer, datetime], Awaitable[object]]
_FORM = Body(media_type=RequestEncodingType.URL_ENCODED)


async def _show(
    request: Request[Any, Any, Any], session_id: UUID, refusal: Refusal | None = None
) -> Template:
    reader = await reader_of(request)
    shown = await record_shown(signed_in_viewer(request), session_id, reader.language)
    context = {
        "shown": shown,
        "term_rows": TERM_ROWS,
        "attendance_statuses": list(AttendanceStatus),
        "outcome_statuses": list(OutcomeStatus),
        "panel_views": list(PanelView),
    }
    return await fragment_answer(request, SECTION, session_id, context, refusal)


async def _act(
    request: Request[Any, Any, Any], session_id: UUID, form: str, data: PageForm, action: Action
) -> Template | Redirect:
    try:
        await action(signed_in_viewer(request), datetime.now(UTC))
    except DomainError as refused:
        return await _show(request, session_id, refusal_of(refused, form, data))
    if is_htmx(request):
        answer = await _show(request, session_id)
        # The minutes fragment beside it is drawn from the record: it asks for itself again.
        answer.set_header("HX-Trigger", RECORD_CHANGED)
        return answer
    return after_action(SECTION, session_id)


class RecordPageController(Controller):
    path = "/ui/sessions/{session_id:uuid}/record"
    include_in_schema = False

    @get("/")
    async def record(self, request: Request[Any, Any, Any], session_id: FromPath[UUID]) -> Template:
        return await _show(request, session_id)

    @post("/consent", status_code=200)
    async def consent(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: Annotated[ConsentForm, _FORM],
    ) -> Template | Redirect:
        async def action(viewer: Viewer, now: datetime) -> object:
            person_id = uuid_value(data.person_id, "person_id")
            consent = data.given()
            return await steps.record_consent(viewer, session_id, person_id, consent, now)

        return await _act(request, session_id, "consent", data, action)

    @post("/procedure/advance", status_code=200)
    async def advance(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: Annotated[AdvanceForm, _FORM],
        people_left: NamedDependency[steps.PeopleLeft],
    ) -> Template | Redirect:
        async def action(viewer: Viewer, now: datetime) -> object:
            return await steps.advance_procedure(
                viewer, session_id, data.taken(), now, people_left=people_left
            )

        return await _act(request, session_id, "advance", data, action)

    @post("/procedure/skip", status_code=200)
    async def skip(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: Annotated[SkipForm, _FORM],
    ) -> Template | Redirect:
        async def action(viewer: Viewer, now: datetime) -> object:
            step = required_text(data.step, "step")
            return await steps.skip_procedure_step(viewer, session_id, step, data.reason, now)

        return await _act(request, session_id, "skip", data, action)

    # The API guards these three writes by role (their services take no viewer): the same here.
    @post("/attendance", status_code=200, guards=[staff_only])
    async def attendance(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: Annotated[AttendanceForm, _FORM],
    ) -> Template | Redirect:
        async def action(_: Viewer, now: datetime) -> object:
            person_id = uuid_value(data.person_id, "person_id")
            status = choice(data.status, AttendanceStatus, "status")
            note = optional_text(data.note)
            return await record_service.record_attendance(session_id, person_id, status, note, now)

        return await _act(request, session_id, "attendance", data, action)

    @post("/positions", status_code=200, guards=[staff_only])
    async def position(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: Annotated[PositionForm, _FORM],
    ) -> Template | Redirect:
        async def action(_: Viewer, now: datetime) -> object:
            return await record_service.record_position(session_id, data.position(), now)

        return await _act(request, session_id, "positions", data, action)

    @post("/outcomes", status_code=200, guards=[staff_only])
    async def outcome(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: Annotated[OutcomeForm, _FORM],
    ) -> Template | Redirect:
        async def action(_: Viewer, now: datetime) -> object:
            item = required_text(data.agenda_item, "agenda_item")
            status = choice(data.status, OutcomeStatus, "status")
            terms = optional_text(data.terms)
            return await record_service.record_outcome(session_id, item, status, terms, now)

        return await _act(request, session_id, "outcomes", data, action)

    @post("/votes", status_code=200)
    async def vote(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: Annotated[VoteForm, _FORM],
    ) -> Template | Redirect:
        async def action(viewer: Viewer, now: datetime) -> object:
            new = NewVote(
                uuid_value(data.person_id, "person_id"),
                required_text(data.agenda_item, "agenda_item"),
                choice(data.view, PanelView, "view"),
                optional_text(data.opinion),
            )
            return await panel.record_vote(viewer, session_id, new, now)

        return await _act(request, session_id, "votes", data, action)

    @post("/agreement", status_code=200)
    async def agreement(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: Annotated[AgreementForm, _FORM],
    ) -> Template | Redirect:
        async def action(viewer: Viewer, now: datetime) -> object:
            content = AgreementContent(
                session_id=session_id,
                facts=required_text(data.facts, "facts"),
                disputed_issues=data.issues(),
                terms=data.terms(),
            )
            return await agreements.draft_agreement(viewer, content, now)

        return await _act(request, session_id, "agreement", data, action)

    @post("/agreement/signatures", status_code=200)
    async def agreement_signature(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: Annotated[AgreementSignatureForm, _FORM],
    ) -> Template | Redirect:
        """A signer's decision on the version shown, recorded by staff; the last one makes the
        agreement effective and its terms action items."""

        async def action(viewer: Viewer, now: datetime) -> object:
            return await agreements.sign_agreement(viewer, session_id, data.signature(), now)

        return await _act(request, session_id, "agreement-signature", data, action)
