"""Keeping the garbage collector's full passes out of requests.

A full collection walks every object alive. After start-up most of those are modules, classes,
the route table and the OpenAPI schema, which will never be garbage, and walking them made a
full pass a 100 ms stall in whichever request it landed (docs/performance.md). Moved into the
permanent generation once the app has started, they are no longer walked.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar


@asynccontextmanager
async def freeze_start_up_heap(_: Litestar) -> AsyncIterator[None]:
    """The last start-up step: whatever is alive now lives as long as the process."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
