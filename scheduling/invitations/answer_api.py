"""The answer page of an invitation: opened from the link in the email, no login needed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery

from core.settings import get_settings
from scheduling.invitations import service as invite_service
from scheduling.invitations.answer_page import AnswerPage, render_answer_page

Token = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class AnswerForm(msgspec.Struct):
    token: Token
    partstat: Literal["ACCEPTED", "DECLINED", "TENTATIVE"]


def _action(session_id: UUID) -> str:
    return f"{get_settings().public_url}/api/v1/sessions/{session_id}/answer"


def _html(page: AnswerPage) -> Response[str]:
    return Response(
        render_answer_page(page),
        media_type=MediaType.HTML,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


class AnswerPageController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}/answer"
    tags = ("calendars",)

    @get("/", operation_id="showAnswerPage", media_type=MediaType.HTML, exclude_from_auth=True)
    async def show(self, session_id: FromPath[UUID], token: FromQuery[Token]) -> Response[str]:
        """The session and three buttons; opening the page records nothing."""
        person_id = invite_service.person_of_rsvp_token(session_id, token)
        view = await invite_service.answer_view(session_id, person_id)
        return _html(
            AnswerPage(view.facts, view.partstat, token, _action(session_id), view.cancelled)
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
        person_id = invite_service.person_of_rsvp_token(session_id, data.token)
        answer = await invite_service.answer_invitation(
            session_id, person_id, data.partstat, datetime.now(UTC)
        )
        view = await invite_service.answer_view(session_id, person_id)
        return _html(
            AnswerPage(
                view.facts,
                view.partstat,
                data.token,
                _action(session_id),
                view.cancelled,
                recorded=True,
                new_slot=answer.needs_new_slot and data.partstat == "DECLINED",
            )
        )
