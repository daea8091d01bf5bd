"""The hash chain of the audit log: how an entry is hashed and how a chain is checked.

Every entry's hash covers its content and the hash of the entry before it, so changing,
removing or slipping in an entry anywhere breaks every link after it. Checking needs nothing but
the entries themselves: no key, no database, no clock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

#: The ``prev_hash`` of the first entry: there is nothing before it.
GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class ChainedEntry:
    seq: int
    at: datetime
    actor: str | None
    action: str
    entity: str
    entity_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any]
    prev_hash: str
    hash: str


def canonical_bytes(
    *,
    seq: int,
    at: datetime,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
    prev_hash: str,
) -> bytes:
    """What an entry's hash is taken over: sorted-key JSON without insignificant whitespace,
    UTF-8, its time in UTC to the microsecond (what both engines keep)."""
    content = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
        "prev_hash": prev_hash,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(
    *,
    seq: int,
    at: datetime,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
    prev_hash: str,
) -> str:
    content = canonical_bytes(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
        prev_hash=prev_hash,
    )
    return hashlib.sha256(content).hexdigest()


def recomputed_hash(entry: ChainedEntry) -> str:
    return entry_hash(
        seq=entry.seq,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        entity=entry.entity,
        entity_id=entry.entity_id,
        before=entry.before,
        after=entry.after,
        prev_hash=entry.prev_hash,
    )


class FaultKind(StrEnum):
    #: The entry's content no longer hashes to its stored hash: it was altered.
    HASH_MISMATCH = "hash mismatch"
    #: The entry does not name the hash of the entry before it: something was slipped in or
    #: the entry before was replaced.
    BROKEN_LINK = "broken link"
    #: Sequence numbers skip: entries were removed.
    GAP = "gap in seq"
    #: A sealed head is not in the chain: entries after it were removed, or it was rewritten.
    SEALED_HEAD_MISSING = "sealed head missing"
    #: The chain records a seal whose file is gone.
    SEALED_HEAD_FILE_MISSING = "sealed head file missing"


@dataclass(frozen=True)
class ChainFault:
    seq: int
    kind: FaultKind
    detail: str

    def __str__(self) -> str:
        return f"seq {self.seq}: {self.kind.value}: {self.detail}"


@dataclass(frozen=True)
class ChainHead:
    seq: int
    hash: str


class ChainWalk:
    """Checks entries fed to it oldest first, one at a time, so a long log is never held whole;
    stops at the first fault."""

    def __init__(self) -> None:
        self.head: ChainHead | None = None
        self.fault: ChainFault | None = None
        self.entries = 0

    def feed(self, entry: ChainedEntry) -> ChainFault | None:
        if self.fault is not None:
            return self.fault
        self.fault = self._fault_of(entry)
        if self.fault is None:
            self.entries += 1
            self.head = ChainHead(entry.seq, entry.hash)
        return self.fault

    def _fault_of(self, entry: ChainedEntry) -> ChainFault | None:
        expected_seq = 1 if self.head is None else self.head.seq + 1
        expected_prev = GENESIS_HASH if self.head is None else self.head.hash
        if entry.seq != expected_seq:
            return ChainFault(
                expected_seq, FaultKind.GAP, f"expected seq {expected_seq}, found {entry.seq}"
            )
        if entry.prev_hash != expected_prev:
            return ChainFault(
                entry.seq,
                FaultKind.BROKEN_LINK,
                f"prev_hash {entry.prev_hash} is not the hash {expected_prev} of the entry before",
            )
        if recomputed_hash(entry) != entry.hash:
            return ChainFault(
                entry.seq,
                FaultKind.HASH_MISMATCH,
                f"the entry's content does not hash to its stored hash {entry.hash}",
            )
        return None


def walk(entries: Iterable[ChainedEntry]) -> ChainWalk:
    checker = ChainWalk()
    for entry in entries:
        if checker.feed(entry) is not None:
            break
    return checker


def sealed_head_fault(sealed: ChainHead, hash_in_chain: str | None) -> ChainFault | None:
    """Whether a head sealed earlier is still in the chain, as it was (``hash_in_chain``: the
    hash of the chain's entry with the sealed seq, None when there is none)."""
    if hash_in_chain is None:
        return ChainFault(
            sealed.seq,
            FaultKind.SEALED_HEAD_MISSING,
            f"a sealed head names seq {sealed.seq}, which the chain no longer holds: "
            "entries were removed",
        )
    if hash_in_chain != sealed.hash:
        return ChainFault(
            sealed.seq,
            FaultKind.SEALED_HEAD_MISSING,
            f"the sealed head's hash {sealed.hash} differs from the chain's {hash_in_chain}: "
            "the chain was rewritten",
        )
    return None
