"""Reading back the signing requests a build queued: who got one, in which words, which link."""

from __future__ import annotations

import re
from email import message_from_string
from email.message import EmailMessage
from email.policy import default
from uuid import UUID

from core.outbox import service as outbox
from core.tables import OutboxMessage

LINK = re.compile(r"http://testserver/ui/p/([A-Za-z0-9_-]+)")
TOPIC = "minutes.signing_request"


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


def token_in(mail: EmailMessage) -> str:
    """The token of the one signing link in the mail's text."""
    links = LINK.findall(str(mail.get_content()))
    assert len(links) == 1, mail.get_content()
    return str(links[0])


async def tokens_by_recipient(session_id: UUID | str) -> dict[str, str]:
    """The latest signing token each recipient was sent for the session."""
    return {recipient(mail): token_in(mail) for mail in await signing_mails(session_id)}
