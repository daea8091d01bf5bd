"""`concord archive export DIR`: a valid bag per sealed minutes, and a re-run that changes
nothing but mends a damaged bag."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import bagit
import pytest

import cli
from tests.support.minutes_builders import booked_session, built_minutes, sealed_minutes

NOW = datetime.now(UTC)


async def concord(*arguments: str) -> int:
    # The command runs its own event loop, so it gets a thread of its own.
    return await asyncio.to_thread(cli.main, list(arguments))


def _snapshot(directory: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(path.relative_to(directory)): (path.stat().st_mtime_ns, path.read_bytes())
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


async def test_every_sealed_minutes_is_exported_once_as_a_valid_bag(
    db, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = await sealed_minutes(await booked_session("ex1"), NOW)
    second = await sealed_minutes(await booked_session("ex2"), NOW)
    await built_minutes(await booked_session("ex3"), NOW)
    target = tmp_path / "bags"

    assert await concord("archive", "export", str(target)) == 0

    assert sorted(path.name for path in target.iterdir()) == sorted([str(first.id), str(second.id)])
    for minutes in (first, second):
        bag = bagit.Bag(str(target / str(minutes.id)))
        bag.validate()
        assert bag.info["Sealed-SHA256"] == minutes.sealed_sha256
    assert "2 bag(s) written, 0 already exported" in capsys.readouterr().out

    before = _snapshot(target)
    assert await concord("archive", "export", str(target)) == 0
    assert _snapshot(target) == before
    assert "0 bag(s) written, 2 already exported and valid" in capsys.readouterr().out


async def test_a_damaged_bag_is_written_again(db, tmp_path, capsys) -> None:
    minutes = await sealed_minutes(await booked_session("ex4"), NOW)
    target = tmp_path / "bags"
    assert await concord("archive", "export", str(target)) == 0
    record = target / str(minutes.id) / "data" / "record.json"
    original = record.read_bytes()
    record.write_bytes(original.replace(b'"version":1', b'"version":9'))
    capsys.readouterr()

    assert await concord("archive", "export", str(target)) == 0

    assert record.read_bytes() == original
    bagit.Bag(str(target / str(minutes.id))).validate()
    assert "1 bag(s) written, 0 already exported" in capsys.readouterr().out
