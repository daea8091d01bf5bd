"""HTTP endpoints for booking, holding, rescheduling and cancelling a session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from litestar import Controller, delete, post
from litestar.params import FromPath, JSONBody

from core.clock import require_aware
from core.settings import get_settings
from core.web.guards import staff_only
from core.web.wire import Body
from hearing.sessions.wire import SessionRead, session_read
from scheduling.availability.api import Reason
from scheduling.booking import service as booking_service


class BookingIn(Body):
    start: datetime
    room_id: UUID


class RescheduleIn(Body):
    start: datetime
    room_id: UUID
    reason: Reason


class CancelIn(Body):
    reason: Reason


class BookingController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}"
    tags = ["scheduling"]

    @post("/booking", operation_id="bookSession", guards=[staff_only])
    async def book(self, session_id: FromPath[UUID], data: JSONBody[BookingIn]) -> SessionRead:
        require_aware(data.start, "start")
        session = await booking_service.book_session(
            session_id, data.start, data.room_id, datetime.now(UTC)
        )
        return session_read(session)

    @post("/hold", operation_id="holdSlot", guards=[staff_only])
    async def hold(self, session_id: FromPath[UUID], data: JSONBody[BookingIn]) -> SessionRead:
        """Hold a slot tentatively (CONCORD_HOLD_MINUTES); book it later to confirm."""
        require_aware(data.start, "start")
        session = await booking_service.hold_session(
            session_id,
            data.start,
            data.room_id,
            datetime.now(UTC),
            timedelta(minutes=get_settings().hold_minutes),
        )
        return session_read(session)

    @post("/reschedule", operation_id="rescheduleSession", status_code=200, guards=[staff_only])
    async def reschedule(
        self, session_id: FromPath[UUID], data: JSONBody[RescheduleIn]
    ) -> SessionRead:
        require_aware(data.start, "start")
        session = await booking_service.reschedule_session(
            session_id, data.start, data.room_id, data.reason, datetime.now(UTC)
        )
        return session_read(session)

    @post("/cancel", operation_id="cancelSession", status_code=200, guards=[staff_only])
    async def cancel(self, session_id: FromPath[UUID], data: JSONBody[CancelIn]) -> SessionRead:
        return session_read(
            await booking_service.cancel_session(session_id, data.reason, datetime.now(UTC))
        )

    @delete(
        "/participants/{person_id:uuid}",
        operation_id="removeParticipant",
        status_code=200,
        guards=[staff_only],
    )
    async def remove_participant(
        self, session_id: FromPath[UUID], person_id: FromPath[UUID]
    ) -> SessionRead:
        """Take someone off the session: their invite.ics becomes a CANCEL for them alone."""
        return session_read(
            await booking_service.remove_participant(session_id, person_id, datetime.now(UTC))
        )
