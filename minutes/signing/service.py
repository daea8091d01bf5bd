"""Use cases: a participant signs or refuses to sign a version of the minutes, logged in or
with the signing link emailed to them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from core.access import Viewer
from core.audit import record_event
from core.db import write_transaction
from core.errors import Conflict, RuleViolation
from hearing.proceedings.service import SessionRecord, session_record
from minutes.access import ensure_answers_for_self
from minutes.archive.content_store import content_store
from minutes.downloads import record_download
from minutes.drafts.service import MinutesView, get_minutes, minutes_view, readable_minutes
from minutes.errors import minutes_not_found, minutes_sealed
from minutes.signing.answers import Answer, ensure_well_formed
from minutes.signing.links import (
    SigningGrant,
    invalid_token,
    read_signing_token,
    signing_page_url,
)
from minutes.signing.mail import mail_locale
from minutes.signing.page import PageState, SigningPage
from minutes.signing.signers import participants_of, signers_of
from minutes.store import (
    MinutesRow,
    current_version,
    minutes_row,
    signatures_of,
    versions_of,
)
from minutes.tables import Minutes, Signature
from minutes.vocabulary import Decision, IdentifiedBy, MinutesStatus
from parties.people import service as people
from parties.views import PersonView


async def record_signature(
    viewer: Viewer, minutes_id: UUID, answer: Answer, now: datetime
) -> MinutesView:
    """Record ``answer`` for the current version; a participant answers only for themselves."""
    _, record = await readable_minutes(viewer, minutes_id)
    ensure_answers_for_self(viewer, answer.person_id)
    identified_by = (
        IdentifiedBy.ACCOUNT if viewer.is_person(answer.person_id) else IdentifiedBy.STAFF
    )
    await _record(minutes_id, record, answer, identified_by, now)
    return await get_minutes(viewer, minutes_id)


async def record_login_answer(
    viewer: Viewer,
    minutes_id: UUID,
    person_id: UUID | None,
    decision: Decision,
    version_sha256: str | None,
    reason: str | None,
    now: datetime,
) -> MinutesView:
    """An answer sent logged in: for ``person_id``, or else for the viewer's own person."""
    answering = person_id or viewer.person_id
    if answering is None:
        raise RuleViolation("say whose answer this is", code="person_required", field="person_id")
    if version_sha256 is None:
        raise RuleViolation(
            "say which version is answered (its SHA-256), or send the signing link's token",
            code="version_required",
            field="version_sha256",
        )
    answer = Answer(answering, decision, version_sha256, reason)
    return await record_signature(viewer, minutes_id, answer, now)


async def record_answer_on_own_page(
    viewer: Viewer,
    minutes_id: UUID,
    decision: Decision,
    version_sha256: str,
    reason: str | None,
    now: datetime,
) -> MinutesView:
    """An answer given on the person's own page (/ui/p/), whose link was emailed to them: the
    viewer is that person, the version is the one the page showed."""
    _, record = await readable_minutes(viewer, minutes_id)
    if viewer.person_id is None:
        raise RuleViolation("say whose answer this is", code="person_required", field="person_id")
    answer = Answer(viewer.person_id, decision, version_sha256, reason)
    await _record(minutes_id, record, answer, IdentifiedBy.SIGNING_LINK, now)
    return await get_minutes(viewer, minutes_id)


async def record_signature_by_link(
    minutes_id: UUID, token: str, decision: Decision, reason: str | None, now: datetime
) -> MinutesView:
    """An answer sent with a signing link's token: the token, not a login, says who answers
    and for which version."""
    grant = await read_signing_token(token, now)
    if grant.minutes_id != minutes_id:
        raise invalid_token("this signing link answers for other minutes")
    await _record_granted(grant, decision, reason, now)
    return await minutes_view(minutes_id)


async def _record_granted(
    grant: SigningGrant, decision: Decision, reason: str | None, now: datetime
) -> None:
    """Record the answer of the grant's person for the grant's version."""
    minutes = await minutes_row(grant.minutes_id)
    record = await session_record(minutes.session_id)
    answer = Answer(grant.person_id, decision, grant.version_sha256, reason)
    await _record(minutes.id, record, answer, IdentifiedBy.SIGNING_LINK, now)


async def _record(
    minutes_id: UUID,
    record: SessionRecord,
    answer: Answer,
    identified_by: IdentifiedBy,
    now: datetime,
) -> None:
    ensure_well_formed(answer)
    async with write_transaction():
        await _ensure_current(minutes_id, answer.version_sha256)
        if answer.person_id not in signers_of(record):
            raise RuleViolation(
                "only participants other than observers sign the minutes",
                code="not_a_signer",
                field="person_id",
            )
        await _ensure_first_answer(minutes_id, answer)
        await Signature.insert(
            Signature(
                minutes=minutes_id,
                person=answer.person_id,
                decision=answer.decision,
                reason=answer.recorded_reason,
                version_sha256=answer.version_sha256,
                signed_at=now,
                identified_by=identified_by,
            )
        )
        await Minutes.update({Minutes.status: MinutesStatus.SIGNING}).where(
            Minutes.id == minutes_id
        )
        await record_event(
            f"minutes.{'signed' if answer.decision == Decision.SIGN else 'refused'}",
            "minutes",
            minutes_id,
            {
                "person_id": str(answer.person_id),
                "version_sha256": answer.version_sha256,
                "identified_by": identified_by.value,
            },
        )


async def _ensure_current(minutes_id: UUID, version_sha256: str) -> None:
    """The minutes are open for answers and ``version_sha256`` is their current version."""
    minutes = await minutes_row(minutes_id)
    if minutes.is_sealed:
        raise minutes_sealed()
    version = await current_version(minutes)
    if version_sha256 != version.sha256:
        raise Conflict(
            "this is not the current version of the minutes: fetch it again and sign that",
            code="stale_version",
            field="version_sha256",
            extra={"current_version_sha256": version.sha256},
        )


async def _ensure_first_answer(minutes_id: UUID, answer: Answer) -> None:
    if await Signature.exists().where(
        (Signature.minutes == minutes_id)
        & (Signature.person == answer.person_id)
        & (Signature.version_sha256 == answer.version_sha256)
    ):
        raise Conflict(
            "this person has already answered for this version",
            code="already_answered",
            field="person_id",
        )


async def signing_page(token: str, now: datetime) -> SigningPage:
    """What the token's person sees behind their link; opening it records nothing (mail
    scanners follow links)."""
    return await _page(await read_signing_token(token, now), token)


async def answer_on_page(
    token: str, decision: Decision, reason: str | None, now: datetime
) -> SigningPage:
    """A button pressed on the signing page: the answer is recorded as with the API, and the
    page says what happened, a refusal of the answer included (answered before, a newer
    version, no reason given)."""
    grant = await read_signing_token(token, now)
    try:
        await _record_granted(grant, decision, reason, now)
    except (Conflict, RuleViolation) as refused:
        return replace(await _page(grant, token), problem=refused)
    return replace(await _page(grant, token), state=PageState.RECORDED)


async def signing_pdf(token: str, now: datetime) -> tuple[bytes, str]:
    """The PDF of the token's version, with its SHA-256: what its person is asked to sign."""
    grant = await read_signing_token(token, now)
    await _signer_context(grant)
    data = content_store().get(grant.version_sha256)
    await record_download(
        "minutes.signing_pdf_downloaded",
        grant.minutes_id,
        {"person_id": str(grant.person_id), "sha256": grant.version_sha256},
    )
    return data, grant.version_sha256


async def _signer_context(grant: SigningGrant) -> tuple[MinutesRow, SessionRecord, PersonView]:
    """The grant's minutes, their session's record and its person, who must still take part."""
    minutes = await minutes_row(grant.minutes_id)
    record = await session_record(minutes.session_id)
    if grant.person_id not in participants_of(record):
        raise minutes_not_found(minutes.id)
    return minutes, record, await people.get_person(grant.person_id)


async def _page(grant: SigningGrant, token: str) -> SigningPage:
    minutes, record, person = await _signer_context(grant)
    version = next(
        (v for v in await versions_of(minutes.id) if v.sha256 == grant.version_sha256), None
    )
    if version is None:
        raise invalid_token()
    answer = next(
        (
            s
            for s in await signatures_of(minutes.id, version.sha256)
            if s.person_id == grant.person_id
        ),
        None,
    )
    if minutes.is_sealed:
        state = PageState.SEALED
    elif version.version != minutes.version:
        state = PageState.SUPERSEDED
    else:
        state = PageState.OPEN if answer is None else PageState.ANSWERED
    url = signing_page_url(token)
    return SigningPage(
        locale=mail_locale(person.locale, record.session.locale),
        person_name=person.name,
        session_title=record.session.title,
        version=version.version,
        version_sha256=version.sha256,
        pdf_url=f"{url}/minutes.pdf",
        action_url=url,
        state=state,
        decision=answer.decision.value if answer else None,
        reason=answer.reason if answer else None,
    )
