"""The answer link in an invitation email opens a page; only its buttons record an answer."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from scheduling.invitations.notifications import run_notifications
from tests.support.api_builders import assert_problem, booked_mediation
from tests.support.flow import post_ok
from tests.support.mail_server import MailServer

LINK = re.compile(r"(http://testserver/api/v1/sessions/\S+/answer\?token=\S+)")


class Buttons(HTMLParser):
    """The page's form: where it posts, its hidden token and the answers offered."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.token = ""
        self.answers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.action = found["action"] or ""
        elif tag == "input" and found.get("name") == "token":
            self.token = found["value"] or ""
        elif tag == "button":
            self.answers.append(found["value"] or "")


def buttons(html: str) -> Buttons:
    parser = Buttons()
    parser.feed(html)
    return parser


async def emailed_link(mail_server: MailServer, email: str) -> str:
    await run_notifications(mail_server.mailer.send, datetime.now(UTC))
    mail = mail_server.collector.to(email)[-1].message
    text = str(next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_content())
    match = LINK.search(text)
    assert match, text
    return urlsplit(match.group(1)).path + "?" + urlsplit(match.group(1)).query


async def partstats(client: Any, headers: dict[str, str], session_id: str) -> dict[str, str]:
    session = (await client.get(f"/api/v1/sessions/{session_id}", headers=headers)).json()
    return {p["person_id"]: p["partstat"] for p in session["participants"]}


async def test_the_emailed_link_opens_a_page_in_the_person_s_language_that_records_nothing(
    client, coordinator, mail_server
) -> None:
    setup = await booked_mediation(client, coordinator, "ANS-1")
    session_id = setup["session"]["id"]
    link = await emailed_link(mail_server, setup["petitioner"]["email"])

    page = await client.get(link)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    assert '<html lang="zh-CN">' in page.text
    assert "补偿争议调解" in page.text and "尚未答复" in page.text
    form = buttons(page.text)
    assert form.answers == ["ACCEPTED", "TENTATIVE", "DECLINED"]
    assert form.action.endswith(f"/api/v1/sessions/{session_id}/answer")
    assert await partstats(client, coordinator, session_id) == dict.fromkeys(
        (setup[k]["id"] for k in ("petitioner", "department", "mediator")), "NEEDS-ACTION"
    )

    mediator_page = await client.get(await emailed_link(mail_server, setup["mediator"]["email"]))
    assert '<html lang="en">' in mediator_page.text and "not answered yet" in mediator_page.text


async def test_pressing_a_button_records_the_answer_without_a_login(
    client, coordinator, mail_server
) -> None:
    setup = await booked_mediation(client, coordinator, "ANS-2")
    session_id, petitioner = setup["session"]["id"], setup["petitioner"]["id"]
    form = buttons(
        (await client.get(await emailed_link(mail_server, setup["petitioner"]["email"]))).text
    )

    accepted = await client.post(
        urlsplit(form.action).path, data={"token": form.token, "partstat": "ACCEPTED"}
    )
    assert accepted.status_code == 200, accepted.text
    assert "您的答复已记录" in accepted.text and "<strong>出席</strong>" in accepted.text
    assert (await partstats(client, coordinator, session_id))[petitioner] == "ACCEPTED"

    declined = await client.post(
        urlsplit(form.action).path, data={"token": form.token, "partstat": "DECLINED"}
    )
    assert "协调人将另行安排时间" in declined.text
    assert (await partstats(client, coordinator, session_id))[petitioner] == "DECLINED"


async def test_an_altered_token_or_answer_is_refused(client, coordinator, mail_server) -> None:
    setup = await booked_mediation(client, coordinator, "ANS-3")
    link = await emailed_link(mail_server, setup["petitioner"]["email"])
    path, token = link.split("?token=")
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert_problem(await client.get(f"{path}?token={altered}"), 401, "invalid_token", "token")
    refused = await client.post(path, data={"token": token, "partstat": "MAYBE"})
    assert refused.status_code == 400, refused.text
    assert "partstat" in refused.text


async def test_after_a_cancellation_the_page_says_no_answer_is_needed(
    client, coordinator, mail_server
) -> None:
    setup = await booked_mediation(client, coordinator, "ANS-4")
    link = await emailed_link(mail_server, setup["mediator"]["email"])
    await post_ok(
        client,
        f"/api/v1/sessions/{setup['session']['id']}/cancel",
        coordinator,
        {"reason": "withdrawn"},
        status=200,
    )
    page = await client.get(link)
    assert page.status_code == 200
    assert "no answer is needed" in page.text
    assert buttons(page.text).answers == []


async def test_after_a_postponement_the_page_says_a_new_time_will_follow(
    client, coordinator, mail_server
) -> None:
    setup = await booked_mediation(client, coordinator, "ANS-5")
    link = await emailed_link(mail_server, setup["mediator"]["email"])
    await post_ok(
        client,
        f"/api/v1/sessions/{setup['session']['id']}/postpone",
        coordinator,
        {"reason": "mediator ill"},
        status=200,
    )
    page = await client.get(link)
    assert page.status_code == 200
    assert "postponed; you will be sent its new time" in page.text
    assert "no answer is needed" not in page.text
    assert buttons(page.text).answers == []
