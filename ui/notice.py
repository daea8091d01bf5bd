"""/ui/hearings/{id}/notice: a public hearing's public notice and the observer registration form,
for anyone, over the same services as GET /notice and POST /observers (no personal data of the
parties: the notice is the service's, already cut to what the public may know)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Template

from core.errors import Conflict, RuleViolation, TooManyRequests
from core.public_requests import count_public_request
from core.settings import get_settings
from core.web.client_address import client_address
from core.web.wire import Email, Name
from hearing.public import service as public
from hearing.public.service import OBSERVER_REGISTRATION, ObserverView
from ui.forms import PageForm
from ui.i18n import LANGUAGE_COOKIE, choose_language
from ui.page import Reader
from ui.render import render
from ui.session import PUBLIC_PAGE


class RegistrationForm(PageForm, kw_only=True):
    # Checked against the API's own types after decoding, so an empty or malformed one is
    # answered next to its field rather than as a bad request.
    name: Annotated[str, msgspec.Meta(max_length=200)] = ""
    email: Annotated[str, msgspec.Meta(max_length=254)] = ""


def _field_errors(form: RegistrationForm) -> dict[str, str]:
    errors = {}
    for field, value, wire_type in (("name", form.name, Name), ("email", form.email, Email)):
        if not value.strip():
            errors[field] = "pparty_error_required"
            continue
        try:
            msgspec.convert(value.strip(), wire_type)
        except msgspec.ValidationError:
            errors[field] = f"pparty_error_invalid_{field}"
    return errors


async def _notice_page(
    request: Request[Any, Any, Any],
    session_id: UUID,
    *,
    form: RegistrationForm | None = None,
    errors: dict[str, str] | None = None,
    registered: ObserverView | None = None,
    status_code: int = 200,
) -> Template:
    notice = await public.notice_of(session_id)
    # The public has no zone of its own: times are the hearing's, where it takes place.
    reader = Reader(
        None, choose_language(request.cookies.get(LANGUAGE_COOKIE), None), notice.timezone
    )
    context = {
        "notice": notice,
        "session_id": session_id,
        "form": form or RegistrationForm(),
        "errors": errors or {},
        "registered": registered,
        "here": f"/ui/hearings/{session_id}/notice",
    }
    return await render(
        request, "notice/notice.html", context, status_code=status_code, reader=reader
    )


class NoticePageController(Controller):
    path = "/ui/hearings/{session_id:uuid}/notice"
    include_in_schema = False

    @get("/", opt=PUBLIC_PAGE)
    async def show(self, request: Request[Any, Any, Any], session_id: FromPath[UUID]) -> Template:
        return await _notice_page(request, session_id)

    @post("/", status_code=200, opt=PUBLIC_PAGE)
    async def register(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: Annotated[RegistrationForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Template:
        now = datetime.now(UTC)
        errors = _field_errors(data)
        if errors:
            return await _notice_page(
                request, session_id, form=data, errors=errors, status_code=400
            )
        try:
            # Counted with the API's registrations: the page is no way round its limit.
            await count_public_request(
                OBSERVER_REGISTRATION,
                client_address(request),
                now,
                get_settings().public_requests_per_minute,
            )
            observer = await public.register_observer(
                session_id, data.name.strip(), data.email.strip(), now
            )
        except TooManyRequests as refused:
            page = await _notice_page(
                request,
                session_id,
                form=data,
                errors={"form": "pparty_error_too_many_requests"},
                status_code=429,
            )
            page.headers["Retry-After"] = str(refused.retry_after_seconds)
            return page
        except (Conflict, RuleViolation) as refused:
            field = refused.field if refused.field in ("name", "email") else "form"
            key = f"pparty_error_{refused.code}"
            return await _notice_page(
                request,
                session_id,
                form=data,
                errors={field: key},
                status_code=409 if isinstance(refused, Conflict) else 422,
            )
        return await _notice_page(request, session_id, registered=observer)
