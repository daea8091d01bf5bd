"""HTTP endpoints for people."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from core.web.guards import account_of, staff_only
from core.web.paging import Limit, Offset, changes_of
from core.web.wire import Body, Email, Name, Phone, Reason, SingleLine, Zone
from parties.people import service

#: The format only; the check character and the birth date are checked by the service (422).
IdNumber = Annotated[str, msgspec.Meta(pattern=r"^(?:[0-9]{17}[0-9Xx]|[0-9]{15})$")]


Address = Annotated[SingleLine, msgspec.Meta(min_length=1, max_length=300)]


Locale = Literal["en", "zh-CN"]


class PersonCreate(Body):
    name: Name
    email: Email
    phone: Phone | None = None
    id_number: IdNumber | None = None
    address: Address | None = None
    timezone: Zone = "Asia/Shanghai"
    locale: Locale = "zh-CN"
    organization_id: UUID | None = None


class PersonUpdate(Body, omit_defaults=True):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    email: Email | msgspec.UnsetType = msgspec.UNSET
    phone: Phone | msgspec.UnsetType | None = msgspec.UNSET
    id_number: IdNumber | msgspec.UnsetType | None = msgspec.UNSET
    address: Address | msgspec.UnsetType | None = msgspec.UNSET
    timezone: Zone | msgspec.UnsetType = msgspec.UNSET
    locale: Locale | msgspec.UnsetType = msgspec.UNSET
    organization_id: UUID | msgspec.UnsetType | None = msgspec.UNSET


class PersonRead(msgspec.Struct):
    """Phone, email, ID number and address are masked (138****5678) unless the viewer is
    staff or the person themselves."""

    id: UUID
    name: str
    email: str
    timezone: str
    locale: str
    phone: str | None = None
    id_number: str | None = None
    address: str | None = None
    organization_id: UUID | None = None
    calendar_feed_url: str | None = None


class PersonList(msgspec.Struct):
    items: list[PersonRead]
    total: int
    limit: int
    offset: int


class ConflictCreate(Body):
    case_id: UUID
    reason: Annotated[Reason, msgspec.Meta(min_length=1)]


def person_read(shown: service.PersonShown) -> PersonRead:
    """The person as the wire shows them; the service decided what is masked."""
    person = shown.person
    return PersonRead(
        id=person.id,
        name=person.name,
        email=person.email,
        timezone=person.timezone,
        locale=person.locale,
        phone=person.phone,
        id_number=person.id_number,
        address=person.address,
        organization_id=person.organization_id,
        calendar_feed_url=shown.calendar_feed_url,
    )


class PeopleController(Controller):
    path = "/api/v1/people"
    tags = ["people"]

    @post("/", operation_id="createPerson", guards=[staff_only])
    async def create_person(
        self, request: Request[Any, Any, Any], data: JSONBody[PersonCreate]
    ) -> PersonRead:
        person = await service.create_person(msgspec.structs.asdict(data))
        return person_read(service.shown_to(account_of(request), person))

    @get("/", operation_id="listPeople", guards=[staff_only])
    async def list_people(
        self,
        request: Request[Any, Any, Any],
        limit: Limit = 50,
        offset: Offset = 0,
        name: FromQuery[str | None] = None,
        email: FromQuery[str | None] = None,
        organization_id: FromQuery[UUID | None] = None,
    ) -> PersonList:
        people, total = await service.list_people(limit, offset, name, organization_id, email)
        viewer = account_of(request)
        items = [person_read(service.shown_to(viewer, person)) for person in people]
        return PersonList(items=items, total=total, limit=limit, offset=offset)

    @get("/{person_id:uuid}", operation_id="getPerson")
    async def get_person(
        self,
        request: Request[Any, Any, Any],
        person_id: FromPath[UUID],
        share_a_session: NamedDependency[service.ShareASession],
    ) -> PersonRead:
        """``share_a_session`` is wired by the composition root (app.py)."""
        viewer = account_of(request)
        return person_read(await service.person_for(viewer, person_id, share_a_session))

    @patch("/{person_id:uuid}", operation_id="updatePerson", guards=[staff_only])
    async def update_person(
        self,
        request: Request[Any, Any, Any],
        person_id: FromPath[UUID],
        data: JSONBody[PersonUpdate],
    ) -> PersonRead:
        person = await service.update_person(person_id, changes_of(data))
        return person_read(service.shown_to(account_of(request), person))

    @delete("/{person_id:uuid}", operation_id="deletePerson", guards=[staff_only])
    async def delete_person(self, person_id: FromPath[UUID]) -> None:
        await service.delete_person(person_id)

    @post(
        "/{person_id:uuid}/calendar-feed/rotate", operation_id="rotateCalendarFeed", status_code=200
    )
    async def rotate_feed(
        self, request: Request[Any, Any, Any], person_id: FromPath[UUID]
    ) -> PersonRead:
        return person_read(await service.rotate_calendar_feed(account_of(request), person_id))

    @post(
        "/{person_id:uuid}/conflicts",
        operation_id="declareConflict",
        status_code=204,
        guards=[staff_only],
    )
    async def declare_conflict(
        self,
        person_id: FromPath[UUID],
        data: JSONBody[ConflictCreate],
        case_exists: NamedDependency[service.CaseExists],
    ) -> None:
        """``case_exists`` is wired by the composition root (app.py)."""
        await service.declare_conflict(
            person_id, data.case_id, data.reason, datetime.now(UTC), case_exists
        )
