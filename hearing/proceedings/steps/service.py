"""Use cases for the order of proceedings: read it, complete or skip the current step.

The state machine is pure (``hearing.proceedings.procedure``); this loads the session's state
from ``sessions.procedure``, applies one transition and stores it, in one transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from core.access import Viewer, ensure_self_or_staff
from core.audit import record_event
from core.db import is_sqlite, write_transaction
from core.errors import Forbidden, RuleViolation
from hearing.cases.service import get_case
from hearing.proceedings.consent import (
    check_consent_applies,
    check_every_party_consented,
    party_ids,
)
from hearing.proceedings.interruption import check_resumable, interrupt, resume
from hearing.proceedings.procedure import (
    CONSENT_REFUSED,
    PETITIONER_WAIVED,
    Interruption,
    InterruptionKind,
    ProcedureState,
    ProcedureStep,
    StepStatus,
    advance,
    check_every_department_heard,
    end_procedure,
    is_finished,
    is_opened,
    next_step,
    open_procedure,
    skip,
    step_views,
    withdraw,
)
from hearing.proceedings.procedure_json import procedure_from_json, procedure_to_json
from hearing.proceedings.step_titles import step_title
from hearing.sessions import service as sessions
from hearing.sessions.composition_check import check_session_composition
from hearing.sessions.views import SessionView
from hearing.tables import MediationConsent, Session
from hearing.vocabulary import ParticipantRole, SessionStatus


@dataclass(frozen=True)
class ProcedureStepView:
    key: str
    title: str
    status: StepStatus
    started_at: datetime | None
    ended_at: datetime | None
    note: str | None
    skip_reason: str | None
    recused: tuple[UUID, ...]
    speakers: tuple[UUID, ...] = ()


@dataclass(frozen=True)
class WithdrawalView:
    person_id: UUID
    reason: str
    at: datetime


@dataclass(frozen=True)
class InterruptionView:
    kind: InterruptionKind
    reason: str
    at: datetime
    resumed_at: datetime | None


@dataclass(frozen=True)
class ProcedureView:
    steps: tuple[ProcedureStepView, ...]
    ended_reason: str | None
    withdrawals: tuple[WithdrawalView, ...]
    interruptions: tuple[InterruptionView, ...] = ()


async def load_procedure(session: SessionView, *, for_update: bool = False) -> ProcedureState:
    """The session's procedure state. ``for_update`` (write use cases) keeps the row locked on
    PostgreSQL until the transaction ends, so two steps taken at once cannot both start from
    the same state; SQLite's immediate transaction already serialises them."""
    query = Session.select(Session.procedure).where(Session.id == session.id)
    if for_update and not is_sqlite():
        query = query.lock_rows()
    row = await query.output(load_json=True).first()
    assert row is not None
    return procedure_from_json(session.kind, row["procedure"])


async def store_procedure(session_id: UUID, state: ProcedureState) -> None:
    await Session.update({Session.procedure: procedure_to_json(state)}).where(
        Session.id == session_id
    )


def procedure_view(session: SessionView, state: ProcedureState) -> ProcedureView:
    return ProcedureView(
        steps=tuple(
            ProcedureStepView(
                key=step.key,
                title=step_title(step.key, session.locale),
                status=step.status,
                started_at=step.started_at,
                ended_at=step.ended_at,
                note=step.note,
                skip_reason=step.skip_reason,
                recused=tuple(UUID(person) for person in step.recused),
                speakers=tuple(UUID(person) for person in step.speakers),
            )
            for step in step_views(state)
        ),
        ended_reason=state.ended_reason,
        withdrawals=tuple(
            WithdrawalView(UUID(w.person_id), w.reason, w.at) for w in state.withdrawals
        ),
        interruptions=tuple(
            InterruptionView(i.kind, i.reason, i.at, i.resumed_at) for i in state.interruptions
        ),
    )


async def procedure_for(viewer: Viewer, session_id: UUID) -> ProcedureView:
    """The procedure as ``viewer`` may see it: staff any, a participant their own sessions'."""
    session = await sessions.get_session_for(viewer, session_id)
    return procedure_view(session, await load_procedure(session))


async def staff_session(viewer: Viewer, session_id: UUID) -> SessionView:
    """Only staff run the proceedings; a participant is told no, a stranger learns nothing."""
    session = await sessions.get_session_for(viewer, session_id)
    if not viewer.is_staff:
        raise Forbidden("only staff run the proceedings", code="staff_only", field="id")
    return session


async def _opened(session: SessionView, state: ProcedureState, now: datetime) -> ProcedureState:
    """Open the procedure on its first step, checking the composition rules on today's facts.

    The first step starts at the booked start, or now when the record is opened earlier.
    """
    if is_opened(state):
        return state
    await sessions.recheck_composition(session)
    assert session.start is not None
    return open_procedure(state, min(session.start, now))


async def _consents(session_id: UUID) -> dict[str, bool]:
    return {str(c.person_id): c.consent for c in await consents_of(session_id)}


async def _check_consent_step(session: SessionView, state: ProcedureState, step: str) -> None:
    if step != ProcedureStep.CONSENT or next_step(state) != step:
        return
    parties = party_ids((str(p.person_id), p.role) for p in session.participants)
    check_every_party_consented(parties, await _consents(session.id))


_PANEL_ROLES = frozenset({ParticipantRole.PRESIDING_OFFICER, ParticipantRole.HEARING_OFFICER})


#: What follows once people left a session: scheduling frees their booked time and tells them
#: and everyone else (``scheduling.booking.service.release_removed_people``). Hearing cannot
#: import scheduling, so the composition root passes it in; it runs in the caller's transaction.
PeopleLeft = Callable[[UUID, Sequence[UUID], datetime], Awaitable[None]]


async def _recuse(session: SessionView, recused: tuple[UUID, ...]) -> None:
    """Recused panel members leave the session; the panel that remains is checked like a new
    one (its size, its independence), with the same codes as at composition."""
    roles = {p.person_id: p.role for p in session.participants}
    for index, person_id in enumerate(recused):
        if roles.get(person_id) not in _PANEL_ROLES:
            raise RuleViolation(
                f"person {person_id} does not sit on this session's panel",
                code="not_a_panel_member",
                field=f"recused[{index}]",
            )
    remaining = [p for p in session.participants if p.person_id not in set(recused)]
    await check_session_composition(session.kind, await get_case(session.case_id), remaining)
    await sessions.mark_removed(session.id, list(recused))


@dataclass(frozen=True)
class StepTaken:
    step: str
    note: str | None = None
    recused: tuple[UUID, ...] = ()
    #: Who spoke during the step: participants of the session.
    speakers: tuple[UUID, ...] = ()


def _check_speakers(session: SessionView, speakers: tuple[UUID, ...]) -> None:
    present = {p.person_id for p in session.participants}
    for index, person_id in enumerate(speakers):
        if person_id not in present:
            raise RuleViolation(
                f"{person_id} is not a participant of this session",
                code="not_a_participant",
                field=f"speakers[{index}]",
            )


async def advance_procedure(
    viewer: Viewer, session_id: UUID, taken: StepTaken, now: datetime, *, people_left: PeopleLeft
) -> ProcedureView:
    """Complete the current step; at ``recusal_asked`` the recused panel members leave the
    session and, through ``people_left``, its booking."""
    async with write_transaction():
        await staff_session(viewer, session_id)
        session = await sessions.recordable_session(session_id, now)
        state = await _opened(session, await load_procedure(session, for_update=True), now)
        await _check_consent_step(session, state, taken.step)
        _check_speakers(session, taken.speakers)
        check_every_department_heard(
            taken.step,
            [
                str(p.person_id)
                for p in session.participants
                if p.role == ParticipantRole.DEPARTMENT
            ],
            [str(p) for p in taken.speakers],
        )
        state = advance(
            state,
            taken.step,
            now,
            note=taken.note,
            recused=[str(p) for p in taken.recused],
            speakers=[str(p) for p in taken.speakers],
        )
        if taken.recused:
            await _recuse(session, taken.recused)
            await people_left(session_id, taken.recused, now)
        await store_procedure(session_id, state)
        await record_event(
            "session.procedure_advanced",
            "session",
            session_id,
            {"step": taken.step, "recused": [str(p) for p in taken.recused]},
        )
        return procedure_view(await sessions.get_session(session_id), state)


async def skip_procedure_step(
    viewer: Viewer, session_id: UUID, step: str, reason: str, now: datetime
) -> ProcedureView:
    """Skip the current step, with the reason the record keeps."""
    async with write_transaction():
        await staff_session(viewer, session_id)
        session = await sessions.recordable_session(session_id, now)
        state = await _opened(session, await load_procedure(session, for_update=True), now)
        state = skip(state, step, reason, now)
        await store_procedure(session_id, state)
        await record_event(
            "session.procedure_step_skipped",
            "session",
            session_id,
            {"step": step, "reason": reason.strip()},
        )
        return procedure_view(session, state)


# Consent and withdrawal: what ends a mediation (rule 4)


@dataclass(frozen=True)
class ConsentView:
    person_id: UUID
    consent: bool
    recorded_at: datetime


async def _end_mediation(session: SessionView, state: ProcedureState, reason: str) -> None:
    await store_procedure(session.id, state)
    if session.status != SessionStatus.ENDED:
        await sessions.mark_ended(session.id, reason)


async def record_consent(
    viewer: Viewer, session_id: UUID, person_id: UUID, consent: bool, now: datetime
) -> ConsentView:
    """A mediation party consents or refuses; a refusal ends the mediation. A participant
    answers for themselves, staff for anyone."""
    async with write_transaction():
        await sessions.get_session_for(viewer, session_id)
        ensure_self_or_staff(viewer, person_id)
        session = await sessions.recordable_session(session_id, now)
        sessions.ensure_participant(session, person_id)
        role = next(p.role for p in session.participants if p.person_id == person_id)
        check_consent_applies(session.kind, role)
        await MediationConsent.delete().where(
            (MediationConsent.session == session_id) & (MediationConsent.person == person_id)
        )
        await MediationConsent(
            session=session_id, person=person_id, consent=consent, recorded_at=now
        ).save()
        if not consent:
            state = end_procedure(await load_procedure(session, for_update=True), CONSENT_REFUSED)
            await _end_mediation(session, state, CONSENT_REFUSED)
        await record_event(
            "session.consent_recorded",
            "session",
            session_id,
            {"person_id": str(person_id), "consent": consent},
        )
    return ConsentView(person_id, consent, now)


async def consents_of(session_id: UUID) -> tuple[ConsentView, ...]:
    rows = (
        await MediationConsent.select(
            MediationConsent.person, MediationConsent.consent, MediationConsent.recorded_at
        )
        .where(MediationConsent.session == session_id)
        .order_by(MediationConsent.recorded_at)
    )
    return tuple(ConsentView(r["person"], r["consent"], r["recorded_at"]) for r in rows)


async def record_withdrawal(
    session: SessionView, person_id: UUID, reason: str, now: datetime
) -> None:
    """A party's withdrawal, with its time and reason, inside the caller's transaction; in a
    mediation it ends the session."""
    state = withdraw(await load_procedure(session, for_update=True), str(person_id), reason, now)
    if state.ended_reason is not None:
        await _end_mediation(session, state, state.ended_reason)
    else:
        await store_procedure(session.id, state)


async def record_waiver(session: SessionView) -> None:
    """The petitioner's unexcused absence waives a public hearing (rule 6), inside the caller's
    transaction: its proceedings end there, and the record still takes the others' attendance."""
    state = await load_procedure(session, for_update=True)
    if not is_finished(state):
        await store_procedure(session.id, end_procedure(state, PETITIONER_WAIVED))


# Postponement (延期) and suspension (中止); scheduling frees and rebooks the time around these.

_INTERRUPTED_STATUS = {
    InterruptionKind.POSTPONED: SessionStatus.POSTPONED,
    InterruptionKind.SUSPENDED: SessionStatus.SUSPENDED,
}


async def interrupt_session(
    viewer: Viewer, session_id: UUID, kind: InterruptionKind, reason: str, now: datetime
) -> SessionView:
    """Postpone or suspend the session with its grounds, inside the caller's transaction.

    Its SEQUENCE goes up: the cancellation of the old time that scheduling sends must
    supersede the invitation, and the resumption's invitation supersede it in turn."""
    session = await staff_session(viewer, session_id)
    state = interrupt(
        await load_procedure(session, for_update=True), session.moment, kind, reason, now
    )
    await store_procedure(session_id, state)
    await Session.update(
        {
            Session.status: _INTERRUPTED_STATUS[kind].value,
            Session.sequence: Session.sequence + 1,
        }
    ).where(Session.id == session_id)
    await record_event(
        f"session.{kind.value}",
        "session",
        session_id,
        {"reason": reason.strip(), "at": now.isoformat()},
    )
    return await sessions.get_session(session_id)


async def resumable_session(viewer: Viewer, session_id: UUID) -> tuple[SessionView, Interruption]:
    """The postponed or suspended session a resumption may rebook, and what interrupted it."""
    session = await staff_session(viewer, session_id)
    sessions.ensure_not_frozen(session)
    return session, check_resumable(await load_procedure(session, for_update=True))


async def record_resumed(session_id: UUID, now: datetime) -> None:
    """The interruption ends (the caller booked the new time); the procedure goes on."""
    session = await sessions.get_session(session_id)
    await store_procedure(session_id, resume(await load_procedure(session), now))
