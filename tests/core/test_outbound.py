"""Every rule of the guarded outbound client, against a real HTTP server on loopback."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from core import outbound
from core.outbound import (
    OutboundPolicy,
    OutboundRefused,
    OutboundTooLarge,
    OutboundUnreachable,
    Outgoing,
    fetch,
    is_public,
)
from tests.support.http_origin import Origin, Route, http_origin, reply

CALENDAR = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
SECRET = b'SECRET-REPLY-CONTENT {"status": "ok", "database": "up"}'
LOOPBACK = OutboundPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),))


@pytest.fixture
def origin() -> Iterator[Origin]:
    with http_origin() as served:
        yield served


async def test_loopback_is_refused_without_the_allow_list_and_never_contacted(origin) -> None:
    origin.routes["/cal.ics"] = reply(200, CALENDAR)
    for url in (origin.url("/cal.ics"), origin.url("/cal.ics", "localhost")):
        with pytest.raises(OutboundRefused) as refused:
            await fetch(url, OutboundPolicy())
        assert "not a public address" in str(refused.value)
    assert origin.requests == []


async def test_loopback_is_fetched_when_the_allow_list_names_it(origin) -> None:
    origin.routes["/cal.ics"] = reply(200, CALENDAR, {"Content-Type": "text/calendar; charset=gbk"})
    fetched = await fetch(origin.url("/cal.ics"), LOOPBACK)
    assert (fetched.body, fetched.charset) == (CALENDAR, "gbk")
    by_name = await fetch(
        origin.url("/cal.ics", "localhost"), OutboundPolicy(allowed_hosts=frozenset({"localhost"}))
    )
    assert by_name.body == CALENDAR


async def test_a_redirect_to_a_loopback_or_private_address_is_refused(origin) -> None:
    # localhost is allowed by name; the addresses it redirects to are not.
    allowed = OutboundPolicy(allowed_hosts=frozenset({"localhost"}))
    origin.routes["/secret"] = reply(200, SECRET)
    for target in (origin.url("/secret"), "http://10.0.0.7/", "http://169.254.169.254/latest/"):
        origin.routes["/moved"] = reply(302, headers={"Location": target})
        with pytest.raises(OutboundRefused):
            await fetch(origin.url("/moved", "localhost"), allowed)
    assert [path for path, _ in origin.requests] == ["/moved"] * 3


async def test_redirects_are_followed_checked_and_bounded(origin) -> None:
    origin.routes["/a"] = reply(301, headers={"Location": "/b"})
    origin.routes["/b"] = reply(307, headers={"Location": origin.url("/cal.ics")})
    origin.routes["/cal.ics"] = reply(200, CALENDAR)
    assert (await fetch(origin.url("/a"), LOOPBACK)).body == CALENDAR
    origin.routes["/loop"] = reply(302, headers={"Location": "/loop"})
    with pytest.raises(OutboundUnreachable) as looping:
        await fetch(origin.url("/loop"), LOOPBACK)
    assert "redirects" in str(looping.value)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.cn/cal.ics", "gopher://127.0.0.1:70/", "x"]
)
async def test_a_non_http_scheme_is_refused(url: str) -> None:
    with pytest.raises(OutboundRefused):
        await fetch(url, LOOPBACK)


def _chunked(size: int) -> object:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        chunk = b"x" * 1024
        for _ in range(size // 1024):
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        handler.wfile.write(b"0\r\n\r\n")

    return route


async def test_an_oversized_body_is_cut_off_with_a_clear_error(origin) -> None:
    small = OutboundPolicy(allowed_networks=LOOPBACK.allowed_networks, max_bytes=4096)
    origin.routes["/declared"] = reply(200, b"x" * 10_000)
    origin.routes["/streamed"] = _chunked(64 * 1024)
    origin.routes["/fits"] = reply(200, b"x" * 4096)
    for path in ("/declared", "/streamed"):
        with pytest.raises(OutboundTooLarge) as too_large:
            await fetch(origin.url(path), small)
        assert str(too_large.value) == "the reply is larger than 4096 bytes"
    assert len((await fetch(origin.url("/fits"), small)).body) == 4096


async def test_a_slow_or_trickling_server_times_out(origin) -> None:
    impatient = OutboundPolicy(allowed_networks=LOOPBACK.allowed_networks, timeout_seconds=0.5)

    def silent(handler: BaseHTTPRequestHandler) -> None:
        origin.done.wait(10)

    def trickling(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        for _ in range(1000):
            if origin.done.is_set():
                return
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)

    origin.routes["/silent"] = silent
    origin.routes["/trickle"] = trickling
    for path in ("/silent", "/trickle"):
        with pytest.raises(OutboundUnreachable) as late:
            await fetch(origin.url(path), impatient)
        assert str(late.value) == "the server did not answer in time"


async def test_errors_reveal_nothing_of_the_reply(origin) -> None:
    def garbled(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(SECRET + b"\r\n\r\n")

    origin.routes["/error"] = reply(500, SECRET, {"X-Secret": SECRET.decode()})
    origin.routes["/garbled"] = garbled
    messages = []
    for path in ("/error", "/garbled"):
        with pytest.raises(OutboundUnreachable) as failed:
            await fetch(origin.url(path), LOOPBACK)
        messages.append(str(failed.value))
    assert messages[0] == "the server answered with HTTP status 500"
    assert all(b"SECRET" not in message.encode() for message in messages)


async def test_the_connection_goes_to_the_checked_address_not_a_second_lookup(
    origin, monkeypatch
) -> None:
    """calendar.example exists in no DNS: the fetch can only succeed by connecting to the
    address the check resolved, and it resolves once per request."""
    lookups: list[str] = []

    async def resolve(host: str, port: int) -> list[outbound.IPAddress]:
        lookups.append(host)
        return [ipaddress.ip_address("127.0.0.1")]

    monkeypatch.setattr(outbound, "_resolve", resolve)
    origin.routes["/cal.ics"] = reply(200, CALENDAR)
    fetched = await fetch(origin.url("/cal.ics", "calendar.example"), LOOPBACK)
    assert fetched.body == CALENDAR
    assert lookups == ["calendar.example"]
    assert origin.requests == [("/cal.ics", f"calendar.example:{origin.port}")]


async def test_a_host_with_any_internal_answer_is_refused(monkeypatch) -> None:
    async def resolve(host: str, port: int) -> list[outbound.IPAddress]:
        return [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.1.2.3")]

    monkeypatch.setattr(outbound, "_resolve", resolve)
    with pytest.raises(OutboundRefused):
        await fetch("https://calendar.example/cal.ics", OutboundPolicy())


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fc00::1",
        "fe80::1",
        "::ffff:127.0.0.1",
    ],
)
def test_internal_addresses_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_internet_addresses_are_public(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


def test_the_allow_list_takes_host_names_and_cidrs() -> None:
    hosts, networks = outbound.parse_allow_list(["CalDAV.Internal.", " 10.20.0.0/16", "", "::1"])
    assert hosts == frozenset({"caldav.internal"})
    assert networks == (ipaddress.ip_network("10.20.0.0/16"), ipaddress.ip_network("::1/128"))


def echo_method_and_body(seen: list[tuple[str, bytes, str]]) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        seen.append(
            (handler.command, handler.rfile.read(length), handler.headers.get("Content-Type", ""))
        )
        reply(200, b"ok", {"Content-Type": "application/timestamp-reply"})(handler)

    return route


async def test_a_post_is_sent_with_its_body_and_a_307_repeats_it_but_a_303_does_not(
    origin,
) -> None:
    seen: list[tuple[str, bytes, str]] = []
    origin.routes["/tsr"] = echo_method_and_body(seen)
    origin.routes["/again"] = reply(307, headers={"Location": "/tsr"})
    origin.routes["/see-other"] = reply(303, headers={"Location": "/tsr"})
    query = Outgoing("POST", b"\x30\x03query", {"Content-Type": "application/timestamp-query"})

    fetched = await fetch(origin.url("/tsr"), LOOPBACK, query)
    await fetch(origin.url("/again"), LOOPBACK, query)
    await fetch(origin.url("/see-other"), LOOPBACK, query)

    assert (fetched.body, fetched.media_type) == (b"ok", "application/timestamp-reply")
    posted = ("POST", b"\x30\x03query", "application/timestamp-query")
    assert seen == [posted, posted, ("GET", b"", "")]
