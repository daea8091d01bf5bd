"""Document numbers through the services, on the engine DATABASE_URL selects: one per minutes,
counted per jurisdiction and per year of the session in the jurisdiction's zone, kept by later
versions, printed in the PDF and its record, and never given twice to builds that race."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import UUID

from core.access import Role
from hearing.cases import service as cases
from hearing.jurisdictions import service as jurisdictions
from hearing.jurisdictions.service import JurisdictionView, NewJurisdiction
from minutes.archive.pdf_inspection import embedded_record
from minutes.drafts import service as drafts
from minutes.drafts.document_numbers import document_number_for
from tests.support.builders import mediation, person
from tests.support.minutes_builders import STAFF, booked_session, built_minutes
from tests.support.viewers import viewer

NOW = datetime.now(UTC)
ADMIN = viewer(Role.ADMIN)


async def _jurisdiction(name: str, pattern: str) -> JurisdictionView:
    return await jurisdictions.create_jurisdiction(
        ADMIN,
        NewJurisdiction(name=name, timezone="Asia/Shanghai", document_number_pattern=pattern),
        NOW,
    )


async def _session_in(jurisdiction: JurisdictionView | None, suffix: str) -> UUID:
    case = await cases.create_case(
        cases.NewCase(
            reference=f"XF-{suffix}",
            title="t",
            jurisdiction_id=jurisdiction.id if jurisdiction else None,
        ),
        NOW,
    )
    people = [await person(name, f"{name}{suffix}@x.cn") for name in ("p", "d", "m")]
    return (await mediation(case.id, *people)).id


async def test_numbers_count_per_jurisdiction_and_per_year_in_the_jurisdictions_zone(db) -> None:
    county = await _jurisdiction("某县信访局", "县〔{year}〕{number:03d}号")
    city = await _jurisdiction("某市信访局", "市〔{year}〕第{number:04d}号")
    in_2027 = datetime(2027, 6, 1, 2, tzinfo=UTC)
    # 17:00 UTC on 31 December is already New Year's Day in Shanghai.
    new_year_2028 = datetime(2027, 12, 31, 17, tzinfo=UTC)

    given = [
        await document_number_for(await _session_in(where, f"n{i}"), where, start)
        for i, (where, start) in enumerate(
            [
                (county, in_2027),
                (city, in_2027),
                (county, in_2027),
                (county, new_year_2028),
                (city, new_year_2028),
                (city, in_2027),
            ]
        )
    ]

    assert given == [
        "县〔2027〕001号",
        "市〔2027〕第0001号",
        "县〔2027〕002号",
        "县〔2028〕001号",
        "市〔2028〕第0001号",
        "市〔2027〕第0002号",
    ]


async def test_a_session_keeps_its_number_even_after_the_pattern_changes(db) -> None:
    county = await _jurisdiction("某县信访局", "{year}-{number}")
    session_id = await _session_in(county, "k1")
    start = datetime(2027, 6, 1, 2, tzinfo=UTC)
    first = await document_number_for(session_id, county, start)
    changed = await jurisdictions.update_jurisdiction(
        ADMIN, county.id, {"document_number_pattern": "X{number}"}
    )

    assert await document_number_for(session_id, changed, start) == first == "2027-1"
    assert await document_number_for(await _session_in(county, "k2"), changed, start) == "X2"


async def test_the_first_build_numbers_the_minutes_and_later_versions_keep_it(db) -> None:
    session = await booked_session("dn1")
    year = session.start.year
    first = await built_minutes(session, NOW)
    assert first.document_number == f"〔{year}〕第0001号"

    second = await built_minutes(session, NOW + timedelta(hours=1))
    assert (second.version, second.document_number) == (2, first.document_number)
    other = await built_minutes(await booked_session("dn2"), NOW)
    assert other.document_number == f"〔{year}〕第0002号"

    pdf, _ = await drafts.minutes_pdf(STAFF, second.id)
    record = embedded_record(pdf)
    assert record is not None
    assert record["document_number"] == first.document_number
    assert record["issuing_body"] == "Default jurisdiction"


async def test_racing_requests_for_numbers_never_get_the_same_one(db) -> None:
    county = await _jurisdiction("某县信访局", "{year}-{number}")
    sessions = [await _session_in(county, f"r{i}") for i in range(6)]
    start = datetime(2027, 6, 1, 2, tzinfo=UTC)

    given = await asyncio.gather(*(document_number_for(s, county, start) for s in sessions))

    assert sorted(given, key=lambda n: int(n.split("-")[1])) == [f"2027-{n}" for n in range(1, 7)]


async def test_minutes_built_at_once_get_different_numbers(db) -> None:
    booked = [await booked_session(f"cb{i}") for i in range(3)]

    built = await asyncio.gather(*(built_minutes(session, NOW) for session in booked))

    year = booked[0].start.year
    assert sorted(m.document_number or "" for m in built) == [
        f"〔{year}〕第{n:04d}号" for n in (1, 2, 3)
    ]
