"""HTTP endpoints the public uses without logging in: a public hearing's notice and observer
registration (the paths are listed in ``PUBLIC_PATHS``)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from core.web.guards import throttled_per_address
from core.web.wire import Body, Email, Name, Token
from hearing.public import service
from hearing.public.seating import ObserverStatus
from hearing.public.service import ObserverView


class PlaceRead(msgspec.Struct):
    name: str
    address: str


class RegistrationRead(msgspec.Struct):
    url: str
    method: str
    fields: list[str]


class NoticeRead(msgspec.Struct):
    session_id: UUID
    title: str
    matter: str
    start: datetime
    end: datetime
    timezone: str
    place: PlaceRead
    public_seats: int
    seats_left: int
    how_to_register: str
    registration: RegistrationRead


class ObserverIn(Body):
    name: Name
    email: Email


class CancelIn(Body):
    cancel_token: Token


class ObserverRead(msgspec.Struct, omit_defaults=True):
    id: UUID
    status: ObserverStatus
    cancel_token: str | None = None


def _observer_read(observer: ObserverView) -> ObserverRead:
    return ObserverRead(observer.id, ObserverStatus(observer.status), observer.cancel_token)


class PublicHearingController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}"
    tags = ["public hearings"]

    @get("/notice", operation_id="getPublicNotice")
    async def notice(self, session_id: FromPath[UUID]) -> NoticeRead:
        notice = await service.notice_of(session_id)
        return NoticeRead(
            session_id=session_id,
            title=notice.title,
            matter=notice.matter,
            start=notice.start,
            end=notice.end,
            timezone=notice.timezone,
            place=PlaceRead(notice.place.name, notice.place.address),
            public_seats=notice.public_seats,
            seats_left=notice.seats_left,
            how_to_register=notice.how_to_register,
            registration=RegistrationRead(
                notice.register_url, "POST", list(notice.register_fields)
            ),
        )

    @post(
        "/observers",
        operation_id="registerObserver",
        # No login to count: an address registering many is counted, with the notice page's.
        guards=[throttled_per_address(service.OBSERVER_REGISTRATION)],
    )
    async def register(
        self, session_id: FromPath[UUID], data: JSONBody[ObserverIn]
    ) -> ObserverRead:
        observer = await service.register_observer(
            session_id, data.name, data.email, datetime.now(UTC)
        )
        return _observer_read(observer)

    @post("/observers/{observer_id:uuid}/cancel", operation_id="cancelObserver", status_code=200)
    async def cancel(
        self, session_id: FromPath[UUID], observer_id: FromPath[UUID], data: JSONBody[CancelIn]
    ) -> ObserverRead:
        observer = await service.cancel_registration(
            session_id, observer_id, data.cancel_token, datetime.now(UTC)
        )
        return _observer_read(observer)
