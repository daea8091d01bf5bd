"""What every benchmark prints with its figures: the machine, and its own section of
``docs/performance.md`` replaced in place."""

from __future__ import annotations

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

REPORT = Path("docs/performance.md")


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    return (
        f"Machine: {os.cpu_count()} CPUs ({model.group(1) if model else 'unknown'}), "
        f"Python {platform.python_version()} on {platform.system()} {platform.release()}, "
        f"measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
        f"(load average {os.getloadavg()[0]:.1f}: other jobs may share the machine)."
    )


def write_section(heading: str, text: str, path: Path = REPORT) -> None:
    """Replace the section under ``heading`` (a ``## `` line) in ``path``, or add it."""
    current = path.read_text() if path.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text + "\n", current, count=1)
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated.rstrip("\n") + "\n")


def percentile(samples: list[float], share: float) -> float:
    """The nearest-rank percentile of ``samples`` (``share`` between 0 and 1)."""
    ordered = sorted(samples)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]
