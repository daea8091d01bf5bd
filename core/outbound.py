"""The one way Concord fetches a URL someone else chose (a calendar subscription, say) or an
administrator configured (the timestamp authority).

Anyone who can register a URL can otherwise make the server reach what only it can reach:
loopback, the private network, a cloud metadata address. So a fetch is refused unless its
scheme is http(s) and every address its host resolves to is public, or named in the
allow-list. The connection is then made to the address that was checked (the host name only
rides along in the Host header and TLS SNI), so a second DNS answer cannot swap in another
one; redirects are followed here, one hop at a time, each checked the same way. The body is
streamed and cut off at a size cap, and every error is worded by us: nothing of the reply
(status line, headers, body) is ever echoed back to whoever registered the URL.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import httpx

from core.settings import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

SCHEMES = frozenset({"http", "https"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: RFC 9110 §15.4: only these redirects repeat the request as it was; the others become a GET.
REPEATING_REDIRECTS = frozenset({307, 308})


class OutboundError(Exception):
    """A fetch that did not give a body; the message is safe to show to the requester."""


class OutboundRefused(OutboundError):
    """The URL (or a redirect) points where Concord may not go."""


class OutboundUnreachable(OutboundError):
    """The server could not be reached in time or did not answer with a body."""


class OutboundTooLarge(OutboundError):
    """The body is larger than the cap; it was cut off unread."""


@dataclass(frozen=True)
class OutboundPolicy:
    """Where outbound fetches may go and how much they may take."""

    allowed_hosts: frozenset[str] = frozenset()
    allowed_networks: tuple[IPNetwork, ...] = ()
    max_bytes: int = 10 * 1024 * 1024
    connect_timeout_seconds: float = 5.0
    #: Both the wait for each read and the whole fetch, redirects included: a server
    #: trickling one byte at a time cannot hold a worker longer than this.
    timeout_seconds: float = 15.0
    max_redirects: int = 3

    @classmethod
    def from_settings(cls, settings: Settings) -> OutboundPolicy:
        hosts, networks = parse_allow_list(settings.outbound_allow)
        return cls(
            allowed_hosts=hosts,
            allowed_networks=networks,
            max_bytes=settings.outbound_max_bytes,
            connect_timeout_seconds=settings.outbound_connect_timeout_seconds,
            timeout_seconds=settings.outbound_timeout_seconds,
        )

    def allows_address(self, address: IPAddress) -> bool:
        return is_public(address) or any(address in net for net in self.allowed_networks)


def parse_allow_list(entries: Iterable[str]) -> tuple[frozenset[str], tuple[IPNetwork, ...]]:
    """Host names and CIDRs (``10.0.0.0/8``, ``127.0.0.1``) from the allow-list setting."""
    hosts: set[str] = set()
    networks: list[IPNetwork] = []
    for entry in (e.strip() for e in entries):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            hosts.add(entry.lower().rstrip("."))
    return frozenset(hosts), tuple(networks)


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


@dataclass(frozen=True)
class Fetched:
    body: bytes
    #: The charset the server declared in Content-Type, if any.
    charset: str | None
    #: The media type the server declared (``application/timestamp-reply``), without parameters.
    media_type: str = ""


@dataclass(frozen=True)
class Outgoing:
    """What is sent: a GET by default, or a POST with a body (a timestamp request)."""

    method: str = "GET"
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=lambda: {"Accept": "*/*"})

    def redirected(self, status: int) -> Outgoing:
        if status in REPEATING_REDIRECTS or self.method == "GET":
            return self
        headers = {k: v for k, v in self.headers.items() if k.lower() != "content-type"}
        return Outgoing(headers=headers)


async def fetch(url: str, policy: OutboundPolicy, outgoing: Outgoing | None = None) -> Fetched:
    """Send ``outgoing`` (a GET) to ``url`` under ``policy``; an :class:`OutboundError` says
    why there is no body."""
    try:
        async with asyncio.timeout(policy.timeout_seconds):
            return await _follow(httpx.URL(url), policy, outgoing or Outgoing())
    except (TimeoutError, httpx.TimeoutException) as exc:
        raise OutboundUnreachable("the server did not answer in time") from exc
    except httpx.InvalidURL as exc:
        raise OutboundRefused("this is not a URL Concord can fetch") from exc
    except httpx.HTTPError as exc:
        # httpx's own text can quote the reply (a malformed status line, say): not shown.
        raise OutboundUnreachable("the server could not be reached") from exc


async def _follow(url: httpx.URL, policy: OutboundPolicy, outgoing: Outgoing) -> Fetched:
    for _ in range(policy.max_redirects + 1):
        outcome = await _hop(url, policy, outgoing)
        if isinstance(outcome, Fetched):
            return outcome
        url, status = outcome
        outgoing = outgoing.redirected(status)
    raise OutboundUnreachable(f"more than {policy.max_redirects} redirects")


async def _hop(
    url: httpx.URL, policy: OutboundPolicy, outgoing: Outgoing
) -> Fetched | tuple[httpx.URL, int]:
    """One request: the body, or the URL it redirects to and how (checked on the next hop)."""
    address = await checked_address(url, policy)
    async with _client(policy) as client:
        response = await client.send(_pinned(client, url, address, outgoing), stream=True)
        try:
            if response.status_code in REDIRECTS and "location" in response.headers:
                return _redirected(url, response.headers["location"]), response.status_code
            if response.status_code != 200:
                raise OutboundUnreachable(
                    f"the server answered with HTTP status {response.status_code}"
                )
            body = await _capped_body(response, policy.max_bytes)
            media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            return Fetched(body, response.charset_encoding, media_type)
        finally:
            await response.aclose()


def _client(policy: OutboundPolicy) -> httpx.AsyncClient:
    # One client per hop: a pooled connection to the same address would carry another host's
    # TLS name. trust_env=False: a proxy from the environment would do the resolving instead.
    timeout = httpx.Timeout(policy.timeout_seconds, connect=policy.connect_timeout_seconds)
    return httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False)


def _pinned(
    client: httpx.AsyncClient, url: httpx.URL, address: IPAddress, outgoing: Outgoing
) -> httpx.Request:
    """The request for ``url`` sent to ``address``, with the host name kept for HTTP and TLS."""
    return client.build_request(
        outgoing.method,
        url.copy_with(host=str(address)),
        content=outgoing.body or None,
        headers={**outgoing.headers, "Host": url.netloc.decode("ascii")},
        extensions={"sni_hostname": url.host},
    )


def _redirected(url: httpx.URL, location: str) -> httpx.URL:
    target = url.join(location)
    if (target.scheme, target.host, target.port) != (url.scheme, url.host, url.port):
        # Credentials given for one server are not handed on to another.
        target = target.copy_with(username=None, password=None)
    return target


async def checked_address(url: httpx.URL, policy: OutboundPolicy) -> IPAddress:
    """The address to connect to for ``url``: its host resolved, every answer allowed."""
    if url.scheme not in SCHEMES:
        raise OutboundRefused("only http and https URLs can be fetched")
    host = url.host.lower().rstrip(".")
    if not host:
        raise OutboundRefused("the URL names no host")
    addresses = await _resolve(host, url.port or (443 if url.scheme == "https" else 80))
    if host in policy.allowed_hosts:
        return addresses[0]
    # Every answer must pass, not just one: which one a later lookup would pick is not ours
    # to know, and the connection goes to the first.
    if not all(policy.allows_address(address) for address in addresses):
        raise OutboundRefused(
            f"{host} is not a public address; an administrator can allow it "
            "(CONCORD_OUTBOUND_ALLOW)"
        )
    return addresses[0]


async def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        answers = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise OutboundUnreachable(f"the host name {host} could not be resolved") from exc
    addresses = [ipaddress.ip_address(str(answer[4][0]).split("%")[0]) for answer in answers]
    if not addresses:
        raise OutboundUnreachable(f"the host name {host} could not be resolved")
    return addresses


async def _capped_body(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise OutboundTooLarge(f"the reply is larger than {max_bytes} bytes")
    chunks: list[bytes] = []
    received = 0
    async for chunk in response.aiter_bytes():
        received += len(chunk)
        if received > max_bytes:
            raise OutboundTooLarge(f"the reply is larger than {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
