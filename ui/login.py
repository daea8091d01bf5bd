"""Logging in and out of the pages, through the accounts' own use cases (throttle, audit and
the constant-time password check come with them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template

from core.errors import TooManyRequests, Unauthorized
from core.web.client_address import client_address
from parties.accounts import service as accounts
from ui.forms import PageForm
from ui.page import signed_in_viewer
from ui.render import render
from ui.session import PUBLIC_PAGE, end_session, safe_next, start_session


class LoginForm(PageForm):
    # Limits as the API's TokenRequest; empty ones are answered next to the field.
    email: Annotated[str, msgspec.Meta(max_length=254)] = ""
    password: Annotated[str, msgspec.Meta(max_length=200)] = ""
    next: Annotated[str, msgspec.Meta(max_length=2000)] = ""


Form = Annotated[LoginForm, Body(media_type=RequestEncodingType.URL_ENCODED)]


async def _login_page(
    request: Request[Any, Any, Any],
    *,
    email: str = "",
    target: str = "/ui/",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    context = {"email": email, "next": target, "errors": errors or {}}
    return await render(request, "login.html", context, status_code=status_code)


class LoginController(Controller):
    path = "/ui"
    include_in_schema = False

    @get("/login", opt=PUBLIC_PAGE)
    async def show(self, request: Request[Any, Any, Any], next: FromQuery[str] = "") -> Template:
        return await _login_page(request, target=safe_next(next))

    @post("/login", status_code=303, opt=PUBLIC_PAGE)
    async def log_in(self, request: Request[Any, Any, Any], data: Form) -> Redirect | Template:
        target = safe_next(data.next)
        missing = {
            field: "error_required"
            for field, value in (("email", data.email), ("password", data.password))
            if not value
        }
        if missing:
            return await _login_page(
                request, email=data.email, target=target, errors=missing, status_code=400
            )
        try:
            pair = await accounts.issue_token(
                data.email, data.password, datetime.now(UTC), address=client_address(request)
            )
        except Unauthorized:
            errors = {"password": "error_invalid_credentials"}
            return await _login_page(
                request, email=data.email, target=target, errors=errors, status_code=401
            )
        except TooManyRequests as refused:
            page = await _login_page(
                request,
                email=data.email,
                target=target,
                errors={"form": "error_throttled"},
                status_code=429,
            )
            page.headers["Retry-After"] = str(refused.retry_after_seconds)
            return page
        redirect = Redirect(target, status_code=303)
        start_session(redirect, pair.access_token, pair.expires_in)
        return redirect

    @post("/logout", status_code=303)
    async def log_out(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[PageForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Redirect:
        await accounts.log_out(signed_in_viewer(request), str(request.auth), datetime.now(UTC))
        redirect = Redirect("/ui/login", status_code=303)
        end_session(redirect)
        return redirect
