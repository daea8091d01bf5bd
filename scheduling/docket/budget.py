"""Docket planning, time budget: a deadline read on a clock that tests can replace."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]
"""Seconds on a monotonic clock (``time.perf_counter`` unless a test injects its own)."""


@dataclass(frozen=True)
class Budget:
    """Until when a planner may work; ``deadline`` None means as long as it takes."""

    deadline: float | None = None
    clock: Clock = time.perf_counter

    @classmethod
    def of(cls, seconds: float | None, clock: Clock = time.perf_counter) -> Budget:
        """A budget of ``seconds`` from now (None: unlimited)."""
        return cls(None if seconds is None else clock() + max(seconds, 0.0), clock)

    def left(self) -> float:
        """Seconds left (infinite when unlimited, never negative)."""
        if self.deadline is None:
            return float("inf")
        return max(self.deadline - self.clock(), 0.0)

    def spent(self, margin: float = 0.0) -> bool:
        return self.left() <= margin
