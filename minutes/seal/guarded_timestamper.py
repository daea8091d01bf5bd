"""The configured RFC 3161 timestamp authority, reached through Concord's guarded outbound
client (core.outbound) rather than pyHanko's own HTTP client.

The TSA URL is a setting, but settings get copied between machines and edited in a hurry: a
URL that points at loopback or the private network, or redirects there, is refused like any
other outbound fetch unless the allow-list names it, and a failure never quotes the reply.
"""

from __future__ import annotations

from asn1crypto import tsp
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError, set_tsp_headers

from core import outbound
from core.errors import Unavailable

REPLY_MEDIA_TYPE = "application/timestamp-reply"


class TimestampAuthorityUnavailable(TimestampRequestError):
    """The timestamp authority may not or cannot be used; the message is safe to show."""


class GuardedTimeStamper(TimeStamper):
    def __init__(self, url: str, policy: outbound.OutboundPolicy) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.url = url
        self.policy = policy

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        request = outbound.Outgoing("POST", req.dump(), set_tsp_headers({}))
        try:
            fetched = await outbound.fetch(self.url, self.policy, request)
        except outbound.OutboundError as exc:
            raise TimestampAuthorityUnavailable(str(exc)) from exc
        if fetched.media_type != REPLY_MEDIA_TYPE:
            raise TimestampAuthorityUnavailable("the server did not answer with a timestamp")
        try:
            response = tsp.TimeStampResp.load(fetched.body)
            # asn1crypto parses lazily: a malformed reply must fail here, not deep in pyHanko.
            _ = response.native
        except ValueError as exc:
            raise TimestampAuthorityUnavailable("the server's timestamp is malformed") from exc
        return response


def unavailable(exc: TimestampRequestError) -> Unavailable:
    """A failed timestamp request as the problem the sealing coordinator sees."""
    detail = str(exc) if isinstance(exc, TimestampAuthorityUnavailable) else "it refused"
    return Unavailable(
        f"the timestamp authority could not be used: {detail}; nothing was sealed",
        code="timestamp_authority_unavailable",
    )
