from __future__ import annotations

import hashlib
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import NotFound, RuleViolation
from minutes.archive.content_store import BlobCorrupted, ContentStore

PDF_BYTES = b"%PDF-1.7\n minutes \n%%EOF\n"
PDF_SHA256 = hashlib.sha256(PDF_BYTES).hexdigest()


def _files_under(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def _tamper(path: Path) -> None:
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[0] ^= 0x01
    path.write_bytes(bytes(data))


def test_put_returns_the_sha256_and_stores_under_its_prefix(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)

    sha256 = store.put(PDF_BYTES)

    assert sha256 == PDF_SHA256
    assert store.path_for(sha256) == tmp_path / sha256[:2] / sha256
    assert _files_under(tmp_path) == [tmp_path / sha256[:2] / sha256]
    assert store.get(sha256) == PDF_BYTES
    assert store.exists(sha256)


def test_stored_files_are_read_only(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)

    mode = store.path_for(store.put(PDF_BYTES)).stat().st_mode

    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def test_putting_the_same_bytes_again_leaves_the_file_alone(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    path = store.path_for(store.put(PDF_BYTES))
    before = path.stat()

    assert store.put(PDF_BYTES) == PDF_SHA256

    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert _files_under(tmp_path) == [path]


def test_put_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    path = store.path_for(PDF_SHA256)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"something else")

    store.put(PDF_BYTES)

    assert path.read_bytes() == b"something else"


def test_a_failed_write_leaves_neither_blob_nor_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ContentStore(tmp_path)

    def failing_fsync(descriptor: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="disk full"):
        store.put(PDF_BYTES)
    monkeypatch.undo()

    assert not store.exists(PDF_SHA256)
    assert _files_under(tmp_path) == []


def test_concurrent_puts_of_the_same_bytes_store_one_intact_file(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: store.put(PDF_BYTES), range(32)))

    assert set(results) == {PDF_SHA256}
    assert _files_under(tmp_path) == [store.path_for(PDF_SHA256)]
    assert store.get(PDF_SHA256) == PDF_BYTES


def test_get_of_a_missing_blob_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound) as raised:
        ContentStore(tmp_path).get(PDF_SHA256)
    assert raised.value.code == "blob_not_found"


def test_get_detects_a_corrupted_file(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    _tamper(store.path_for(store.put(PDF_BYTES)))

    with pytest.raises(BlobCorrupted) as raised:
        store.get(PDF_SHA256)
    assert raised.value.code == "blob_corrupted"


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "../" + "a" * 61,
        PDF_SHA256.upper(),
        PDF_SHA256[:-1],
        PDF_SHA256 + "0",
        "/" + PDF_SHA256[1:],
        PDF_SHA256[:-1] + "\n",
        "",
    ],
)
def test_names_other_than_a_sha256_are_rejected(tmp_path: Path, name: str) -> None:
    store = ContentStore(tmp_path)

    for operation in (store.get, store.exists, store.path_for):
        with pytest.raises(RuleViolation) as raised:
            operation(name)
        assert (raised.value.code, raised.value.field) == ("invalid_sha256", "sha256")


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=4096))
def test_any_bytes_round_trip(tmp_path: Path, data: bytes) -> None:
    store = ContentStore(tmp_path)

    sha256 = store.put(data)

    assert sha256 == hashlib.sha256(data).hexdigest()
    assert store.get(sha256) == data
