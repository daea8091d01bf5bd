"""What the record fragment shows: the session's record as the viewer may see it, with the
names of its people and the step the next action applies to."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from core.access import Viewer
from core.errors import NotFound
from hearing.agreements import service as agreements
from hearing.panel.service import panel_of
from hearing.proceedings import service as record_service
from hearing.proceedings.procedure import StepStatus
from hearing.proceedings.service import AttendanceView, SessionRecord
from hearing.proceedings.step_titles import step_title
from hearing.vocabulary import PARTY_ROLES, ParticipantRole, SessionKind
from parties.people import service as people


@dataclass(frozen=True)
class RecordShown:
    record: SessionRecord
    names: dict[UUID, str]
    #: Each step's title in the page's language (the record keeps the session's).
    step_titles: dict[str, str]
    #: The step a "complete" or "skip" acts on: the current one, or the first when the
    #: procedure has not been opened; None once it ended or finished.
    next_step: str | None
    agreement: agreements.AgreementView | None
    #: Staff may act while the minutes are not sealed (the services refuse the rest).
    editable: bool
    parties: tuple[UUID, ...]
    panel: tuple[UUID, ...]
    recusable: tuple[UUID, ...]
    consents: dict[UUID, bool]
    attendance: dict[UUID, AttendanceView]

    @property
    def is_mediation(self) -> bool:
        return self.record.session.kind == SessionKind.MEDIATION


def _next_step(record: SessionRecord) -> str | None:
    if record.procedure.ended_reason is not None:
        return None
    for wanted in (StepStatus.CURRENT, StepStatus.PENDING):
        for step in record.procedure.steps:
            if step.status == wanted:
                return step.key
    return None


async def _agreement(viewer: Viewer, record: SessionRecord) -> agreements.AgreementView | None:
    if record.session.kind != SessionKind.MEDIATION:
        return None
    try:
        return await agreements.get_agreement_for(viewer, record.session.id)
    except NotFound:
        return None


async def record_shown(viewer: Viewer, session_id: UUID, language: str) -> RecordShown:
    """The record of ``session_id`` for ``viewer`` (404 when they may not see the session)."""
    record = await record_service.session_record_for(viewer, session_id)
    session = record.session
    found = await people.get_people([p.person_id for p in session.participants])
    panel_roles = {ParticipantRole.PRESIDING_OFFICER, ParticipantRole.HEARING_OFFICER}
    return RecordShown(
        record=record,
        names={person_id: person.name for person_id, person in found.items()},
        step_titles={s.key: step_title(s.key, language) for s in record.procedure.steps},
        next_step=_next_step(record),
        agreement=await _agreement(viewer, record),
        editable=viewer.is_staff and session.minutes_sealed_at is None,
        parties=tuple(p.person_id for p in session.participants if p.role in PARTY_ROLES),
        panel=tuple(UUID(person_id) for person_id in panel_of(session)),
        recusable=tuple(p.person_id for p in session.participants if p.role in panel_roles),
        consents={c.person_id: c.consent for c in record.consents},
        attendance={a.person_id: a for a in record.attendance},
    )
