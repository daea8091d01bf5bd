"""The page behind the emailed signing link: in its person's language, accessible, recording
nothing until a button is pressed, and saying what became of the answer."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from tests.support.api_builders import draft_minutes, get_json
from tests.support.flow import post_ok
from tests.support.signing_mail import tokens_by_recipient


class Page(HTMLParser):
    """What the page offers: its language, form, fields with their labels, buttons, notes."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.forms: list[dict[str, str]] = []
        self.fields: list[dict[str, str]] = []
        self.labelled: set[str] = set()
        self.actions: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.states: list[str] = []
        self.problems: list[str] = []
        self.sha256 = ""
        self._in_sha = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = found.get("lang", "")
        elif tag == "form":
            self.forms.append(found)
        elif tag in ("input", "textarea", "select"):
            self.fields.append(found)
        elif tag == "label" and "for" in found:
            self.labelled.add(found["for"])
        elif tag == "button" and "data-action" in found:
            self.actions[found["data-action"]] = found.get("value", "")
        elif tag == "a" and "data-action" in found:
            self.links[found["data-action"]] = found["href"]
        if "data-state" in found:
            self.states.append(found["data-state"])
        if "data-problem" in found:
            self.problems.append(found["data-problem"])
        self._in_sha = found.get("data-field") == "version_sha256"

    def handle_data(self, data: str) -> None:
        if self._in_sha:
            self.sha256 += data.strip()

    def handle_endtag(self, tag: str) -> None:
        self._in_sha = False


def parsed(response: Any) -> Page:
    assert response.headers["content-type"].startswith("text/html"), response.headers
    page = Page()
    page.feed(response.text)
    return page


async def link_of(setup: dict[str, Any], who: str) -> str:
    """The path of the signing page emailed to ``who`` (a key of ``setup``)."""
    token = (await tokens_by_recipient(setup["session"]["id"]))[setup[who]["email"]]
    return f"/ui/p/{token}"


def path_of(url: str) -> str:
    return urlsplit(url).path


async def signatures(client: Any, headers: dict[str, str], setup: dict[str, Any]) -> list[Any]:
    minutes = await get_json(client, f"/api/v1/minutes/{setup['minutes']['id']}", headers)
    found: list[Any] = minutes["signatures"]
    return found


async def test_the_page_shows_the_version_in_its_person_s_language_and_records_nothing(
    client, coordinator
) -> None:
    setup = await draft_minutes(client, coordinator, "SP-1")
    link = await link_of(setup, "mediator")
    response = await client.get(link)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    page = parsed(response)
    assert page.lang == "en"
    assert "Signing the minutes" in response.text and "补偿争议调解" in response.text
    assert page.sha256 == setup["minutes"]["version_sha256"]
    [form] = page.forms
    assert (form["method"], path_of(form["action"])) == ("post", link)
    assert [field["name"] for field in page.fields] == ["reason"]
    assert all(field["id"] in page.labelled for field in page.fields)
    assert page.actions == {"sign": "sign", "refuse": "refuse"}
    assert page.states == []
    assert await signatures(client, coordinator, setup) == []

    chinese = parsed(await client.get(await link_of(setup, "petitioner")))
    assert chinese.lang == "zh-CN"


async def test_the_page_downloads_exactly_the_version_it_asks_to_sign(client, coordinator) -> None:
    setup = await draft_minutes(client, coordinator, "SP-2")
    page = parsed(await client.get(await link_of(setup, "petitioner")))
    pdf = await client.get(path_of(page.links["download"]))
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["x-content-sha256"] == setup["minutes"]["version_sha256"]
    assert pdf.content.startswith(b"%PDF")


async def test_signing_on_the_page_thanks_once_and_then_says_it_was_answered(
    client, coordinator
) -> None:
    setup = await draft_minutes(client, coordinator, "SP-3")
    link = await link_of(setup, "petitioner")
    response = await client.post(link, data={"decision": "sign", "reason": ""})
    assert response.status_code == 200, response.text
    page = parsed(response)
    assert page.states == ["recorded"] and page.forms == []
    [signature] = await signatures(client, coordinator, setup)
    assert (signature["person_id"], signature["decision"]) == (setup["petitioner"]["id"], "sign")
    assert signature["identified_by"] == "signing_link"

    again = await client.post(link, data={"decision": "refuse", "reason": "改主意"})
    assert again.status_code == 409
    assert parsed(again).problems == ["already_answered"]
    assert "已对本版笔录作出答复" in again.text
    reopened = parsed(await client.get(link))
    assert reopened.states == ["answered"] and reopened.forms == []
    assert len(await signatures(client, coordinator, setup)) == 1


async def test_a_refusal_on_the_page_needs_a_reason_which_is_then_recorded(
    client, coordinator
) -> None:
    setup = await draft_minutes(client, coordinator, "SP-4")
    link = await link_of(setup, "mediator")
    missing = await client.post(link, data={"decision": "refuse", "reason": "  "})
    assert missing.status_code == 422
    page = parsed(missing)
    assert page.problems == ["refusal_reason_required"]
    assert "needs its reason" in missing.text
    assert page.actions == {"sign": "sign", "refuse": "refuse"}
    assert await signatures(client, coordinator, setup) == []

    refused = await client.post(link, data={"decision": "refuse", "reason": "Times are wrong"})
    assert refused.status_code == 200
    [signature] = await signatures(client, coordinator, setup)
    assert (signature["decision"], signature["reason"]) == ("refuse", "Times are wrong")


async def test_the_page_of_an_older_version_says_a_newer_one_exists_and_takes_no_answer(
    client, coordinator
) -> None:
    setup = await draft_minutes(client, coordinator, "SP-5")
    old = await link_of(setup, "department")
    await post_ok(client, f"/api/v1/sessions/{setup['session']['id']}/minutes", coordinator, None)
    shown = parsed(await client.get(old))
    assert shown.states == ["superseded"] and shown.forms == []
    response = await client.post(old, data={"decision": "sign"})
    assert response.status_code == 409
    assert parsed(response).problems == ["stale_version"]
    assert await signatures(client, coordinator, setup) == []


async def test_an_altered_link_opens_nothing_and_records_nothing(client, coordinator) -> None:
    setup = await draft_minutes(client, coordinator, "SP-6")
    link = await link_of(setup, "petitioner")
    altered = link[:-4] + ("AAAA" if link[-4:] != "AAAA" else "BBBB")
    for response in (
        await client.get(altered),
        await client.get(f"{altered}/minutes.pdf"),
        await client.post(altered, data={"decision": "sign"}),
    ):
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_token"
    assert await signatures(client, coordinator, setup) == []
