"""The SQL statements a piece of code sends, as tests that count queries read them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from core.db import database


def record_statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every statement run from now on, in order: every Piccolo query passes through these two
    methods, patched on the engine class so that it counts whichever loop runs them."""
    sent: list[str] = []
    engine_class = type(database())

    def counting(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def run(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
            sent.append(str(query))
            return await method(self, query, *args, **kwargs)

        return run

    for name in ("run_querystring", "run_ddl"):
        monkeypatch.setattr(engine_class, name, counting(getattr(engine_class, name)))
    return sent
