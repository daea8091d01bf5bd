"""Sessions read in plain SQL: a page counts what matches, a calendar feed's read does not."""

from __future__ import annotations

from hearing.sessions.session_rows import SessionFilter, every_session, session_page
from tests.support.builders import mediation_session
from tests.support.statements import record_statements


async def test_every_session_is_the_whole_page_without_its_count(db, monkeypatch) -> None:
    first, mediator = await mediation_session("r1")
    second, _ = await mediation_session("r2", mediator=mediator)
    await mediation_session("r3")
    mediating = SessionFilter(person_id=mediator)

    page, total = await session_page(100, 0, mediating)
    sent = record_statements(monkeypatch)
    everything = await every_session(mediating)

    assert [s.id for s in everything] == [s.id for s in page] == [first.id, second.id]
    assert total == 2
    assert everything == page
    assert len(sent) == 2 and not any("count(" in statement for statement in sent)
