"""Giving each session's minutes its document number, once, counted per jurisdiction and year."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from core.crud import is_integrity_error
from core.db import write_transaction
from core.errors import Conflict
from hearing.jurisdictions.document_number import format_document_number
from hearing.jurisdictions.service import JurisdictionView
from minutes.tables import DocumentNumber

#: Each round of racing builds in one jurisdiction and year has a winner: this many may race.
_ATTEMPTS = 32


async def document_number_for(
    session_id: UUID, jurisdiction: JurisdictionView, start: datetime
) -> str:
    """The session's document number: the one it was given before, or the next of its
    jurisdiction in the year ``start`` falls in there.

    The number is taken in a transaction of its own before the PDF is rendered, so that the
    build's transaction does not hold the write lock while rendering. The unique keys make two
    builds that race for a number collide; the loser counts again. A build that fails after
    taking a number leaves it to its session, so the next build prints the same number.
    """
    year = start.astimezone(ZoneInfo(jurisdiction.timezone)).year
    for _ in range(_ATTEMPTS):
        try:
            async with write_transaction():
                return await _given_or_next(session_id, jurisdiction, year)
        except Exception as error:
            if not is_integrity_error(error):
                raise
    raise Conflict(
        "too many minutes were numbered at once; retry",
        code="document_number_busy",
        field="session_id",
    )


async def _given_or_next(session_id: UUID, jurisdiction: JurisdictionView, year: int) -> str:
    given = (
        await DocumentNumber.select(DocumentNumber.document_number)
        .where(DocumentNumber.session == session_id)
        .first()
    )
    if given is not None:
        return str(given["document_number"])
    last = (
        await DocumentNumber.select(DocumentNumber.number)
        .where((DocumentNumber.jurisdiction == jurisdiction.id) & (DocumentNumber.year == year))
        .order_by(DocumentNumber.number, ascending=False)
        .first()
    )
    number = (last["number"] if last else 0) + 1
    printed = format_document_number(jurisdiction.document_number_pattern, year, number)
    await DocumentNumber.insert(
        DocumentNumber(
            session=session_id,
            jurisdiction=jurisdiction.id,
            year=year,
            number=number,
            counter_key=f"{jurisdiction.id}/{year}/{number}",
            document_number=printed,
        )
    )
    return printed
