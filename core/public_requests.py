"""The per-address throttle of public endpoints that write the audit log (verification,
downloads, signing by link): without a login, the address is all there is to count.

The count is kept in the database, not in the process, so workers sharing it share the limit;
each request is written down before the count is taken, so simultaneous ones cannot all slip
under it (each counts the ones committed before it)."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

from core.db import write_transaction
from core.errors import TooManyRequests
from core.tables import PublicRequest
from core.throttle import PUBLIC_WINDOW, retry_after


async def count_public_request(
    group: str, address: str, now: datetime, limit: int, window: timedelta = PUBLIC_WINDOW
) -> None:
    """Write the request down, or refuse it (429, Retry-After) when ``address`` has already
    made ``limit`` requests to ``group`` within the window."""
    request_id = uuid4()
    async with write_transaction():
        await PublicRequest.delete().where(PublicRequest.at <= now - window)
        await PublicRequest.insert(
            PublicRequest(id=request_id, at=now, endpoint_group=group, address=address)
        )
    earlier = await PublicRequest.select(PublicRequest.at).where(
        (PublicRequest.endpoint_group == group)
        & (PublicRequest.address == address)
        & (PublicRequest.at > now - window)
        & (PublicRequest.id != request_id)
    )
    wait = retry_after([row["at"] for row in earlier], limit, now, window)
    if wait is None:
        return
    # A refused request does not count, or a client that keeps trying would never get in.
    await PublicRequest.delete().where(PublicRequest.id == request_id)
    raise TooManyRequests(
        f"too many requests from this address; try again in {wait} seconds",
        retry_after_seconds=wait,
        code="too_many_requests",
    )
