"""HTTP endpoints for postponing, suspending and resuming a session; the service decides who."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from litestar import Controller, Request, post
from litestar.params import FromPath, JSONBody

from core.clock import require_aware
from core.web.guards import account_of
from core.web.wire import Body, Reason
from hearing.sessions.wire import SessionRead, session_read
from scheduling.postponement import service


class InterruptionIn(Body):
    # Missing or blank is refused by the rule itself (422 reason_required), not by the decoder.
    reason: Reason = ""


class ResumeIn(Body):
    start: datetime
    room_id: UUID


class PostponementController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}"
    tags = ["scheduling"]

    @post("/postpone", operation_id="postponeSession", status_code=200)
    async def postpone(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: JSONBody[InterruptionIn],
    ) -> SessionRead:
        """延期: before the session starts, with its grounds; the booked time is freed."""
        view = await service.postpone_session(
            account_of(request), session_id, data.reason, datetime.now(UTC)
        )
        return session_read(view)

    @post("/suspend", operation_id="suspendSession", status_code=200)
    async def suspend(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: JSONBody[InterruptionIn],
    ) -> SessionRead:
        """中止: while the session runs, with its grounds; the procedure keeps its state."""
        view = await service.suspend_session(
            account_of(request), session_id, data.reason, datetime.now(UTC)
        )
        return session_read(view)

    @post("/resume", operation_id="resumeSession", status_code=200)
    async def resume(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID], data: JSONBody[ResumeIn]
    ) -> SessionRead:
        """Book the new time (new notice, updated invitations); the procedure goes on."""
        require_aware(data.start, "start")
        view = await service.resume_session(
            account_of(request), session_id, data.start, data.room_id, datetime.now(UTC)
        )
        return session_read(view)
