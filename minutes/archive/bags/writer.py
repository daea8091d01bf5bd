"""Writing, checking and zipping BagIt (RFC 8493) bags on disk.

The tag files are written here rather than by ``bagit.make_bag``: that function changes the
process's working directory while it runs, and in a threaded server every relative path
(a relative ``CONCORD_DATA_DIR``: the SQLite file, the content store) would then resolve
inside the bag. The ``bagit`` library is the judge instead: every bag written here is
validated by it before anyone gets it.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import bagit

BAGIT_DECLARATION = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
MANIFEST = "manifest-sha256.txt"
TAG_MANIFEST = "tagmanifest-sha256.txt"
BAG_INFO = "bag-info.txt"
#: Zip entries carry this time, not the moment of zipping, so equal bags zip to equal bytes.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class BagPayload:
    #: File name under ``data/`` -> its bytes.
    files: Mapping[str, bytes]
    #: bag-info.txt labels and values (Payload-Oxum is added from ``files``).
    info: Mapping[str, str]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tag_lines(info: Mapping[str, str]) -> bytes:
    # A line break inside a value would start a new label: labels come from our own settings,
    # but an organisation's name is typed by an administrator.
    return "".join(f"{label}: {' '.join(value.split())}\n" for label, value in info.items()).encode(
        "utf-8"
    )


def _manifest(entries: Mapping[str, bytes]) -> bytes:
    return "".join(f"{_sha256(data)}  {name}\n" for name, data in sorted(entries.items())).encode(
        "utf-8"
    )


def bag_files(payload: BagPayload) -> dict[str, bytes]:
    """Every file of the bag by its path inside the bag, tag files included."""
    data = {f"data/{name}": content for name, content in payload.files.items()}
    oxum = f"{sum(len(content) for content in data.values())}.{len(data)}"
    tags = {
        "bagit.txt": BAGIT_DECLARATION,
        BAG_INFO: _tag_lines({**payload.info, "Payload-Oxum": oxum}),
        MANIFEST: _manifest(data),
    }
    return {**data, **tags, TAG_MANIFEST: _manifest(tags)}


def write_bag(directory: Path, payload: BagPayload) -> None:
    """Write the bag into ``directory`` (created; it must not exist yet) and validate it."""
    directory.mkdir(parents=True)
    for name, content in bag_files(payload).items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    bagit.Bag(str(directory)).validate()


def bag_problems(directory: Path) -> tuple[str, ...]:
    """What is wrong with the bag in ``directory`` by the ``bagit`` library (nothing: valid)."""
    try:
        bagit.Bag(str(directory)).validate()
    except bagit.BagValidationError as invalid:
        details = [str(detail) for detail in invalid.details]
        return tuple(details) or (str(invalid),)
    except (bagit.BagError, UnicodeError, OSError) as unreadable:
        # A damaged tag file may not even decode: the bag is no less invalid for that.
        return (f"the bag cannot be read: {unreadable}",)
    return ()


def bag_info(directory: Path) -> Mapping[str, object]:
    return dict(bagit.Bag(str(directory)).info)


def zip_bag(directory: Path) -> bytes:
    """The bag as a zip whose top folder is the bag's directory name; entries sorted, dated
    alike and with the same permissions, so the same bag always zips the same."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(f"{directory.name}/{path.relative_to(directory).as_posix()}")
            entry.date_time = _ZIP_EPOCH
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes())
    return buffer.getvalue()
