"""Use case: the fixity of the archive (``concord archive verify``).

Every file in the content store is hashed again against its name, and every file the
database refers to must be there: each version's PDF, each sealed PDF and public version.
Sealed PDFs whose bytes are intact then go through ``SEALED_PDF_CHECKS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from core.db import in_thread
from minutes.archive.content_store import ContentStore, content_store
from minutes.archive.seal_check import check_seal
from minutes.document import sha256_hex
from minutes.tables import Minutes, MinutesVersion
from minutes.vocabulary import MinutesStatus

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
#: Told how many files and references are checked, and of how many.
Progress = Callable[[int, int], None]
#: A check of an intact sealed PDF: the problems it finds (none: the file passes).
PdfCheck = Callable[[bytes], Iterable[str]]


def _seal_problems(pdf: bytes) -> tuple[str, ...]:
    return check_seal(pdf).problems


#: Applied to every sealed PDF (and public version) whose bytes match its name: intact bytes
#: still have to carry the institution's valid seal.
SEALED_PDF_CHECKS: tuple[PdfCheck, ...] = (_seal_problems,)


class FaultKind(StrEnum):
    #: The database refers to a file the store does not hold.
    MISSING = "missing"
    #: A stored file no longer hashes to its name.
    CORRUPTED = "corrupted"
    #: A stored file whose name is no SHA-256: nothing can tell whether it is intact.
    UNEXPECTED = "unexpected"
    #: An intact sealed PDF that fails one of ``SEALED_PDF_CHECKS``.
    CHECK_FAILED = "check_failed"


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    #: The file's name in the store (its expected SHA-256).
    name: str
    #: What the file is: "sealed PDF of minutes …", or "stored file" when nothing refers to it.
    subject: str
    detail: str | None = None

    def __str__(self) -> str:
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.kind.value}: {self.name} ({self.subject}){detail}"


@dataclass(frozen=True)
class FixityReport:
    files_checked: int
    references_checked: int
    faults: tuple[Fault, ...]

    @property
    def intact(self) -> bool:
        return not self.faults


@dataclass(frozen=True)
class Reference:
    """A file the database refers to, and what it is."""

    sha256: str
    subject: str
    checks: tuple[PdfCheck, ...] = ()


async def verify_fixity(progress: Progress | None = None) -> FixityReport:
    """Hash every stored file and look up every referenced one; hashing runs off the loop."""
    references = await stored_references()
    return await in_thread(check_store, content_store(), references, progress)


async def stored_references() -> tuple[Reference, ...]:
    versions = await MinutesVersion.select(
        MinutesVersion.minutes, MinutesVersion.version, MinutesVersion.sha256
    ).order_by(MinutesVersion.minutes)
    sealed = await Minutes.select(Minutes.id, Minutes.sealed_sha256, Minutes.public_sha256).where(
        Minutes.status == MinutesStatus.SEALED
    )
    references = [
        Reference(row["sha256"], f"version {row['version']} of minutes {row['minutes']}")
        for row in versions
    ]
    for row in sealed:
        references.append(
            Reference(row["sealed_sha256"], f"sealed PDF of minutes {row['id']}", SEALED_PDF_CHECKS)
        )
        if row["public_sha256"]:
            references.append(
                Reference(
                    row["public_sha256"],
                    f"public version of minutes {row['id']}",
                    SEALED_PDF_CHECKS,
                )
            )
    return tuple(references)


def check_store(
    store: ContentStore, references: tuple[Reference, ...], progress: Progress | None = None
) -> FixityReport:
    """Hash every file under the store's root, then look up each of ``references``."""
    blobs = _stored_files(store.root)
    total = len(blobs) + len(references)
    faults: list[Fault] = []
    intact: set[str] = set()
    damaged: set[str] = set()
    for done, path in enumerate(blobs, start=1):
        if not _named_by_hash(path):
            faults.append(Fault(FaultKind.UNEXPECTED, str(path), "file not named by a hash"))
        elif _hashes_to_its_name(path):
            intact.add(path.name)
        else:
            damaged.add(path.name)
        if progress is not None:
            progress(done, total)
    referenced = {reference.sha256 for reference in references}
    faults.extend(
        Fault(FaultKind.CORRUPTED, name, "stored file") for name in sorted(damaged - referenced)
    )
    for done, reference in enumerate(references, start=len(blobs) + 1):
        faults.extend(_reference_faults(store, reference, intact, damaged))
        if progress is not None:
            progress(done, total)
    return FixityReport(len(blobs), len(references), tuple(faults))


def _stored_files(root: Path) -> list[Path]:
    # Names starting with a dot are writes in progress (ContentStore.put's temporary files).
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


def _named_by_hash(path: Path) -> bool:
    """Where ``ContentStore.path_for`` puts a blob: ``root/ab/ab…`` (64 hex digits)."""
    return bool(_SHA256_HEX.fullmatch(path.name)) and path.parent.name == path.name[:2]


def _hashes_to_its_name(path: Path) -> bool:
    try:
        return sha256_hex(path.read_bytes()) == path.name
    except OSError:
        # An unreadable file is as lost as a changed one.
        return False


def _reference_faults(
    store: ContentStore, reference: Reference, intact: set[str], damaged: set[str]
) -> list[Fault]:
    if reference.sha256 in damaged:
        return [Fault(FaultKind.CORRUPTED, reference.sha256, reference.subject)]
    if reference.sha256 not in intact:
        return [Fault(FaultKind.MISSING, reference.sha256, reference.subject)]
    if not reference.checks:
        return []
    pdf = store.get(reference.sha256)
    return [
        Fault(FaultKind.CHECK_FAILED, reference.sha256, reference.subject, problem)
        for check in reference.checks
        for problem in check(pdf)
    ]
