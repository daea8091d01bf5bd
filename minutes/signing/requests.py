"""Queuing the signing requests of a new version: one email per signer, with their own link."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.headerregistry import Address
from typing import TYPE_CHECKING
from uuid import UUID

from core.links.participant import participant_page_token, participant_page_url
from core.outbox.service import queue_message
from core.settings import get_settings
from hearing.jurisdictions.service import rules_for_case
from minutes.signing.links import (
    SigningGrant,
    signing_link_expiry,
    signing_page_url,
    signing_token,
)
from minutes.signing.mail import SigningRequest, compose_signing_request, mail_locale
from minutes.signing.signers import signers_of
from parties.people import service as people

if TYPE_CHECKING:
    from hearing.proceedings.service import SessionRecord

TOPIC = "minutes.signing_request"


async def queue_signing_requests(
    minutes_id: UUID, version: int, version_sha256: str, record: SessionRecord, now: datetime
) -> int:
    """Ask every signer with an email to answer for this version; call inside the transaction
    that stores the version, so a version is never stored without its requests or the other
    way round. Returns how many were queued."""
    session = record.session
    signers = signers_of(record)
    found = await people.get_people(signers)
    settings = get_settings()
    sender = Address(settings.organizer_name, addr_spec=settings.sender_address)
    window = timedelta(days=(await rules_for_case(session.case_id)).signing_window_days)
    expires_at = signing_link_expiry(now, window)
    queued = 0
    for person in (found[person_id] for person_id in signers if person_id in found):
        if not person.email:
            continue
        token = signing_token(SigningGrant(minutes_id, person.id, version_sha256), expires_at)
        request = SigningRequest(
            recipient_name=person.name,
            recipient_email=person.email,
            locale=mail_locale(person.locale, session.locale),
            title=session.title,
            version=version,
            version_sha256=version_sha256,
            link=signing_page_url(token),
            page_link=participant_page_url(participant_page_token(person.id, expires_at)),
        )
        queued += await queue_message(
            compose_signing_request(request, sender, now),
            recipient=person.email,
            topic=TOPIC,
            # The session's id, so coordinators find them at GET /outbox?session_id=.
            entity_id=session.id,
            dedupe_key=f"minutes-signing:{minutes_id}:{version}:{person.id}",
            now=now,
        )
    return queued
