"""The composition root: routes, plugins, OpenAPI, error mapping and lifespan."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.logging.config import LoggingConfig
from litestar.middleware.base import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from piccolo.engine.postgres import PostgresEngine

from api_errors import EXTRA_PROBLEMS
from core.audit_trail.api import AuditController
from core.audit_trail.service import seal_heads_forever
from core.db import database
from core.jobs.api import JobController
from core.jobs.dispatch import in_this_process, through_queue
from core.jobs.service import Dispatch
from core.jobs.worker import in_process_worker
from core.links.api import LinkController
from core.outbox.api import OutboxController
from core.settings import get_settings
from core.sqlite_pool import PooledSQLiteEngine
from core.web.docs import docs_assets_router, docs_render_plugins
from core.web.gc_pauses import freeze_start_up_heap
from core.web.health import health
from core.web.openapi import BEARER, TruthfulErrorsPlugin
from core.web.problems import EXCEPTION_HANDLERS
from core.web.request_connection import OneConnectionPerRequest
from core.web.request_id import send_request_id
from core.web.strict_body import decode_body_strictly
from hearing.agreements.api import AgreementController
from hearing.cases import service as cases_service
from hearing.cases.api import CaseController
from hearing.cases.reviews.api import CaseReviewController
from hearing.cases.satisfaction.api import (
    CaseSatisfactionController,
    SatisfactionReportController,
)
from hearing.followup.api import ActionItemController
from hearing.jurisdictions.api import JurisdictionController
from hearing.jurisdictions.service import ensure_default_jurisdiction
from hearing.panel.api import PanelController
from hearing.proceedings.api import SessionRecordController
from hearing.proceedings.steps.api import ProcedureController
from hearing.public.api import PublicHearingController
from hearing.sessions import service as sessions_service
from hearing.sessions.api import SessionController
from jobs import OPERATIONS, concord_jobs
from minutes.archive.api import ArchiveController, ArchivedMinutesController
from minutes.archive.bags.api import MinutesBagController
from minutes.drafts.api import MinutesController, SessionMinutesController
from minutes.public.api import PublicMinutesController
from minutes.seal.api import SealController
from minutes.signing.api import SignatureController
from minutes.versions.api import MinutesVersionController
from parties.accounts.api import AuthController
from parties.accounts.middleware import (
    PUBLIC_PATHS,
    TOKEN_OR_LOGIN_PATHS,
    BearerTokenMiddleware,
)
from parties.organizations.api import OrganizationController
from parties.people.api import PeopleController
from scheduling.availability.api import AvailabilityController
from scheduling.booking import service as booking_service
from scheduling.booking.api import BookingController
from scheduling.calendars.api import CalendarImportController
from scheduling.calendars.service import refresh_calendars_forever
from scheduling.docket.api import DocketController
from scheduling.invitations.api import (
    AnswerPageController,
    CalendarFeedController,
    InvitationController,
)
from scheduling.invitations.notifications import run_notifications_forever
from scheduling.postponement.api import PostponementController
from scheduling.rooms.api import RoomController
from scheduling.slots.api import SlotSearchController
from ui.errors import unmatched_path_handler
from ui.render import template_config
from ui.routes import UI_PATHS, ui_router

#: Libraries that report every step at INFO (a font cut, a page laid out) or warn about what
#: Concord does on purpose (embedding the validation data it holds, fetching nothing).
QUIET_LIBRARY_LOGGERS: dict[str, dict[str, Any]] = {
    "fontTools": {"level": "WARNING"},
    "weasyprint": {"level": "WARNING"},
    "pyhanko.sign.signers.pdf_signer": {"level": "ERROR"},
}


async def keep_session_state(_: object) -> None:
    """Skip asyncpg's reset on every release (a round trip per query: RESET ALL, UNLISTEN, ...).
    Concord sets no session state: its only advisory lock is transaction-scoped, and asyncpg
    still rolls back a transaction left open before calling this."""


@asynccontextmanager
async def connection_pool(_: Litestar) -> AsyncIterator[None]:
    engine = database()
    pool_size = get_settings().db_pool_size
    if isinstance(engine, PooledSQLiteEngine):
        try:
            yield
        finally:
            await engine.close_connections()
        return
    if not isinstance(engine, PostgresEngine) or pool_size == 0:
        yield
        return
    await engine.start_connection_pool(min_size=1, max_size=pool_size, reset=keep_session_state)
    try:
        yield
    finally:
        await engine.close_connection_pool()


@asynccontextmanager
async def _in_background(
    loop: Callable[[], Coroutine[Any, Any, None]] | None,
) -> AsyncIterator[None]:
    """Run ``loop`` as a task while the app serves (nothing when it is None)."""
    if loop is None:
        yield
        return
    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@asynccontextmanager
async def default_jurisdiction(_: Litestar) -> AsyncIterator[None]:
    """The jurisdiction of cases that name none, from the settings on first start."""
    await ensure_default_jurisdiction(get_settings(), datetime.now(UTC))
    yield


def calendar_refresh(_: Litestar) -> AbstractAsyncContextManager[None]:
    """Re-import subscribed calendars in the background while the app runs (SQLite; on
    PostgreSQL a job does it)."""
    if get_settings().database_url:
        return _in_background(None)
    minutes = get_settings().calendar_refresh_minutes
    every = timedelta(minutes=minutes)
    return _in_background(None if minutes == 0 else lambda: refresh_calendars_forever(every))


def audit_head_sealing(_: Litestar) -> AbstractAsyncContextManager[None]:
    """Seal the audit chain's head periodically while the app runs (SQLite; on PostgreSQL a
    job does it)."""
    if get_settings().database_url:
        return _in_background(None)
    minutes = get_settings().audit_seal_minutes
    every = timedelta(minutes=minutes)
    return _in_background(None if minutes == 0 else lambda: seal_heads_forever(every))


def notification_worker(_: Litestar) -> AbstractAsyncContextManager[None]:
    """Send queued messages and reminders while the app runs (when SMTP is configured; SQLite,
    on PostgreSQL a job does it)."""
    settings = get_settings()
    if settings.database_url:
        return _in_background(None)
    every = timedelta(seconds=settings.outbox_poll_seconds)
    enabled = bool(settings.smtp_host) and settings.outbox_poll_seconds > 0
    return _in_background((lambda: run_notifications_forever(every)) if enabled else None)


@asynccontextmanager
async def background_jobs(app: Litestar) -> AsyncIterator[None]:
    """Where request work handed to the background goes (``app.state.dispatch_job``), and on
    PostgreSQL a job worker beside each app worker, unless `concord worker` processes do the
    background work (CONCORD_JOBS_IN_PROCESS=false)."""
    settings = get_settings()
    if not settings.database_url:
        async with in_this_process(OPERATIONS) as dispatch:
            app.state.dispatch_job = dispatch
            yield
        return
    jobs = concord_jobs(settings)
    async with jobs.open_async():
        app.state.dispatch_job = through_queue(jobs)
        if not settings.jobs_in_process:
            yield
            return
        async with in_process_worker(jobs, settings.jobs_concurrency):
            yield


def dispatch_job(state: State) -> Dispatch:
    dispatch: Dispatch = state.dispatch_job
    return dispatch


def people_left() -> Callable[..., Coroutine[Any, Any, None]]:
    """Hearing's proceedings take people off a session (recusal); scheduling frees their time
    and sends their cancellation. Wired here because hearing cannot import scheduling."""
    return booking_service.release_removed_people


def share_a_session() -> Callable[[UUID, UUID], Coroutine[Any, Any, bool]]:
    """Participants may see the people of their own sessions (masked); sessions are hearing's,
    people are parties', and parties cannot import hearing."""
    return sessions_service.share_a_session


def case_exists() -> Callable[[UUID], Coroutine[Any, Any, bool]]:
    """Conflicts of interest are declared on people (parties') for a case (hearing's)."""
    return cases_service.case_exists


def create_app() -> Litestar:
    return Litestar(
        route_handlers=[
            health,
            AuthController,
            OrganizationController,
            PeopleController,
            RoomController,
            AvailabilityController,
            CalendarImportController,
            JurisdictionController,
            CaseController,
            SessionController,
            SlotSearchController,
            BookingController,
            PostponementController,
            DocketController,
            InvitationController,
            CalendarFeedController,
            AnswerPageController,
            SessionRecordController,
            SessionMinutesController,
            MinutesController,
            SignatureController,
            MinutesVersionController,
            SealController,
            ArchiveController,
            ArchivedMinutesController,
            MinutesBagController,
            PublicMinutesController,
            OutboxController,
            LinkController,
            AuditController,
            JobController,
            ActionItemController,
            AgreementController,
            ProcedureController,
            CaseReviewController,
            CaseSatisfactionController,
            SatisfactionReportController,
            PanelController,
            PublicHearingController,
            docs_assets_router(),
            ui_router(),
        ],
        dependencies={
            "people_left": Provide(people_left, sync_to_thread=False),
            "share_a_session": Provide(share_a_session, sync_to_thread=False),
            "case_exists": Provide(case_exists, sync_to_thread=False),
            "dispatch_job": Provide(dispatch_job, sync_to_thread=False),
        },
        plugins=[TruthfulErrorsPlugin(PUBLIC_PATHS, TOKEN_OR_LOGIN_PATHS, EXTRA_PROBLEMS)],
        middleware=[
            OneConnectionPerRequest,
            # The pages authenticate from their session cookie (ui.session), never a bearer token.
            DefineMiddleware(BearerTokenMiddleware, exclude=[*PUBLIC_PATHS, UI_PATHS]),
        ],
        template_config=template_config(),
        exception_handlers={
            **EXCEPTION_HANDLERS,
            NotFoundException: unmatched_path_handler,
        },
        before_send=[send_request_id],
        before_request=decode_body_strictly,
        lifespan=[
            connection_pool,
            default_jurisdiction,
            calendar_refresh,
            audit_head_sealing,
            notification_worker,
            background_jobs,
            freeze_start_up_heap,
        ],
        logging_config=LoggingConfig(loggers=QUIET_LIBRARY_LOGGERS),
        openapi_config=OpenAPIConfig(
            title="Concord",
            version="0.1.0",
            description="Mediation sessions and public hearings for petition (信访) work.",
            path="/schema",
            render_plugins=docs_render_plugins(),
            components=Components(
                security_schemes={
                    BEARER: SecurityScheme(
                        type="http", scheme="bearer", description="POST /api/v1/auth/token"
                    )
                }
            ),
        ),
    )
