"""What is alive once the app has started is frozen out of full garbage collections."""

from __future__ import annotations

import gc

from litestar.testing import AsyncTestClient

from app import create_app


async def test_the_start_up_heap_is_frozen_while_the_app_serves(db: None) -> None:
    assert gc.get_freeze_count() == 0
    async with AsyncTestClient(app=create_app()) as client:
        assert gc.get_freeze_count() > 10_000
        assert (await client.get("/health")).status_code == 200
    assert gc.get_freeze_count() == 0
