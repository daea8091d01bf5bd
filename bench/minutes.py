"""Minutes benchmark: rendering, sealing and the archive export.

Run from the repository root: ``.venv/bin/python -m bench.minutes`` (``--runs``, ``--export``).
Prints two markdown sections and writes each into ``docs/performance.md`` under its heading
("## Minutes: rendering and sealing (warm)", "## Minutes: archive export (SQLite)"; only those
are replaced; ``--export 0`` measures rendering and sealing only).

- Rendering: the sample public hearing of the render tests (``sample_document``: every section
  filled in, six positions of mixed Chinese and English text), in each language: three pages of
  record and the audit page, so four pages where the target speaks of three. Warm: one renderer
  per process, as the server keeps it (its cut of the Chinese font made when it is built, not
  timed); against a bare WeasyPrint rendering of a one-paragraph page in the same run.
- Sealing: ``seal_pdf`` on the rendered file (PAdES signature, timestamp from the local
  authority, DSS, document timestamp: B-LTA), warm (the stamp font is cut once per process).
- Export: sealed minutes in a SQLite data directory, then ``concord archive export`` into an
  empty directory and once more (every bag already there is checked and kept), against
  copying the same sealed PDFs with ``shutil`` in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from uuid import uuid4

os.environ["CONCORD_DATA_DIR"] = tempfile.mkdtemp(prefix="concord-bench-minutes-")
os.environ.pop("DATABASE_URL", None)

from bench.report import machine, percentile, write_section

RENDER_HEADING = "## Minutes: rendering and sealing (warm)"
EXPORT_HEADING = "## Minutes: archive export (SQLite)"
RENDER_TARGET_S = 0.6
SEAL_TARGET_S = 0.3


def _timed(action: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        samples.append(time.perf_counter() - began)
    return samples


def _row(name: str, samples: list[float], target: float | None) -> str:
    p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
    goal = f"≤ {target:.1f} s" if target else "—"
    met = ("yes" if p95 <= target else "no") if target else "—"
    return (
        f"| {name} | {len(samples)} | {p50 * 1000:.0f} | {p95 * 1000:.0f} | "
        f"{max(samples) * 1000:.0f} | {goal} | {met} |"
    )


def render_and_seal(runs: int) -> str:
    from io import BytesIO

    from pypdf import PdfReader
    from weasyprint import HTML

    from minutes.render.renderer import MinutesRenderer
    from minutes.seal.pades import seal_pdf
    from tests.minutes.test_document import sample_document

    renderer = MinutesRenderer()
    rows = []
    pages = {}
    sealed_input = b""
    for locale in ("zh-CN", "en"):
        document = sample_document(locale)
        sealed_input = renderer.render_pdf(document)  # warm-up
        pages[locale] = len(PdfReader(BytesIO(sealed_input)).pages)
        samples = _timed(partial(renderer.render_pdf, document), runs)
        name = f"render {locale} ({pages[locale]} pages, {len(sealed_input) / 1000:.0f} KB)"
        rows.append(_row(name, samples, RENDER_TARGET_S))
    bare = HTML(string="<p lang='zh-CN'>以上笔录经核对无误 The above minutes are correct.</p>")
    bare.write_pdf()
    baseline = _timed(bare.write_pdf, runs)
    rows.append(_row("bare WeasyPrint, one paragraph (baseline)", baseline, None))

    def seal() -> object:
        return seal_pdf(sealed_input, signer_name="某市信访局", reason="bench", location=None)

    seal()  # warm-up: the development PKI and the cut stamp font
    rows.append(_row("seal_pdf (B-LTA) of the en rendering", _timed(seal, runs), SEAL_TARGET_S))
    header = (
        "| Step | Runs | p50 (ms) | p95 (ms) | max (ms) | Target p95 | Met |\n"
        "|---|---:|---:|---:|---:|---:|---|"
    )
    return header + "\n" + "\n".join(rows)


async def _seed_sealed(count: int) -> int:
    """``count`` sealed minutes: one through the services, the others sharing its session's
    data but each with a seal of its own (so every sealed PDF is a distinct file)."""
    from core.migrations import migrate
    from hearing.tables import Session
    from minutes.archive.content_store import content_store
    from minutes.seal.pades import seal_pdf
    from minutes.tables import Minutes
    from tests.support.minutes_builders import booked_session, sealed_minutes

    await migrate()
    first = await sealed_minutes(await booked_session("bench"), datetime.now(UTC))
    assert first.sealed_sha256 is not None
    session = await Session.select().where(Session.id == first.session_id).first()
    row = await Minutes.select().where(Minutes.id == first.id).first()
    assert session is not None and row is not None
    # The draft rendering: a sealed file cannot take the seal again.
    rendered = content_store().get(first.version_sha256)
    total = len(rendered)
    for _ in range(count - 1):
        pdf = await asyncio.to_thread(
            seal_pdf, rendered, signer_name="某市信访局", reason="bench", location=None
        )
        total += len(pdf)
        copy = Session(**{**session, "id": uuid4()})
        await Session.insert(copy)
        await Minutes.insert(
            Minutes(
                **{
                    **row,
                    "id": uuid4(),
                    "session": copy.id,
                    "sealed_sha256": content_store().put(pdf),
                    "document_number": None,
                }
            )
        )
    return total


async def _export(directory: Path) -> float:
    from minutes.archive.bags.export import export_bags

    began = time.perf_counter()
    report = await export_bags(directory, datetime.now(UTC))
    assert not report.failed, report.failed
    return time.perf_counter() - began


def export(count: int) -> str:
    from minutes.archive.content_store import content_store

    began = time.perf_counter()
    size = asyncio.run(_seed_sealed(count))
    seeded = time.perf_counter() - began
    target = Path(tempfile.mkdtemp(prefix="concord-bench-export-"))
    first = asyncio.run(_export(target / "bags"))
    again = asyncio.run(_export(target / "bags"))
    copies = target / "copies"
    copies.mkdir()
    began = time.perf_counter()
    for blob in content_store().root.glob("*/*"):
        shutil.copyfile(blob, copies / blob.name)
    copied = time.perf_counter() - began
    shutil.rmtree(target)
    return (
        f"{count:,} sealed minutes ({size / 1e6:.0f} MB of sealed PDFs; "
        f"seeded in {seeded:.0f} s).\n\n"
        "| Step | Total (s) | Per minutes (ms) |\n|---|---:|---:|\n"
        f"| `concord archive export` into an empty directory | {first:.1f} | "
        f"{first / count * 1000:.1f} |\n"
        f"| the same export again (every bag validated, kept) | {again:.1f} | "
        f"{again / count * 1000:.1f} |\n"
        f"| copying the PDFs with shutil (baseline) | {copied:.1f} | {copied / count * 1000:.1f} |"
    )


def main() -> None:
    # Embedding the validation data it holds while fetching nothing is what Concord means to do.
    logging.getLogger("pyhanko.sign.signers.pdf_signer").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--export", type=int, default=1000, help="sealed minutes to export (0: skip)"
    )
    args = parser.parse_args()
    intro = "Produced by `.venv/bin/python -m bench.minutes` (what is measured: its docstring)."
    rendering = f"{RENDER_HEADING}\n\n{intro}\n\n{machine()}\n\n{render_and_seal(args.runs)}\n"
    print(rendering)
    write_section(RENDER_HEADING, rendering)
    if args.export:
        exporting = f"{EXPORT_HEADING}\n\n{intro}\n\n{machine()}\n\n{export(args.export)}\n"
        print(exporting)
        write_section(EXPORT_HEADING, exporting)


if __name__ == "__main__":
    main()
