"""The README's screenshots, refreshed by `make readme-screenshots` from the whole-week test's
own screenshots of the live pages on the demo data (a plain test run leaves docs/ alone)."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from tests.support.live_server import PROJECT_ROOT

README_SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
#: Set by `make readme-screenshots`.
REFRESH = "CONCORD_README_SCREENSHOTS"
#: A page of flat colours needs few; 64 keeps text crisp and each file far under 300 KB.
COLOURS = 64


def keep_for_readme(taken: Path, name: str, top: int | None = None) -> Path | None:
    """``taken`` as docs/screenshots/``name``.png in a small palette, when asked for; with
    ``top``, only its first ``top`` pixels (a phone's full page is many screens long)."""
    if not os.environ.get(REFRESH):
        return None
    README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = README_SCREENSHOTS / f"{name}.png"
    with Image.open(taken) as image:
        kept = image.crop((0, 0, image.width, min(top, image.height))) if top else image
        kept.convert("RGB").quantize(COLOURS).save(target, optimize=True)
    return target
