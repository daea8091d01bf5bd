"""Reading back the signing requests a build queued: who got one, in which words, which link."""

from __future__ import annotations

import re
from email import message_from_string
from email.message import EmailMessage
from email.policy import default
from uuid import UUID

from core import signing
from core.links import participant
from core.outbox import service as outbox
from core.tables import OutboxMessage

LINK = re.compile(r"http://testserver/ui/p/([A-Za-z0-9_-]+)")
TOPIC = "minutes.signing_request"
SIGNING_PURPOSE = "minutes-sign"
PAGE_PURPOSE = participant.PURPOSE


async def signing_mails(session_id: UUID | str) -> list[EmailMessage]:
    """The signing requests queued for the session, oldest first."""
    rows, _ = await outbox.list_messages(100, 0, entity_id=str(session_id))
    mails = []
    for row in (r for r in rows if r["topic"] == TOPIC):
        stored = await OutboxMessage.select(OutboxMessage.message).where(
            OutboxMessage.id == row["id"]
        )
        mail = message_from_string(stored[0]["message"], policy=default)
        assert isinstance(mail, EmailMessage)
        mails.append(mail)
    return mails


def recipient(mail: EmailMessage) -> str:
    return str(mail["To"].addresses[0].addr_spec)


def text_of(mail: EmailMessage) -> str:
    part = mail.get_body(("plain",))
    assert isinstance(part, EmailMessage), mail
    return str(part.get_content())


def token_in(mail: EmailMessage, purpose: str = SIGNING_PURPOSE) -> str:
    """The token of the one link for ``purpose`` in the mail's text: the signing link, or
    (PAGE_PURPOSE) the signer's own page."""
    links = [t for t in LINK.findall(text_of(mail)) if signing.read_signed(t).purpose == purpose]
    assert len(links) == 1, text_of(mail)
    return str(links[0])


async def tokens_by_recipient(
    session_id: UUID | str, purpose: str = SIGNING_PURPOSE
) -> dict[str, str]:
    """The latest signing token (or ``PAGE_PURPOSE``: page token) each recipient was sent for
    the session."""
    return {recipient(mail): token_in(mail, purpose) for mail in await signing_mails(session_id)}
