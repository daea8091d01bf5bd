"""/ui/p/{token}: the page behind the link emailed to a participant, without a login.

A participant-page token (core.links.participant) opens the person's own page: their
sessions, accept / decline, the minutes to read, sign or refuse. Its forms post back under the
same token with the pages' CSRF token; what they do is decided by the same services as the API,
given the viewer the link stands for.

A signing token (minutes.signing.links), as every signing email carried before, still opens the
signing page of its one version, and that page's form keeps posting to /ui/p/{token} itself:
those three handlers keep their operation ids and problem responses.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Template

from core.access import Viewer
from core.errors import Conflict, DomainError, NotFound, RuleViolation, Unauthorized
from core.links.participant import is_participant_page_token, link_viewer, person_of_page_token
from core.web.guards import throttled_per_address
from core.web.problems import EXCEPTION_HANDLERS, status_of
from core.web.wire import Reason
from minutes.drafts import service as minutes_service
from minutes.signing import service as signing
from minutes.signing.links import SIGNING_LINKS
from minutes.signing.page import SigningPage, render_signing_page
from minutes.vocabulary import Decision
from parties.people import service as people
from scheduling.invitations import service as invitations
from ui.forms import PageForm
from ui.i18n import LANGUAGE_COOKIE, choose_language
from ui.page import Reader
from ui.participant.view import own_sessions
from ui.render import render
from ui.session import PUBLIC_PAGE

Sha256 = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]
#: The URL is the credential: keep it out of caches and out of other sites' logs.
PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
#: The signing page's form predates the pages' CSRF token and posts none: its signing token in
#: the URL is the credential, which a forging site does not have.
LEGACY_FORM = {**PUBLIC_PAGE, "exclude_from_csrf": True}


class SigningForm(msgspec.Struct):
    """The signing page's form (no CSRF field: see LEGACY_FORM)."""

    decision: Literal["sign", "refuse"]
    reason: Reason | None = None


class RsvpForm(PageForm, kw_only=True):
    partstat: Literal["ACCEPTED", "DECLINED", "TENTATIVE"]


class SignatureForm(PageForm, kw_only=True):
    decision: Literal["sign", "refuse"]
    version_sha256: Sha256
    reason: Reason | None = None


def _wants_html(request: Request[Any, Any, Any]) -> bool:
    return "text/html" in request.headers.get("accept", "")


async def _viewer_of_link(token: str, now: datetime) -> Viewer:
    """Who the page's link stands for (401 unless it is a live page link)."""
    person = await people.get_person(await person_of_page_token(token, now))
    return link_viewer(person.id, person.email)


async def _refusal(request: Request[Any, Any, Any], refused: Unauthorized) -> Template:
    """A link that does not work: to a browser, said so in words (401, nothing shown or
    stored); to any other client, the API's problem response."""
    if not _wants_html(request):
        raise refused
    reader = Reader(None, choose_language(request.cookies.get(LANGUAGE_COOKIE), None), "UTC")
    page = await render(
        request,
        "participant/refused.html",
        {"code": refused.code, "here": request.url.path},
        status_code=401,
        reader=reader,
    )
    page.headers.update(PRIVATE_HEADERS)
    page.media_type = MediaType.HTML
    return page


async def _own_page(
    request: Request[Any, Any, Any],
    token: str,
    *,
    done: tuple[UUID, str] | None = None,
    problem: tuple[UUID, DomainError] | None = None,
) -> Template:
    """The person's page; ``done`` (the session or minutes acted on, what was recorded) or
    ``problem`` (where, and the refusal) says what became of the form just sent."""
    now = datetime.now(UTC)
    person = await people.get_person(await person_of_page_token(token, now))
    viewer = link_viewer(person.id, person.email)
    language = choose_language(request.cookies.get(LANGUAGE_COOKIE), person.locale)
    reader = Reader(None, language, person.timezone)
    found = await own_sessions(viewer, now)
    page = await render(
        request,
        "participant/page.html",
        {
            "person": person,
            "zone": person.timezone,
            "upcoming": found.upcoming,
            "recent": found.recent,
            "base": f"/ui/p/{token}",
            # The language switch comes back to the page, not to the form's address.
            "here": f"/ui/p/{token}",
            "done": done,
            "problem": problem,
            "elsewhere": problem is not None and not found.shows(problem[0]),
        },
        status_code=200 if problem is None else status_of(problem[1]),
        reader=reader,
    )
    page.headers.update(PRIVATE_HEADERS)
    return page


def _legacy_html(page: SigningPage) -> Response[str]:
    return Response(
        render_signing_page(page),
        media_type=MediaType.HTML,
        status_code=200 if page.problem is None else status_of(page.problem),
        headers=PRIVATE_HEADERS,
    )


class ParticipantPageController(Controller):
    path = "/ui/p/{token:str}"
    include_in_schema = False
    # Anyone may try a link; an address trying many is guessing.
    guards = (throttled_per_address(SIGNING_LINKS),)
    # Problems as the API answers them (the signing page's clients read them); a person's
    # browser asking for a page gets the refusal page instead (see the handlers).
    exception_handlers = EXCEPTION_HANDLERS  # type: ignore[assignment]

    @get(
        "/",
        operation_id="showSigningPage",
        media_type=MediaType.HTML,
        include_in_schema=True,
        opt=PUBLIC_PAGE,
    )
    async def show(self, request: Request[Any, Any, Any], token: FromPath[str]) -> Response[Any]:
        """The participant's own page, or a signing link's page; opening it records nothing
        (mail scanners follow links)."""
        try:
            if is_participant_page_token(token):
                return await _own_page(request, token)
            return _legacy_html(await signing.signing_page(token, datetime.now(UTC)))
        except Unauthorized as refused:
            return await _refusal(request, refused)

    @post(
        "/",
        operation_id="answerOnSigningPage",
        media_type=MediaType.HTML,
        status_code=200,
        include_in_schema=True,
        opt=LEGACY_FORM,
    )
    async def answer(
        self,
        token: FromPath[str],
        data: Annotated[SigningForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Response[str]:
        """A button pressed on a signing link's page: records the answer as the API does."""
        page = await signing.answer_on_page(
            token, Decision(data.decision), data.reason, datetime.now(UTC)
        )
        return _legacy_html(page)

    @get(
        "/minutes.pdf",
        operation_id="getSigningPagePdf",
        media_type="application/pdf",
        include_in_schema=True,
        opt=PUBLIC_PAGE,
    )
    async def legacy_pdf(self, token: FromPath[str]) -> Response[bytes]:
        """The version a signing link asks its person to sign."""
        data, sha256 = await signing.signing_pdf(token, datetime.now(UTC))
        return _pdf(data, sha256)

    @post(
        "/sessions/{session_id:uuid}/rsvp",
        status_code=200,
        include_in_schema=False,
        opt=PUBLIC_PAGE,
    )
    async def rsvp(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        session_id: FromPath[UUID],
        data: Annotated[RsvpForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Template:
        """Accept or decline: the RSVP API's answer by the person themselves."""
        now = datetime.now(UTC)
        try:
            viewer = await _viewer_of_link(token, now)
            await invitations.answer_by_login(viewer, session_id, None, data.partstat, now)
        except Unauthorized as refused:
            return await _refusal(request, refused)
        except (Conflict, RuleViolation, NotFound) as refused:
            return await _own_page(request, token, problem=(session_id, refused))
        return await _own_page(request, token, done=(session_id, data.partstat))

    @post(
        "/minutes/{minutes_id:uuid}/signatures",
        status_code=200,
        include_in_schema=False,
        opt=PUBLIC_PAGE,
    )
    async def sign(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        minutes_id: FromPath[UUID],
        data: Annotated[SignatureForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Template:
        """Sign or refuse, for the version the page showed: the signing service's rules."""
        now = datetime.now(UTC)
        try:
            viewer = await _viewer_of_link(token, now)
            await signing.record_answer_on_own_page(
                viewer, minutes_id, Decision(data.decision), data.version_sha256, data.reason, now
            )
        except Unauthorized as refused:
            return await _refusal(request, refused)
        except (Conflict, RuleViolation, NotFound) as refused:
            return await _own_page(request, token, problem=(minutes_id, refused))
        return await _own_page(request, token, done=(minutes_id, data.decision))

    @get(
        "/minutes/{minutes_id:uuid}/pdf",
        media_type="application/pdf",
        include_in_schema=False,
        opt=PUBLIC_PAGE,
    )
    async def pdf(
        self, request: Request[Any, Any, Any], token: FromPath[str], minutes_id: FromPath[UUID]
    ) -> Response[Any]:
        """The minutes as the person may read them: the version to sign, or the sealed PDF."""
        now = datetime.now(UTC)
        try:
            viewer = await _viewer_of_link(token, now)
        except Unauthorized as refused:
            return await _refusal(request, refused)
        data, sha256 = await minutes_service.minutes_pdf(viewer, minutes_id)
        return _pdf(data, sha256)


def _pdf(data: bytes, sha256: str) -> Response[bytes]:
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="minutes-{sha256[:12]}.pdf"',
            "X-Content-SHA256": sha256,
            **PRIVATE_HEADERS,
        },
    )
