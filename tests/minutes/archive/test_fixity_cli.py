"""`concord archive verify`: every stored file re-hashed against its name and every file the
minutes refer to present; each fault named, and a non-zero exit."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import cli
from minutes.archive.content_store import ContentStore, content_store
from minutes.archive.fixity import FaultKind, Reference, check_store
from tests.support.minutes_builders import booked_session, built_minutes, sealed_minutes

NOW = datetime.now(UTC)


async def concord(*arguments: str) -> int:
    # The command runs its own event loop, so it gets a thread of its own.
    return await asyncio.to_thread(cli.main, list(arguments))


def _flip_a_byte(path: Path) -> None:
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged_files() -> Iterator[list[Path]]:
    """Files a test damages in the shared content store, removed afterwards so that no later
    test finds them."""
    damaged: list[Path] = []
    yield damaged
    for path in damaged:
        path.unlink(missing_ok=True)


async def test_verify_passes_then_names_a_corrupted_and_a_missing_file(
    db, capsys: pytest.CaptureFixture[str], damaged_files: list[Path]
) -> None:
    sealed = await sealed_minutes(await booked_session("fx1"), NOW)
    draft = await built_minutes(await booked_session("fx2"), NOW)

    assert await concord("archive", "verify") == 0
    assert "intact" in capsys.readouterr().out

    store = content_store()
    assert sealed.sealed_sha256 is not None
    corrupted, missing = store.path_for(sealed.sealed_sha256), store.path_for(draft.version_sha256)
    damaged_files.extend([corrupted, missing])
    _flip_a_byte(corrupted)
    missing.unlink()

    assert await concord("archive", "verify") != 0

    output = capsys.readouterr()
    assert f"corrupted: {sealed.sealed_sha256} (sealed PDF of minutes {sealed.id})" in output.err
    assert f"missing: {draft.version_sha256} (version 1 of minutes {draft.id})" in output.err
    assert "2 fault(s)" in output.out


def test_a_failed_check_of_an_intact_sealed_pdf_is_a_fault(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    sha256 = store.put(b"%PDF-1.7 sealed")
    unsealed = Reference(sha256, "sealed PDF of minutes m", (lambda pdf: ["no seal"],))

    report = check_store(store, (unsealed,))

    assert [(f.kind, f.detail) for f in report.faults] == [(FaultKind.CHECK_FAILED, "no seal")]
    assert not report.intact


def test_unreferenced_damage_and_stray_files_are_faults_too(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    kept = store.put(b"kept")
    lost = store.put(b"lost")
    _flip_a_byte(store.path_for(lost))
    (tmp_path / "stray.pdf").write_bytes(b"?")
    (tmp_path / kept[:2] / f".tmp-{kept}").write_bytes(b"half written")

    report = check_store(store, (Reference(kept, "version 1 of minutes m"),))

    assert report.files_checked == 3
    assert sorted((f.kind, f.subject) for f in report.faults) == [
        (FaultKind.CORRUPTED, "stored file"),
        (FaultKind.UNEXPECTED, "file not named by a hash"),
    ]
