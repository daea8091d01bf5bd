"""Use case: export one bag per sealed minutes into a directory (``concord archive export``).

Re-running is cheap and safe: a bag already there that the ``bagit`` library finds valid, for
the same sealed PDF, is left alone; a damaged or partial one is written again.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.db import in_thread
from core.errors import DomainError
from minutes.archive.bags.service import SEALED_SHA256_LABEL, bag_name, bag_payload
from minutes.archive.bags.writer import BagPayload, bag_info, bag_problems, write_bag
from minutes.store import MinutesRow, all_sealed_minutes

#: Told how many of the sealed minutes are done, and of how many.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportFailure:
    minutes_id: str
    reason: str


@dataclass(frozen=True)
class ExportReport:
    written: tuple[str, ...]
    skipped: tuple[str, ...]
    failed: tuple[ExportFailure, ...]


async def export_bags(
    directory: Path, now: datetime, progress: Progress | None = None
) -> ExportReport:
    """A bag for every sealed minutes under ``directory``, named by the minutes id."""
    directory.mkdir(parents=True, exist_ok=True)
    sealed = await all_sealed_minutes()
    written: list[str] = []
    skipped: list[str] = []
    failed: list[ExportFailure] = []
    for done, minutes in enumerate(sealed, start=1):
        target = directory / bag_name(minutes)
        if await in_thread(is_exported, target, minutes):
            skipped.append(target.name)
        else:
            try:
                payload = await bag_payload(minutes, now)
            except DomainError as error:
                # One damaged file must not stop the others from being archived.
                failed.append(ExportFailure(str(minutes.id), error.message))
            else:
                await in_thread(_replace_bag, target, payload)
                written.append(target.name)
        if progress is not None:
            progress(done, len(sealed))
    return ExportReport(tuple(written), tuple(skipped), tuple(failed))


def is_exported(target: Path, minutes: MinutesRow) -> bool:
    """A valid bag of exactly this sealed PDF is already at ``target``."""
    if not target.is_dir() or bag_problems(target):
        return False
    return bag_info(target).get(SEALED_SHA256_LABEL) == minutes.sealed_sha256


def _replace_bag(target: Path, payload: BagPayload) -> None:
    # Written beside the target and renamed into place, so an interrupted export never
    # leaves a half bag under the final name.
    partial = target.with_name(f".{target.name}.partial")
    if partial.exists():
        shutil.rmtree(partial)
    write_bag(partial, payload)
    if target.exists():
        shutil.rmtree(target)
    partial.rename(target)
