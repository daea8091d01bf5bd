"""Composing a session: the form posts what POST /api/v1/sessions takes, checked by the same
body type and created by the same service, so its limits and composition rules are the API's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import FormMultiDict
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from core.errors import DomainError
from core.web.guards import staff_only
from core.web.problems import status_of
from hearing.cases import service as cases
from hearing.cases.clock import Light
from hearing.sessions import service as sessions
from hearing.sessions.api import SessionCreate
from hearing.sessions.views import ParticipantRequest
from hearing.vocabulary import ParticipantRole, SessionKind
from parties.people import service as people
from parties.views import PersonView
from ui.i18n import labels
from ui.page import reader_of, signed_in_viewer
from ui.render import render
from ui.sessions.refusals import invalid_input, refusal

#: How many people a participant's list offers before a search narrows it.
PEOPLE_SHOWN = 50
#: Open cases offered in the composer's case list.
CASES_SHOWN = 200
_ROW_FIELD = re.compile(r"^participants\[(\d+)\]\.(person_id|role|required)$")
_FIELDS = ("case_id", "kind", "title", "duration_minutes", "locale", "agenda", "participants")


@dataclass(frozen=True)
class ParticipantRow:
    index: int
    person_id: str = ""
    role: str = ParticipantRole.PETITIONER.value
    required: bool = True


@dataclass(frozen=True)
class Composition:
    """The form as sent, to show again with its errors."""

    case_id: str = ""
    kind: str = SessionKind.MEDIATION.value
    title: str = ""
    duration_minutes: str = "60"
    locale: str = ""
    agenda: str = ""
    rows: tuple[ParticipantRow, ...] = (ParticipantRow(0),)


def rows_of(form: FormMultiDict) -> tuple[ParticipantRow, ...]:
    """The participant rows in their order on the page, numbered again from 0 so that the
    API's field names (``participants[1].role``) point at the row shown second."""
    cells: dict[int, dict[str, str]] = {}
    for name, value in form.multi_items():
        found = _ROW_FIELD.match(name)
        if found:
            cells.setdefault(int(found.group(1)), {})[found.group(2)] = str(value)
    return tuple(
        ParticipantRow(
            position,
            cells[index].get("person_id", ""),
            cells[index].get("role", ""),
            cells[index].get("required") == "true",
        )
        for position, index in enumerate(sorted(cells))
    )


def composition_of(form: FormMultiDict) -> Composition:
    text = {name: str(form.get(name, "")) for name in _FIELDS}
    return Composition(
        case_id=text["case_id"],
        kind=text["kind"],
        title=text["title"],
        duration_minutes=text["duration_minutes"],
        locale=text["locale"],
        agenda=text["agenda"],
        rows=rows_of(form),
    )


def request_body(composition: Composition) -> dict[str, Any]:
    """The API's JSON body for the form; an empty field is left out, so that it is refused as
    missing (a required field) or takes the API's default."""
    body: dict[str, Any] = {
        name: value
        for name, value in (
            ("case_id", composition.case_id),
            ("kind", composition.kind),
            ("title", composition.title.strip()),
            ("duration_minutes", composition.duration_minutes.strip()),
            ("locale", composition.locale),
        )
        if value
    }
    body["agenda"] = [line.strip() for line in composition.agenda.splitlines() if line.strip()]
    body["participants"] = [
        {
            **({"person_id": row.person_id} if row.person_id else {}),
            **({"role": row.role} if row.role else {}),
            "required": row.required,
        }
        for row in composition.rows
    ]
    return body


def shown_fields(composition: Composition) -> set[str]:
    rows = {
        f"participants[{row.index}].{name}"
        for row in composition.rows
        for name in ("person_id", "role", "required")
    }
    return {*_FIELDS, *rows}


async def _people_offered(chosen: list[str]) -> list[PersonView]:
    """The first people by name, and whoever a row has chosen already."""
    first, _ = await people.list_people(PEOPLE_SHOWN, 0)
    ids = {person.id for person in first}
    wanted = [UUID(value) for value in chosen if _is_uuid(value)]
    extra = await people.get_people([person_id for person_id in wanted if person_id not in ids])
    return sorted([*first, *extra.values()], key=lambda person: person.name)


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


async def _composer_page(
    request: Request[Any, Any, Any],
    composition: Composition,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    viewer = signed_in_viewer(request)
    reader = await reader_of(request)
    found, _ = await cases.list_cases(viewer, CASES_SHOWN, 0, cases.CaseFilter(), datetime.now(UTC))
    context = {
        "form": composition,
        "locale": composition.locale or reader.language,
        "open_cases": [case for case in found if case.light != Light.CLOSED],
        "kinds": [kind.value for kind in SessionKind],
        "roles": [role.value for role in ParticipantRole],
        "people": await _people_offered([row.person_id for row in composition.rows]),
        "errors": errors or {},
    }
    return await render(
        request, "sessions/composer.html", context, status_code=status_code, reader=reader
    )


class ComposerController(Controller):
    path = "/ui/sessions"
    include_in_schema = False
    guards = [staff_only]  # noqa: RUF012 (Litestar's own attribute, a list)

    @get("/new")
    async def show(self, request: Request[Any, Any, Any], case_id: FromQuery[str] = "") -> Template:
        return await _composer_page(request, Composition(case_id=case_id))

    @post("/new", status_code=303)
    async def create(self, request: Request[Any, Any, Any]) -> Redirect | Template:
        composition = composition_of(await request.form())
        catalog = labels((await reader_of(request)).language)
        shown = shown_fields(composition)
        try:
            body = msgspec.convert(request_body(composition), SessionCreate, strict=False)
        except msgspec.ValidationError as invalid:
            errors = invalid_input(invalid, catalog, shown)
            return await _composer_page(request, composition, errors, status_code=400)
        try:
            session = await sessions.create_session(
                kind=body.kind,
                case_id=body.case_id,
                title=body.title,
                duration_minutes=body.duration_minutes,
                locale=body.locale,
                participants=[
                    ParticipantRequest(p.person_id, p.role, p.required) for p in body.participants
                ],
                agenda=list(body.agenda),
                now=datetime.now(UTC),
            )
        except DomainError as refused:
            errors = refusal(refused, catalog, shown)
            return await _composer_page(request, composition, errors, status_of(refused))
        return Redirect(f"/ui/sessions/{session.id}", status_code=303)

    @get("/new/participant")
    async def participant_row(
        self, request: Request[Any, Any, Any], index: FromQuery[int] = 1
    ) -> Template:
        """One more participant row (htmx), and the add button that will ask for the next."""
        context = {
            "row": ParticipantRow(index),
            "roles": [role.value for role in ParticipantRole],
            "people": await _people_offered([]),
            "errors": {},
            "next_index": index + 1,
        }
        return await render(request, "sessions/_participant_added.html", context)

    @get("/people")
    async def people_named(
        self, request: Request[Any, Any, Any], q: FromQuery[str] = ""
    ) -> Template:
        """The options of a participant's list narrowed to the name searched for (htmx)."""
        found, _ = await people.list_people(PEOPLE_SHOWN, 0, name=q.strip() or None)
        return await render(request, "sessions/_people_options.html", {"people": found})
