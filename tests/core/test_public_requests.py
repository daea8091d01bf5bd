"""The per-address count behind the public endpoints' throttle, with the clock passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.errors import TooManyRequests
from core.public_requests import count_public_request
from core.throttle import PUBLIC_WINDOW

NOW = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)


async def test_the_request_past_the_limit_is_refused_until_the_first_leaves_the_window(db) -> None:
    for second in range(3):
        await count_public_request("verify", "192.0.2.1", NOW + timedelta(seconds=second), 3)

    with pytest.raises(TooManyRequests) as caught:
        await count_public_request("verify", "192.0.2.1", NOW + timedelta(seconds=10), 3)

    assert caught.value.retry_after_seconds == 50
    await count_public_request("verify", "192.0.2.1", NOW + PUBLIC_WINDOW + timedelta(seconds=1), 3)


async def test_addresses_and_endpoint_groups_are_counted_apart(db) -> None:
    for _ in range(3):
        await count_public_request("verify", "192.0.2.1", NOW, 3)

    await count_public_request("verify", "192.0.2.2", NOW, 3)
    await count_public_request("certificate", "192.0.2.1", NOW, 3)
    with pytest.raises(TooManyRequests):
        await count_public_request("verify", "192.0.2.1", NOW, 3)


async def test_a_refused_request_does_not_count_against_the_next_window(db) -> None:
    for _ in range(3):
        await count_public_request("verify", "192.0.2.1", NOW, 3)
    for second in range(1, 30):
        with pytest.raises(TooManyRequests):
            await count_public_request("verify", "192.0.2.1", NOW + timedelta(seconds=second), 3)

    # Had the refusals counted, the address would still be over the limit here.
    await count_public_request("verify", "192.0.2.1", NOW + PUBLIC_WINDOW + timedelta(seconds=1), 3)
