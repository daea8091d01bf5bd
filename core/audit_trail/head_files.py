"""Sealed heads of the audit chain, kept outside the database as small content-addressed files.

A file names a head the chain once had (seq, hash, when it was sealed). Whoever can rewrite the
database cannot make the chain shorter than its last sealed head without the verification
noticing, unless they also reach the files; back them up with the archive.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.audit_trail.chain import ChainHead

_FILE_NAME = re.compile(r"([0-9a-f]{64})\.json")
KIND = "concord.audit.head"


@dataclass(frozen=True)
class SealedHead:
    head: ChainHead
    sealed_at: datetime
    #: The SHA-256 of the file, which is also its name.
    sha256: str


class HeadFileDamaged(Exception):
    """A file of the sealed heads no longer matches its name, or is not a sealed head."""


def head_file_bytes(head: ChainHead, sealed_at: datetime) -> bytes:
    content = {"kind": KIND, "seq": head.seq, "hash": head.hash, "at": sealed_at.isoformat()}
    return json.dumps(content, sort_keys=True, separators=(",", ":")).encode()


def write_head_file(directory: Path, head: ChainHead, sealed_at: datetime) -> SealedHead:
    """Write the file once (an existing one with the same content is kept), read-only."""
    data = head_file_bytes(head, sealed_at)
    sha256 = hashlib.sha256(data).hexdigest()
    path = directory / f"{sha256}.json"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", dir=directory)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
                os.fchmod(file.fileno(), 0o444)
            # A hard link never replaces a file already there, and appears whole or not at all.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return SealedHead(head, sealed_at, sha256)


def read_head_files(directory: Path) -> tuple[SealedHead, ...]:
    """Every sealed head in ``directory``, oldest seq first; raises HeadFileDamaged naming the
    first file that is not what its name says."""
    if not directory.is_dir():
        return ()
    heads = [_read(path) for path in sorted(directory.iterdir()) if not path.name.startswith(".")]
    return tuple(sorted(heads, key=lambda sealed: sealed.head.seq))


def _read(path: Path) -> SealedHead:
    match = _FILE_NAME.fullmatch(path.name)
    if match is None:
        raise HeadFileDamaged(f"{path.name} is not the name of a sealed head")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != match[1]:
        raise HeadFileDamaged(f"sealed head {path.name} no longer matches its name")
    try:
        content = json.loads(data)
        if content["kind"] != KIND:
            raise ValueError(content["kind"])
        head = ChainHead(int(content["seq"]), str(content["hash"]))
        sealed_at = datetime.fromisoformat(content["at"])
    except (ValueError, KeyError, TypeError) as exc:
        raise HeadFileDamaged(f"{path.name} is not a sealed head: {exc}") from exc
    return SealedHead(head, sealed_at, match[1])
