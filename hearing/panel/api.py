"""HTTP endpoints for the panel: hearing officers' views, and the panel's conclusion."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody

from core.web.guards import account_of
from core.web.wire import Body, ShortText, Text
from hearing.panel import service
from hearing.panel.conclusion import ItemConclusion, PanelResult, PanelView
from hearing.panel.service import NewVote, VoteView


class VoteIn(Body):
    person_id: UUID
    agenda_item: ShortText
    view: PanelView
    opinion: Text | None = None


class VoteRead(msgspec.Struct):
    person_id: UUID
    agenda_item: str
    view: PanelView
    recorded_at: datetime
    opinion: str | None = None


class DissentRead(msgspec.Struct):
    person_id: UUID
    view: PanelView
    opinion: str | None = None


class ItemConclusionRead(msgspec.Struct):
    agenda_item: str
    counts: dict[PanelView, int]
    result: PanelResult
    dissents: list[DissentRead]
    panel_size: int
    not_voted: list[UUID]


class ConclusionRead(msgspec.Struct):
    items: list[ItemConclusionRead]


def vote_read(vote: VoteView) -> VoteRead:
    return msgspec.convert(vote, VoteRead, from_attributes=True)


def conclusion_read(items: tuple[ItemConclusion, ...]) -> ConclusionRead:
    return ConclusionRead(
        items=[
            ItemConclusionRead(
                agenda_item=item.agenda_item,
                counts=item.counts,
                result=item.result,
                dissents=[DissentRead(UUID(d.person_id), d.view, d.opinion) for d in item.dissents],
                panel_size=item.panel_size,
                not_voted=[UUID(person_id) for person_id in item.not_voted],
            )
            for item in items
        ]
    )


class PanelController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}"
    tags = ["panel"]

    @post("/votes", operation_id="recordVote")
    async def vote(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID], data: JSONBody[VoteIn]
    ) -> VoteRead:
        new = NewVote(data.person_id, data.agenda_item, data.view, data.opinion)
        vote = await service.record_vote(account_of(request), session_id, new, datetime.now(UTC))
        return vote_read(vote)

    @get("/conclusion", operation_id="getPanelConclusion")
    async def conclusion(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID]
    ) -> ConclusionRead:
        return conclusion_read(await service.conclusion_for(account_of(request), session_id))
