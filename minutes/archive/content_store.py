"""A content-addressed file store for generated PDFs, named by SHA-256.

Files are written once and never replaced: a blob's name is its hash, so a second ``put`` of
the same bytes has nothing to add, and anything else found under that name is damage that
``get`` reports instead of hiding.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from functools import cache
from pathlib import Path

from core.errors import DomainError, NotFound, RuleViolation
from core.settings import get_settings
from minutes.document import sha256_hex

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class BlobCorrupted(DomainError):
    """A stored file no longer hashes to its name."""

    code = "blob_corrupted"


class ContentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        # The name comes from callers (and through them from URLs): only a hash may become a path.
        if not _SHA256_HEX.fullmatch(sha256):
            raise RuleViolation(
                "not a lowercase hexadecimal SHA-256", code="invalid_sha256", field="sha256"
            )
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store ``data`` and return its SHA-256; an existing blob is left untouched."""
        sha256 = sha256_hex(data)
        path = self.path_for(sha256)
        if path.exists():
            return sha256
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary_name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(descriptor, "wb") as temporary:
                temporary.write(data)
                temporary.flush()
                os.fsync(temporary.fileno())
                os.fchmod(temporary.fileno(), 0o444)
            # A hard link, unlike os.replace, refuses to clobber a file that a concurrent
            # writer placed there in the meantime, and it is just as atomic.
            with contextlib.suppress(FileExistsError):
                os.link(temporary_name, path)
            _fsync_directory(path.parent)
        finally:
            os.unlink(temporary_name)
        return sha256

    def get(self, sha256: str) -> bytes:
        """The stored bytes, checked against their name."""
        path = self.path_for(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError as error:
            raise NotFound(
                f"no stored file {sha256}", code="blob_not_found", field="sha256"
            ) from error
        if sha256_hex(data) != sha256:
            raise BlobCorrupted(f"stored file {sha256} no longer matches its hash", field="sha256")
        return data


def _fsync_directory(directory: Path) -> None:
    # Makes the new directory entry itself durable, not only the file's contents.
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@cache
def content_store() -> ContentStore:
    """The archive of this installation (``CONCORD_DATA_DIR``/archive)."""
    return ContentStore(get_settings().archive_dir)
