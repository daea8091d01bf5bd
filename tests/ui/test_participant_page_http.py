"""The participant's own page over HTTP: what its link shows and refuses, and that its forms
record answers through the same rules as the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_string
from email.message import EmailMessage
from email.policy import default
from typing import Any
from uuid import UUID

import pytest

from core import signing
from core.errors import Unauthorized
from core.links.participant import participant_page_token, person_of_page_token
from core.links.service import revoke_link
from core.outbox import service as outbox
from core.tables import OutboxMessage
from hearing.sessions import service as sessions
from minutes.drafts import service as drafts
from scheduling.booking import service as booking
from scheduling.invitations import service as invitations
from tests.support.api_builders import booked_mediation, draft_minutes, get_json
from tests.support.builders import make_room, mediation_session
from tests.support.flow import SHANGHAI
from tests.support.minutes_builders import STAFF
from tests.support.signing_mail import LINK, PAGE_PURPOSE, text_of, tokens_by_recipient
from tests.ui.world import csrf_of

BROWSER = {"accept": "text/html,application/xhtml+xml"}


async def page_of(setup: dict[str, Any], who: str) -> str:
    """The path of the own page linked from ``who``'s signing email."""
    tokens = await tokens_by_recipient(setup["session"]["id"], PAGE_PURPOSE)
    return f"/ui/p/{tokens[setup[who]['email']]}"


async def partstat_of(
    client: Any, coordinator: dict[str, str], setup: dict[str, Any], who: str
) -> str:
    session = await get_json(client, f"/api/v1/sessions/{setup['session']['id']}", coordinator)
    return str(
        next(p for p in session["participants"] if p["person_id"] == setup[who]["id"])["partstat"]
    )


async def test_the_page_shows_the_person_s_own_sessions_only(client: Any, coordinator: Any) -> None:
    mine = await draft_minutes(client, coordinator, "PP-1")
    theirs = await draft_minutes(client, coordinator, "PP-2")
    response = await client.get(await page_of(mine, "petitioner"), headers=BROWSER)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert f'data-session="{mine["session"]["id"]}"' in response.text
    assert f'data-session="{theirs["session"]["id"]}"' not in response.text
    assert mine["minutes"]["version_sha256"] in response.text
    assert 'lang="zh-CN"' in response.text and "我的会议" in response.text
    english = await client.get(await page_of(mine, "mediator"), headers=BROWSER)
    assert 'lang="en"' in english.text and "Your sessions" in english.text


async def test_accepting_on_the_page_is_the_rsvp_and_needs_the_csrf_token(
    client: Any, coordinator: Any
) -> None:
    setup = await draft_minutes(client, coordinator, "PP-3")
    path = await page_of(setup, "petitioner")
    page = await client.get(path, headers=BROWSER)
    rsvp = f"{path}/sessions/{setup['session']['id']}/rsvp"

    forged = await client.post(rsvp, data={"partstat": "ACCEPTED"}, headers=BROWSER)
    assert forged.status_code == 403
    assert await partstat_of(client, coordinator, setup, "petitioner") == "NEEDS-ACTION"

    accepted = await client.post(
        rsvp, data={"partstat": "ACCEPTED", "_csrf_token": csrf_of(page.text)}, headers=BROWSER
    )
    assert accepted.status_code == 200, accepted.text
    assert 'data-state="recorded"' in accepted.text
    assert await partstat_of(client, coordinator, setup, "petitioner") == "ACCEPTED"


async def test_someone_else_s_session_cannot_be_answered_with_my_link(
    client: Any, coordinator: Any
) -> None:
    mine = await draft_minutes(client, coordinator, "PP-4")
    theirs = await draft_minutes(client, coordinator, "PP-5")
    path = await page_of(mine, "petitioner")
    csrf = csrf_of((await client.get(path, headers=BROWSER)).text)
    response = await client.post(
        f"{path}/sessions/{theirs['session']['id']}/rsvp",
        data={"partstat": "DECLINED", "_csrf_token": csrf},
        headers=BROWSER,
    )
    assert response.status_code == 404
    assert 'data-problem="session_not_found"' in response.text
    assert await partstat_of(client, coordinator, theirs, "petitioner") == "NEEDS-ACTION"
    signed = await client.post(
        f"{path}/minutes/{theirs['minutes']['id']}/signatures",
        data={
            "decision": "sign",
            "version_sha256": theirs["minutes"]["version_sha256"],
            "_csrf_token": csrf,
        },
        headers=BROWSER,
    )
    assert signed.status_code == 404
    pdf = await client.get(f"{path}/minutes/{theirs['minutes']['id']}/pdf")
    assert pdf.status_code == 404
    minutes = await get_json(client, f"/api/v1/minutes/{theirs['minutes']['id']}", coordinator)
    assert minutes["signatures"] == []


async def test_a_refusal_needs_its_reason_shown_next_to_the_field_then_is_recorded(
    client: Any, coordinator: Any
) -> None:
    setup = await draft_minutes(client, coordinator, "PP-6")
    path = await page_of(setup, "mediator")
    csrf = csrf_of((await client.get(path, headers=BROWSER)).text)
    target = f"{path}/minutes/{setup['minutes']['id']}/signatures"
    form = {"decision": "refuse", "version_sha256": setup["minutes"]["version_sha256"]}
    missing = await client.post(
        target, data={**form, "reason": " ", "_csrf_token": csrf}, headers=BROWSER
    )
    assert missing.status_code == 422
    assert 'data-problem="refusal_reason_required"' in missing.text
    assert "needs its reason" in missing.text
    refused = await client.post(
        target, data={**form, "reason": "与事实不符", "_csrf_token": csrf}, headers=BROWSER
    )
    assert refused.status_code == 200
    minutes = await get_json(client, f"/api/v1/minutes/{setup['minutes']['id']}", coordinator)
    [signature] = minutes["signatures"]
    assert (signature["person_id"], signature["decision"]) == (setup["mediator"]["id"], "refuse")
    assert signature["reason"] == "与事实不符"


async def test_the_minutes_download_is_the_version_to_sign(client: Any, coordinator: Any) -> None:
    setup = await draft_minutes(client, coordinator, "PP-7")
    path = await page_of(setup, "petitioner")
    pdf = await client.get(f"{path}/minutes/{setup['minutes']['id']}/pdf")
    assert pdf.status_code == 200
    assert pdf.headers["x-content-sha256"] == setup["minutes"]["version_sha256"]
    assert pdf.content.startswith(b"%PDF")


async def test_a_tampered_expired_or_revoked_link_gets_the_refusal_page_and_records_nothing(
    client: Any, coordinator: Any
) -> None:
    setup = await draft_minutes(client, coordinator, "PP-8")
    path = await page_of(setup, "petitioner")
    csrf = csrf_of((await client.get(path, headers=BROWSER)).text)
    token = path.removeprefix("/ui/p/")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    expired = participant_page_token(
        setup["petitioner"]["id"], datetime.now(UTC) - timedelta(seconds=1)
    )
    for bad, code in ((tampered, "invalid_token"), (expired, "token_expired")):
        shown = await client.get(f"/ui/p/{bad}", headers=BROWSER)
        assert shown.status_code == 401
        assert f'data-refused="{code}"' in shown.text
        posted = await client.post(
            f"/ui/p/{bad}/sessions/{setup['session']['id']}/rsvp",
            data={"partstat": "ACCEPTED", "_csrf_token": csrf},
            headers=BROWSER,
        )
        assert posted.status_code == 401
    assert await partstat_of(client, coordinator, setup, "petitioner") == "NEEDS-ACTION"

    await revoke_link(STAFF, token, datetime.now(UTC))
    revoked = await client.get(path, headers=BROWSER)
    assert revoked.status_code == 401 and 'data-refused="token_revoked"' in revoked.text


async def test_a_page_token_is_refused_by_the_signing_api_and_a_signing_token_is_not_a_page(
    client: Any, coordinator: Any
) -> None:
    setup = await draft_minutes(client, coordinator, "PP-9")
    page_token = (await page_of(setup, "petitioner")).removeprefix("/ui/p/")
    refused = await client.post(
        f"/api/v1/minutes/{setup['minutes']['id']}/signatures",
        json={"token": page_token, "decision": "sign"},
    )
    assert refused.status_code == 401
    signing = (await tokens_by_recipient(setup["session"]["id"]))[setup["petitioner"]["email"]]
    legacy = await client.get(f"/ui/p/{signing}", headers=BROWSER)
    assert legacy.status_code == 200
    assert "data-session" not in legacy.text and "Signing the minutes" not in legacy.text
    assert "笔录签署" in legacy.text


async def invitation_mails(session_id: str) -> list[EmailMessage]:
    rows, _ = await outbox.list_messages(100, 0, entity_id=session_id)
    mails = []
    for row in (r for r in rows if str(r["topic"]).startswith("invitation.")):
        stored = await OutboxMessage.select(OutboxMessage.message).where(
            OutboxMessage.id == row["id"]
        )
        mail = message_from_string(stored[0]["message"], policy=default)
        assert isinstance(mail, EmailMessage)
        mails.append(mail)
    return mails


async def test_every_invitation_email_carries_its_recipient_s_page_link_in_text_and_html(
    client: Any, coordinator: Any
) -> None:
    setup = await booked_mediation(client, coordinator, "PP-10")
    mails = await invitation_mails(setup["session"]["id"])
    people = {
        setup[who]["email"]: UUID(setup[who]["id"])
        for who in ("petitioner", "department", "mediator")
    }
    seen = set()
    for mail in mails:
        recipient = mail["To"].addresses[0].addr_spec
        html_part = mail.get_body(("html",))
        assert isinstance(html_part, EmailMessage)
        html = str(html_part.get_content())
        [token] = LINK.findall(text_of(mail))
        assert f'<a href="http://testserver/ui/p/{token}">' in html
        assert signing.read_signed(token).purpose == PAGE_PURPOSE
        assert await person_of_page_token(token, datetime.now(UTC)) == people[recipient]
        seen.add(recipient)
    assert seen == set(people)
    page = await client.get(f"/ui/p/{token}", headers=BROWSER)
    assert f'data-session="{setup["session"]["id"]}"' in page.text


async def test_a_page_link_is_revoked_through_the_link_revocation_api(
    client: Any, coordinator: Any
) -> None:
    setup = await draft_minutes(client, coordinator, "PP-11")
    token = (await page_of(setup, "petitioner")).removeprefix("/ui/p/")
    revoked = await client.post("/api/v1/links/revoke", json={"token": token}, headers=coordinator)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["purpose"] == PAGE_PURPOSE
    response = await client.get(f"/ui/p/{token}")
    assert response.status_code == 401
    assert response.json()["code"] == "token_revoked"


async def test_an_answer_link_s_token_is_not_a_page_token_nor_the_other_way_round(
    client: Any, coordinator: Any
) -> None:
    setup = await draft_minutes(client, coordinator, "PP-12")
    page_token = (await page_of(setup, "petitioner")).removeprefix("/ui/p/")
    session_id = setup["session"]["id"]
    rsvp_token = invitations.rsvp_token(
        UUID(session_id), UUID(setup["petitioner"]["id"]), datetime.now(UTC) + timedelta(days=1)
    )
    with pytest.raises(Unauthorized):
        await person_of_page_token(rsvp_token, datetime.now(UTC))
    shown = await client.get(f"/ui/p/{rsvp_token}", headers=BROWSER)
    assert shown.status_code == 401
    answered = await client.post(
        f"/api/v1/sessions/{session_id}/rsvp", json={"token": page_token, "partstat": "ACCEPTED"}
    )
    assert answered.status_code == 401


async def test_a_person_taken_off_a_session_no_longer_finds_it_on_their_page(
    client: Any, coordinator: Any
) -> None:
    setup = await draft_minutes(client, coordinator, "PP-13")
    path = await page_of(setup, "department")
    await sessions.mark_removed(UUID(setup["session"]["id"]), [UUID(setup["department"]["id"])])
    response = await client.get(path, headers=BROWSER)
    assert response.status_code == 200, response.text
    assert f'data-session="{setup["session"]["id"]}"' not in response.text


async def test_a_session_of_last_week_is_recent_its_minutes_to_sign_but_no_answer_asked(
    client: Any, coordinator: Any
) -> None:
    session, _ = await mediation_session("PP14")
    day = datetime.now(SHANGHAI).date() - timedelta(days=7)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    start = datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)
    room = await make_room("调解室 PP14")
    await booking.book_session(session.id, start, room, start - timedelta(days=10))
    minutes = await drafts.build_minutes(STAFF, session.id, datetime.now(UTC))
    petitioner = session.participants[0].person_id
    token = participant_page_token(petitioner, datetime.now(UTC) + timedelta(days=1))
    response = await client.get(f"/ui/p/{token}", headers=BROWSER)
    assert response.status_code == 200, response.text
    upcoming, recent = response.text.split('data-list="recent"')
    assert f'data-session="{session.id}"' in recent and "data-session" not in upcoming
    assert 'data-action="accept"' not in response.text
    assert f'data-minutes="{minutes.id}"' in recent and 'data-action="sign"' in recent
