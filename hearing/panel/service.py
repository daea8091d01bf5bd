"""Use cases for the panel: hearing officers' views per agenda item, and the conclusion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from core.access import Viewer
from core.audit import record_event
from core.db import lock_row, write_transaction
from core.errors import Forbidden
from hearing.panel.conclusion import ItemConclusion, PanelView, Vote, check_vote, conclude
from hearing.sessions.service import get_session_for, recordable_session
from hearing.sessions.views import SessionView
from hearing.tables import PanelVote, Session
from hearing.vocabulary import ParticipantRole


@dataclass(frozen=True)
class VoteView:
    person_id: UUID
    agenda_item: str
    view: str
    opinion: str | None
    recorded_at: datetime


@dataclass(frozen=True)
class NewVote:
    person_id: UUID
    agenda_item: str
    view: PanelView
    opinion: str | None = None


def panel_of(session: SessionView) -> list[str]:
    """The session's hearing officers, who make up its panel."""
    return [
        str(p.person_id) for p in session.participants if p.role == ParticipantRole.HEARING_OFFICER
    ]


async def record_vote(viewer: Viewer, session_id: UUID, new: NewVote, now: datetime) -> VoteView:
    """Record a hearing officer's view on an agenda item (staff only); it replaces their last."""
    if not viewer.is_staff:
        raise Forbidden("only staff record the panel's views", code="role_not_allowed")
    async with write_transaction():
        # Two posts of the same officer's view replace each other, never both stay.
        await lock_row(Session, session_id)
        session = await recordable_session(session_id, now)
        check_vote(str(new.person_id), new.agenda_item, panel_of(session), session.agenda)
        await PanelVote.delete().where(
            (PanelVote.session == session_id)
            & (PanelVote.person == new.person_id)
            & (PanelVote.agenda_item == new.agenda_item)
        )
        await PanelVote(
            session=session_id,
            person=new.person_id,
            agenda_item=new.agenda_item,
            view=new.view.value,
            opinion=new.opinion,
            recorded_at=now,
        ).save()
        await record_event(
            "session.vote_recorded",
            "session",
            session_id,
            {"person_id": str(new.person_id), "agenda_item": new.agenda_item, "view": new.view},
        )
    return VoteView(new.person_id, new.agenda_item, new.view.value, new.opinion, now)


async def votes_of(session_id: UUID) -> tuple[VoteView, ...]:
    """The current vote of every hearing officer on every item, in the order recorded."""
    rows = (
        await PanelVote.select(
            PanelVote.person.as_alias("person_id"),
            PanelVote.agenda_item,
            PanelVote.view,
            PanelVote.opinion,
            PanelVote.recorded_at,
        )
        .where(PanelVote.session == session_id)
        .order_by(PanelVote.recorded_at)
    )
    return tuple(
        VoteView(r["person_id"], r["agenda_item"], r["view"], r["opinion"], r["recorded_at"])
        for r in rows
    )


def conclusion_from(
    session: SessionView, votes: tuple[VoteView, ...]
) -> tuple[ItemConclusion, ...]:
    """The panel's conclusion on each agenda item of ``session`` from its recorded votes."""
    counted = [Vote(str(v.person_id), v.agenda_item, PanelView(v.view), v.opinion) for v in votes]
    return conclude(session.agenda, counted, panel_of(session))


async def conclusion_for(viewer: Viewer, session_id: UUID) -> tuple[ItemConclusion, ...]:
    """The conclusion as ``viewer`` may read it: staff any, a participant their own session's."""
    session = await get_session_for(viewer, session_id)
    return conclusion_from(session, await votes_of(session_id))
