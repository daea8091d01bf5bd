"""The hash chain on its own: an intact chain checks out, and any change, removal or forged
entry is named by the first seq it breaks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from core.audit_trail.chain import (
    GENESIS_HASH,
    ChainedEntry,
    ChainHead,
    FaultKind,
    entry_hash,
    sealed_head_fault,
    walk,
)

START = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def chained(count: int) -> list[ChainedEntry]:
    entries: list[ChainedEntry] = []
    prev_hash = GENESIS_HASH
    for seq in range(1, count + 1):
        content = {
            "seq": seq,
            "at": START + timedelta(seconds=seq, microseconds=seq),
            "actor": None if seq % 2 else "6f1c3c55-8d58-4a42-9f55-0d6c0c1a0b77",
            "action": "case.updated",
            "entity": "case",
            "entity_id": f"case-{seq % 3}",
            "before": {"title": f"旧 {seq}"} if seq % 3 == 0 else None,
            "after": {"title": f"新 {seq}", "n": seq},
            "prev_hash": prev_hash,
        }
        digest = entry_hash(**content)
        entries.append(ChainedEntry(**content, hash=digest))
        prev_hash = digest
    return entries


def test_an_untouched_chain_checks_out_to_its_head() -> None:
    entries = chained(5)

    result = walk(entries)

    assert result.fault is None
    assert result.entries == 5
    assert result.head == ChainHead(5, entries[-1].hash)


def test_the_first_entry_follows_the_genesis_hash() -> None:
    [first] = chained(1)
    forged = replace(first, prev_hash="f" * 64)
    forged = replace(forged, hash=entry_hash(**_content(forged)))

    fault = walk([forged]).fault

    assert fault is not None and (fault.seq, fault.kind) == (1, FaultKind.BROKEN_LINK)


def test_the_same_time_in_another_zone_hashes_the_same() -> None:
    [first] = chained(1)
    shanghai = first.at.astimezone(ZoneInfo("Asia/Shanghai"))

    assert walk([replace(first, at=shanghai)]).fault is None


def _content(entry: ChainedEntry) -> dict[str, object]:
    return {
        "seq": entry.seq,
        "at": entry.at,
        "actor": entry.actor,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "before": entry.before,
        "after": entry.after,
        "prev_hash": entry.prev_hash,
    }


ALTERATIONS = {
    "action": lambda e: replace(e, action="case.deleted"),
    "after": lambda e: replace(e, after={**e.after, "title": "改"}),
    "before": lambda e: replace(e, before={"title": "另"}),
    "at": lambda e: replace(e, at=e.at + timedelta(microseconds=1)),
    "actor": lambda e: replace(e, actor="someone-else"),
    "entity_id": lambda e: replace(e, entity_id="case-x"),
}


@given(
    count=st.integers(min_value=1, max_value=12),
    data=st.data(),
    field=st.sampled_from(sorted(ALTERATIONS)),
)
def test_an_altered_entry_is_named_by_its_seq(count: int, data: st.DataObject, field: str) -> None:
    entries = chained(count)
    index = data.draw(st.integers(min_value=0, max_value=count - 1))
    entries[index] = ALTERATIONS[field](entries[index])

    fault = walk(entries).fault

    assert fault is not None
    assert (fault.seq, fault.kind) == (index + 1, FaultKind.HASH_MISMATCH)


@given(count=st.integers(min_value=2, max_value=12), data=st.data())
def test_a_removed_entry_is_a_gap_at_its_seq(count: int, data: st.DataObject) -> None:
    entries = chained(count)
    index = data.draw(st.integers(min_value=0, max_value=count - 2))
    del entries[index]

    fault = walk(entries).fault

    assert fault is not None
    assert (fault.seq, fault.kind) == (index + 1, FaultKind.GAP)


@given(count=st.integers(min_value=1, max_value=12), data=st.data())
def test_an_entry_slipped_in_with_a_correct_hash_of_its_own_breaks_the_next_link(
    count: int, data: st.DataObject
) -> None:
    entries = chained(count)
    index = data.draw(st.integers(min_value=0, max_value=count - 1))
    # The forger renumbers everything after it but cannot rehash what follows it unnoticed
    # without rewriting every later entry: here they renumber only.
    forged = replace(entries[index], action="case.forged", after={"forged": True})
    forged = replace(forged, hash=entry_hash(**_content(forged)))
    later = [replace(e, seq=e.seq + 1) for e in entries[index:]]
    tampered = [*entries[:index], forged, *later]

    fault = walk(tampered).fault

    assert fault is not None
    assert fault.seq == index + 2
    assert fault.kind in (FaultKind.BROKEN_LINK, FaultKind.HASH_MISMATCH)


def test_a_sealed_head_must_still_be_in_the_chain_with_its_hash() -> None:
    head = ChainHead(7, "a" * 64)

    assert sealed_head_fault(head, "a" * 64) is None
    missing = sealed_head_fault(head, None)
    rewritten = sealed_head_fault(head, "b" * 64)

    assert missing is not None and (missing.seq, missing.kind) == (7, FaultKind.SEALED_HEAD_MISSING)
    assert rewritten is not None and rewritten.seq == 7
