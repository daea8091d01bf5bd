"""The page behind an invitation's answer link: the session, the answer so far, three buttons.

Opening the link changes nothing (mail scanners follow links); only pressing a button, which
posts the signed token back, records an answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduling.invitations.mail import (
    DEFAULT_LOCALE,
    LOCALES,
    MailFacts,
    environment,
    labels_for,
    when_text,
)


@dataclass(frozen=True)
class AnswerPage:
    facts: MailFacts
    partstat: str  # the participant's answer so far
    token: str
    action: str  # where the buttons post to
    #: cancelled, postponed or suspended: the page says so instead of asking for an answer.
    called_off: str | None = None
    recorded: bool = False  # an answer was just recorded
    new_slot: bool = False  # ...and the session needs a new time


def render_answer_page(page: AnswerPage) -> str:
    facts = page.facts
    labels = labels_for(facts.locale)
    return environment.get_template("answer.html").render(
        locale=facts.locale if facts.locale in LOCALES else DEFAULT_LOCALE,
        label=labels,
        title=facts.title,
        when=when_text(facts.start, facts.end, facts.timezone, facts.locale),
        location=facts.location,
        role=labels.get(f"role.{facts.role}", facts.role),
        partstat=page.partstat,
        token=page.token,
        action=page.action,
        called_off=page.called_off,
        recorded=page.recorded,
        new_slot=page.new_slot,
    )
