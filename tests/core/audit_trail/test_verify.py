"""`concord audit verify` against a real database: an intact chain exits 0 with a summary;
an altered, deleted or forged entry, or a truncation after a sealed head, exits non-zero
naming the first bad seq and why."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

import cli
from core.audit import record_event
from core.audit_trail.chain import FaultKind, entry_hash
from core.audit_trail.service import seal_head, verify_chain
from core.settings import get_settings
from tests.support.audit import as_owner_without_guards, audit_rows, clear_sealed_heads

NOW = datetime.now(UTC)


@pytest.fixture(autouse=True)
def no_sealed_heads() -> Iterator[None]:
    yield from clear_sealed_heads()


async def concord(*arguments: str) -> int:
    # The command runs its own event loop, so it gets a thread of its own.
    return await asyncio.to_thread(cli.main, list(arguments))


async def five_entries() -> None:
    for n in range(1, 6):
        await record_event("test.changed", "test", str(n), {"n": n})


async def test_an_intact_chain_verifies_with_a_summary(db, capsys) -> None:
    await five_entries()

    assert await concord("audit", "verify") == 0

    out = capsys.readouterr().out
    head = (await audit_rows())[-1]
    assert "audit chain intact: 5 entries chained" in out
    assert f"head seq 5 {head['hash']}" in out


async def test_an_empty_log_is_intact(db) -> None:
    report = await verify_chain()

    assert report.intact and report.entries == 0 and report.head is None


async def test_an_altered_entry_is_named_by_its_seq(db, capsys) -> None:
    await five_entries()
    await as_owner_without_guards("UPDATE audit_events SET data = {} WHERE seq = 3", '{"n": 30}')

    assert await concord("audit", "verify") == 1

    err = capsys.readouterr().err
    assert "seq 3: hash mismatch" in err
    assert "checked before the fault: 2 entries chained" in err


async def test_a_deleted_entry_is_a_gap_at_its_seq(db, capsys) -> None:
    await five_entries()
    await as_owner_without_guards("DELETE FROM audit_events WHERE seq = 2")

    assert await concord("audit", "verify") == 1

    assert "seq 2: gap in seq: expected seq 2, found 3" in capsys.readouterr().err


async def test_a_forged_insert_is_found_whether_or_not_it_links(db) -> None:
    await five_entries()
    head = (await audit_rows())[-1]
    # Past the database's check of seq and prev_hash, but with content its hash does not cover.
    await as_owner_without_guards(
        "INSERT INTO audit_events (seq, at, action, entity, entity_id, data, prev_hash, hash) "
        "VALUES (6, {}, 'test.forged', 'test', '6', {}, {}, {})",
        NOW,
        "{}",
        head["hash"],
        "e" * 64,
    )
    linked = await verify_chain()
    assert linked.fault is not None
    assert (linked.fault.seq, linked.fault.kind) == (6, FaultKind.HASH_MISMATCH)

    # Nor does an entry that hashes its own content but does not follow the head.
    await as_owner_without_guards("DELETE FROM audit_events WHERE seq = 6")
    content = {
        "seq": 6,
        "at": NOW,
        "actor": None,
        "action": "test.forged",
        "entity": "test",
        "entity_id": "6",
        "before": None,
        "after": {},
        "prev_hash": "d" * 64,
    }
    await as_owner_without_guards(
        "INSERT INTO audit_events (seq, at, action, entity, entity_id, data, prev_hash, hash) "
        "VALUES (6, {}, 'test.forged', 'test', '6', {}, {}, {})",
        NOW,
        "{}",
        "d" * 64,
        entry_hash(**content),
    )
    unlinked = await verify_chain()
    assert unlinked.fault is not None
    assert (unlinked.fault.seq, unlinked.fault.kind) == (6, FaultKind.BROKEN_LINK)


async def test_a_truncation_after_a_sealed_head_is_detected(db, capsys) -> None:
    await five_entries()
    sealed = await seal_head(NOW)
    assert sealed is not None and sealed.head.seq == 5
    await record_event("test.after_seal", "test", "6")
    assert await concord("audit", "verify") == 0
    assert "1 sealed head(s)" in capsys.readouterr().out

    # Everything from the sealed head on removed: the chain that is left is consistent.
    await as_owner_without_guards("DELETE FROM audit_events WHERE seq >= 5")

    assert await concord("audit", "verify") == 1
    err = capsys.readouterr().err
    assert "seq 5: sealed head missing" in err


async def test_a_rewritten_chain_does_not_match_its_sealed_head(db) -> None:
    await five_entries()
    await seal_head(NOW)
    await as_owner_without_guards("UPDATE audit_events SET hash = {} WHERE seq = 5", "c" * 64)
    await as_owner_without_guards("DELETE FROM audit_events WHERE seq > 5")

    report = await verify_chain()

    assert report.fault is not None and report.fault.seq == 5


async def test_sealing_records_the_file_and_a_removed_or_altered_file_is_detected(
    db, capsys
) -> None:
    await five_entries()
    sealed = await seal_head(NOW)
    assert sealed is not None
    [entry] = await audit_rows("audit.head_sealed")
    assert entry["data"] == {"seq": 5, "hash": sealed.head.hash, "sha256": sealed.sha256}
    path = get_settings().audit_heads_dir / f"{sealed.sha256}.json"
    assert path.is_file()

    path.chmod(0o644)
    path.write_bytes(path.read_bytes().replace(b'"seq":5', b'"seq":4'))
    assert await concord("audit", "verify") == 1
    assert "no longer matches its name" in capsys.readouterr().err

    path.unlink()
    report = await verify_chain()
    assert report.fault is not None
    assert (report.fault.seq, report.fault.kind) == (6, FaultKind.SEALED_HEAD_FILE_MISSING)


async def test_the_seal_command_seals_the_head(db, capsys) -> None:
    assert await concord("audit", "seal") == 0
    assert "nothing to seal" in capsys.readouterr().out
    await five_entries()

    assert await concord("audit", "seal") == 0

    head = (await audit_rows())[4]
    assert f"sealed audit head seq 5 {head['hash']}" in capsys.readouterr().out
    assert (await verify_chain()).sealed_heads == 1
