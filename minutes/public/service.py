"""Use cases for the redacted public version of a public hearing's minutes.

It is rendered and stored when the minutes are sealed (``store_public_version``), and then
served to anyone, without a login (``public_pdf``): a public hearing is public, its parties'
private data is not.
"""

from __future__ import annotations

from uuid import UUID

from core.errors import NotFound
from hearing.vocabulary import SessionKind
from minutes.archive.content_store import content_store
from minutes.document import MinutesDocument
from minutes.downloads import record_download
from minutes.public.redaction import PROTECTED_ROLES, redact
from minutes.seal.sealed_pdf import sealed_pdf
from minutes.tables import Minutes
from minutes.vocabulary import MinutesStatus
from parties.people import service as parties

#: The people directory's contact values taken out of the public version wherever they
#: appear. Fields the directory does not have (yet) are skipped.
CONTACT_FIELDS = ("phone", "email", "id_number", "address")


async def store_public_version(document: MinutesDocument) -> str | None:
    """The public version of the sealed ``document`` stored; its SHA-256, or None when the
    minutes are not a public hearing's (nothing of them is published)."""
    if document.session_kind != SessionKind.PUBLIC_HEARING:
        return None
    redacted = redact(document, await protected_contacts(document))
    return content_store().put(await public_pdf_bytes(redacted))


async def public_pdf_bytes(redacted: MinutesDocument) -> bytes:
    """The published file of an already redacted document, sealed like the original: every
    public PDF is made here."""
    return await sealed_pdf(redacted)


async def protected_contacts(document: MinutesDocument) -> tuple[str, ...]:
    """The known contact values of the document's petitioners and agents."""
    people = await parties.get_people(
        [UUID(p.person_id) for p in document.participants if p.role in PROTECTED_ROLES]
    )
    values = (getattr(person, name, None) for person in people.values() for name in CONTACT_FIELDS)
    return tuple(value for value in values if isinstance(value, str) and value)


async def public_pdf(minutes_id: UUID) -> tuple[bytes, str]:
    """The public version of sealed public-hearing minutes, with its SHA-256; no viewer: anyone
    may read it. Other minutes, or not yet sealed ones, have none (404)."""
    row = (
        await Minutes.select(Minutes.status, Minutes.public_sha256)
        .where(Minutes.id == minutes_id)
        .first()
    )
    if row is None or row["status"] != MinutesStatus.SEALED or not row["public_sha256"]:
        raise NotFound(
            f"minutes {minutes_id} have no public version",
            code="public_version_not_found",
            field="id",
        )
    sha256: str = row["public_sha256"]
    data = content_store().get(sha256)
    await record_download("minutes.public_pdf_downloaded", minutes_id, {"sha256": sha256})
    return data, sha256
