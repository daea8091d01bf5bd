"""Every page behind one router: the cookie session, the pages' error pages and assets."""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.middleware.base import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler, PathType

from ui.archive import ArchiveController
from ui.csrf import csrf_config
from ui.dashboard import DashboardController
from ui.errors import PAGE_EXCEPTION_HANDLERS
from ui.followup import ActionItemsController
from ui.language import LanguageController
from ui.login import LoginController
from ui.notice import NoticePageController
from ui.participant.pages import ParticipantPageController
from ui.record.minutes_pages import MinutesDownloadController, MinutesPageController
from ui.record.record_pages import RecordPageController
from ui.session import PUBLIC_PAGE, CookieSessionMiddleware
from ui.sessions.case_page import CasePageController
from ui.sessions.composer import ComposerController
from ui.sessions.session_page import SessionPageController

#: Every path the pages' router serves (the app's bearer-token middleware leaves them alone).
UI_PATHS = "^/ui(/|$)"
HERE = Path(__file__).parent
#: Concord's own stylesheet (committed) and the scripts fetched by `make install` (htmx).
STATIC_DIRECTORIES: list[PathType] = [HERE / "static", HERE / "vendor"]
#: A new page's controller joins this list.
PAGE_CONTROLLERS: list[ControllerRouterHandler] = [
    LoginController,
    LanguageController,
    DashboardController,
    ComposerController,
    SessionPageController,
    CasePageController,
    RecordPageController,
    MinutesPageController,
    MinutesDownloadController,
    ArchiveController,
    ActionItemsController,
    ParticipantPageController,
    NoticePageController,
]


def ui_router() -> Router:
    return Router(
        path="/",
        route_handlers=[
            *PAGE_CONTROLLERS,
            create_static_files_router(
                path="/ui/static",
                directories=STATIC_DIRECTORIES,
                include_in_schema=False,
                opt=PUBLIC_PAGE,
            ),
        ],
        middleware=[
            DefineMiddleware(CSRFMiddleware, config=csrf_config()),
            CookieSessionMiddleware(),
        ],
        exception_handlers=PAGE_EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        include_in_schema=False,
    )
