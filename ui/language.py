"""The language switch in every page's header: remembered in a cookie for a year."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, Request, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from ui.forms import PageForm
from ui.i18n import LANGUAGE_COOKIE
from ui.session import COOKIE_PATH, PUBLIC_PAGE, safe_next

ONE_YEAR = 365 * 24 * 3600


class LanguageForm(PageForm):
    lang: Literal["zh-CN", "en"] = "zh-CN"
    next: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class LanguageController(Controller):
    path = "/ui/language"
    include_in_schema = False

    @post("/", status_code=303, opt=PUBLIC_PAGE)
    async def switch(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[LanguageForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Redirect:
        redirect = Redirect(safe_next(data.next), status_code=303)
        redirect.set_cookie(
            LANGUAGE_COOKIE, data.lang, path=COOKIE_PATH, max_age=ONE_YEAR, samesite="lax"
        )
        return redirect
