"""The key that signs Concord's links: configured, or generated once and kept on disk.

A key written in the source would let anyone who has read the source forge an invitation or
signing link, so none is: without CONCORD_SECRET_KEY the first process to start writes a
random key to ``<data_dir>/secret_key`` (mode 0600) and every worker sharing that directory
reads the same one. The file is written under a temporary name and linked into place, which
fails if another worker got there first; the loser then reads the winner's key, so two
workers can never end up signing with different keys.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

KEY_FILE_NAME = "secret_key"
#: Keys that were once published (the old development default): never accepted.
PUBLISHED_KEYS = frozenset({"concord-development-secret-do-not-use-in-production"})


def configured_or_stored_secret_key(configured: str, data_dir: Path, *, may_generate: bool) -> str:
    """The configured key, else the stored one, else (when allowed) a new stored one."""
    if configured:
        return _usable(configured, "CONCORD_SECRET_KEY")
    path = data_dir / KEY_FILE_NAME
    if path.exists():
        return _usable(path.read_text(encoding="ascii").strip(), str(path))
    if not may_generate:
        raise RuntimeError(
            f"set CONCORD_SECRET_KEY or provide {path} in production: it signs the links "
            "that work without a login"
        )
    return _stored_new_key(path)


def _usable(key: str, source: str) -> str:
    if not key:
        raise RuntimeError(f"the secret key in {source} is empty")
    if key in PUBLISHED_KEYS:
        raise RuntimeError(f"the secret key in {source} is published in Concord's history")
    return key


def _stored_new_key(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{KEY_FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_urlsafe(48) + "\n")
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)
    return _usable(path.read_text(encoding="ascii").strip(), str(path))
